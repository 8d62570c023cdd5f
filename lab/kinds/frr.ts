// FRR 8 in a namespace: zebra, bgpd and staticd in the foreground with their sockets in the
// node's folder (no watchfrr, no /etc/frr), then the node's frr.conf loaded through vtysh —
// the same integrated-config path FRR's own container image takes at boot.
import { chownSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { LabError } from '../errors.js';
import { nodeRun, startDaemon, type NodeContext } from './context.js';
import type { NodeKindRuntime } from './kind.js';

const FRR_BIN = '/usr/lib/frr';
const DAEMONS = ['zebra', 'bgpd', 'staticd'] as const;

/**
 * bfdd runs only for a node whose config uses BFD (a `bfd` block or `neighbor ... bfd`), so other labs
 * pay nothing for it; its control socket goes in the node's folder so parallel labs do not share one.
 */
function daemonsFor(ctx: NodeContext): readonly string[] {
  const config = typeof ctx.node.config === 'string' ? readFileSync(ctx.node.config, 'utf8') : '';
  return /^\s*(bfd\b|neighbor\s+\S+\s+bfd\b)/m.test(config) ? [...DAEMONS, 'bfdd'] : DAEMONS;
}

export function vtyshArgv(ctx: Pick<NodeContext, 'dir'>, commands: readonly string[]): string[] {
  return ['vtysh', '--vty_socket', ctx.dir, ...commands.flatMap((c) => ['-c', c])];
}

function frrIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'frr'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

export const frrKind: NodeKindRuntime = {
  start: async (ctx) => {
    // The daemons drop to the frr user: it must own the folder for its sockets, pid files and log.
    const { uid, gid } = frrIds();
    chownSync(ctx.dir, uid, gid);
    for (const d of daemonsFor(ctx)) {
      const conf = path.join(ctx.dir, `${d}.conf`);
      writeFileSync(conf, '');
      chownSync(conf, uid, gid);
    }
    const common = (d: string) => [
      '-f',
      path.join(ctx.dir, `${d}.conf`),
      '-i',
      path.join(ctx.dir, `${d}.pid`),
      '-z',
      path.join(ctx.dir, 'zserv.api'),
      '--vty_socket',
      ctx.dir,
      '-P',
      '0',
      '--log',
      `file:${path.join(ctx.dir, 'frr.log')}`,
    ];
    startDaemon(ctx, 'zebra', [path.join(FRR_BIN, 'zebra'), ...common('zebra')]);
    // bgpd and staticd connect to zebra's socket; they retry on their own if zebra is not there yet.
    startDaemon(ctx, 'bgpd', [path.join(FRR_BIN, 'bgpd'), ...common('bgpd')]);
    startDaemon(ctx, 'staticd', [path.join(FRR_BIN, 'staticd'), ...common('staticd')]);
    if (daemonsFor(ctx).includes('bfdd'))
      startDaemon(ctx, 'bfdd', [
        path.join(FRR_BIN, 'bfdd'),
        ...common('bfdd'),
        '--bfdctl',
        path.join(ctx.dir, 'bfdd.sock'),
      ]);
  },
  ready: async (ctx) => {
    const r = await nodeRun(ctx, vtyshArgv(ctx, ['show daemons']), { allowFailure: true, timeoutMs: 5000 });
    return r.code === 0 && daemonsFor(ctx).every((d) => r.stdout.includes(d));
  },
  configure: async (ctx) => {
    const r = await nodeRun(ctx, ['vtysh', '--vty_socket', ctx.dir, '-f', ctx.node.config as string], {
      allowFailure: true,
    });
    // vtysh reports a bad line as "line N: % ..." and may still exit 0: treat either as failure.
    const bad = (r.stdout + r.stderr)
      .split('\n')
      .filter((l) => /^line \d+:|% (Unknown|Invalid|Ambiguous)/.test(l));
    if (r.code !== 0 || bad.length > 0) {
      throw new LabError(
        'LAB_NODE_FAILED',
        `${ctx.node.name}: FRR rejected ${ctx.node.config}: ${bad.join('; ') || r.stderr.trim()}`,
        { node: ctx.node.name },
      );
    }
  },
};
