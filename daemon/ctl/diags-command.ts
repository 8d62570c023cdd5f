/**
 * twillctl diags [--out DIR|FILE.tar.gz] [--socket S] [--node-config FILE] [--bgpd-config FILE]
 *                [--log-file PATH] [--journal-unit UNIT] [--netns NAME] [datastore flags]
 *
 * A support bundle: every collector of diags/collectors.ts writes one file; `index.json` lists each
 * with whether it worked and, if not, why. A failing collector never aborts the bundle. `--out` ending
 * in .tar.gz (default `twill-diags-<time>.tar.gz` in the current directory) packs the files with tar;
 * any other `--out` is a directory the files are written into.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { flagRecord, parseArgv } from './argv.js';
import { CtlError } from './control-client.js';
import { DIAGS_FLAGS } from './ctl-flags.js';
import { command, runCollector, type IndexEntry } from './diags/collector.js';
import { collectors } from './diags/collectors.js';

const FLAGS = DIAGS_FLAGS.map((spec) => spec.names[0] as string);

export interface DiagsIndex {
  readonly createdAt: string;
  readonly host: string;
  readonly socket: string;
  readonly collectors: readonly IndexEntry[];
}

export async function diagsCommand(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  const args = parseArgv(argv, DIAGS_FLAGS, 'diags');
  const flags = flagRecord(args);
  if (args.positional.length > 0)
    throw new CtlError(
      'USAGE',
      `usage: twillctl diags [--out DIR|FILE.tar.gz] [--${FLAGS.join(' ..] [--')} ..]`,
    );
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = flags.out ?? `twill-diags-${stamp}.tar.gz`;
  const tarball = out.endsWith('.tar.gz') || out.endsWith('.tgz');
  const dir = tarball ? await mkdtemp(path.join(os.tmpdir(), 'twill-diags-')) : out;
  await mkdir(dir, { recursive: true });
  const socket = flags.socket ?? env.TWILL_CONTROL_SOCKET ?? env.TWILL_BGPD_SOCKET ?? '/run/twill/node.sock';
  const list = collectors({
    socket,
    ...(flags['node-config'] === undefined ? {} : { nodeConfig: flags['node-config'] }),
    ...(flags['bgpd-config'] === undefined ? {} : { bgpdConfig: flags['bgpd-config'] }),
    ...(flags['log-file'] === undefined ? {} : { logFile: flags['log-file'] }),
    journalUnit: flags['journal-unit'] ?? 'twill-node',
    ...(flags.netns === undefined ? {} : { netns: flags.netns }),
    datastoreFlags: flags,
    env,
  });
  // One at a time: a support bundle is taken on a node in trouble; do not add load.
  const entries: IndexEntry[] = [];
  for (const c of list) {
    const { entry, content } = await runCollector(c);
    entries.push(entry);
    if (content !== undefined) await writeFile(path.join(dir, c.file), content);
  }
  const index: DiagsIndex = {
    createdAt: new Date().toISOString(),
    host: os.hostname(),
    socket,
    collectors: entries,
  };
  await writeFile(path.join(dir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  if (tarball) {
    try {
      await command(['tar', '-czf', path.resolve(out), '-C', dir, '.']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const failed = entries.filter((e) => !e.ok);
  return [
    `support bundle: ${out} (${entries.length - failed.length}/${entries.length} collectors ok)`,
    ...failed.map((e) => `  not collected: ${e.file}: ${e.error ?? ''}`),
    '',
  ].join('\n');
}
