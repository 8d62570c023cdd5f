// ADD and DEL latency of twill-cni against a real etcd, and of the reference ptp + host-local plugins
// measured the same way in the same run (exec'd as a runtime does, inside one node namespace, pods
// created outside the timed part), with the ratio. Needs root. Also run by bench-ipam.ts (`bench:ipam`).
//   sudo node dist/daemon/cni/bench/add-del.js [--iterations 30]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { runPlugin, REFERENCE_PLUGINS, TWILL_CNI } from '../testing/run-plugin.js';
import { CniTestBed, type Attachment } from '../testing/test-bed.js';

const print = (line: string): void => void process.stdout.write(`${line}\n`);

interface Sample {
  add: number[];
  del: number[];
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function timed(what: string, call: () => ReturnType<typeof runPlugin>): Promise<number> {
  const start = process.hrtime.bigint();
  const run = await call();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.exitCode !== 0) throw new Error(`${what} failed: ${run.stdout}${run.stderr}`);
  return ms;
}

export async function runCniLatencyBench(
  iterations = 30,
  say: (line: string) => void = print,
): Promise<void> {
  const bed = await CniTestBed.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'twt-cni-bench-'));
  const twill: Sample = { add: [], del: [] };
  const reference: Sample = { add: [], del: [] };
  const ptpConfig = {
    cniVersion: '1.0.0',
    name: 'ptp-bench',
    type: 'ptp',
    mtu: 1400,
    ipam: { type: 'host-local', subnet: '10.66.0.0/16', dataDir, routes: [{ dst: '0.0.0.0/0' }] },
  };
  const call = (plugin: string, command: string, pod: Attachment, config: unknown) =>
    runPlugin({
      plugin,
      command,
      config,
      nodeNetns: bed.nodeNetns,
      containerID: pod.containerID,
      ifName: pod.ifName,
      netns: pod.netns,
    });
  try {
    // One warm-up each (first block claim, page cache), not counted.
    for (let i = -1; i < iterations; i++) {
      const podT = bed.pod(`bench-t-${i + 1}`);
      const podR = bed.pod(`bench-r-${i + 1}`);
      const tAdd = await timed('twill-cni ADD', () => call(TWILL_CNI, 'ADD', podT, bed.config()));
      const rAdd = await timed('ptp ADD', () => call(join(REFERENCE_PLUGINS, 'ptp'), 'ADD', podR, ptpConfig));
      const tDel = await timed('twill-cni DEL', () => call(TWILL_CNI, 'DEL', podT, bed.config()));
      const rDel = await timed('ptp DEL', () => call(join(REFERENCE_PLUGINS, 'ptp'), 'DEL', podR, ptpConfig));
      if (i < 0) continue;
      twill.add.push(tAdd);
      twill.del.push(tDel);
      reference.add.push(rAdd);
      reference.del.push(rDel);
    }
  } finally {
    await bed.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const row = (name: string, s: Sample) =>
    `${name.padEnd(22)} ADD p50 ${percentile(s.add, 50).toFixed(1).padStart(8)} ms  p99 ${percentile(s.add, 99).toFixed(1).padStart(8)} ms   DEL p50 ${percentile(s.del, 50).toFixed(1).padStart(8)} ms  p99 ${percentile(s.del, 99).toFixed(1).padStart(8)} ms`;
  const ratio = (a: number[], b: number[], p: number) => (percentile(a, p) / percentile(b, p)).toFixed(2);
  say(`CNI ADD/DEL latency, ${iterations} pods each, exec'd as a runtime does (etcd for twill-cni)`);
  say(row('twill-cni (etcd)', twill));
  say(row('ptp + host-local', reference));
  say(
    `ratio twill/reference    ADD p50 ${ratio(twill.add, reference.add, 50)}x  p99 ${ratio(twill.add, reference.add, 99)}x   DEL p50 ${ratio(twill.del, reference.del, 50)}x  p99 ${ratio(twill.del, reference.del, 99)}x  (target <= 1.0x)`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const flag = process.argv.indexOf('--iterations');
  await runCniLatencyBench(flag === -1 ? 30 : Number(process.argv[flag + 1]));
}
