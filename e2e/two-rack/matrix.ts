// Reachability matrix: every pod pings every other pod, over IPv4 and over IPv6 (ICMP echo, RFC 792 /
// RFC 4443), a few at a time so two loaded cores are not flooded.
import { run } from '../../lab/exec.js';
import type { Pod } from './pods.js';

export interface ProbeResult {
  readonly from: string;
  readonly to: string;
  readonly family: 4 | 6;
  readonly ok: boolean;
}

export async function ping(
  from: Pod,
  to: string,
  opts: { count?: number; waitSec?: number } = {},
): Promise<boolean> {
  const argv = ['ip', 'netns', 'exec', from.ns, 'ping', '-n', '-q', '-c', String(opts.count ?? 1)];
  argv.push('-W', String(opts.waitSec ?? 2), to);
  const r = await run(argv, { allowFailure: true, timeoutMs: 15_000 });
  return r.code === 0;
}

export async function reachability(pods: readonly Pod[], parallel = 4): Promise<ProbeResult[]> {
  const jobs: (() => Promise<ProbeResult>)[] = [];
  for (const from of pods)
    for (const to of pods) {
      if (from === to) continue;
      for (const family of [4, 6] as const)
        jobs.push(async () => ({
          from: from.name,
          to: to.name,
          family,
          ok: await ping(from, family === 4 ? to.ipv4 : to.ipv6),
        }));
    }
  const results: ProbeResult[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++] as () => Promise<ProbeResult>;
        results.push(await job());
      }
    }),
  );
  return results;
}

/** The matrix as text: rows = from, columns = to, each cell "v4v6" as ✓/✗. */
export function renderMatrix(pods: readonly Pod[], results: readonly ProbeResult[]): string {
  const cell = (from: string, to: string): string => {
    if (from === to) return '  ·  ';
    const r = (f: 4 | 6) => results.find((x) => x.from === from && x.to === to && x.family === f);
    const mark = (f: 4 | 6) => (r(f) === undefined ? '?' : r(f)?.ok ? '✓' : '✗');
    return ` ${mark(4)} ${mark(6)} `;
  };
  const w = Math.max(...pods.map((p) => p.name.length));
  const head = ' '.repeat(w + 2) + pods.map((p) => p.name.padStart(5).slice(-5)).join(' ');
  const rows = pods.map((f) => `${f.name.padEnd(w)}  ${pods.map((t) => cell(f.name, t.name)).join(' ')}`);
  const ok = results.filter((r) => r.ok).length;
  return [`pod-to-pod reachability (each cell: IPv4 IPv6; ${ok}/${results.length} ok)`, head, ...rows].join(
    '\n',
  );
}
