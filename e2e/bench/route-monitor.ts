// Timestamps route arrivals in one network namespace without polling: `ip -ts monitor route`, whose
// timestamp is taken by `ip` when the kernel's RTM_NEWROUTE reaches it (not when this busy process gets
// round to reading the pipe), so a stage measured between two namespaces is not inflated by the bench.
import { spawn, type ChildProcess } from 'node:child_process';

/** Route types `ip` prints before the destination (`blackhole 10.250.0.3 proto 84`). */
const TYPE_WORDS = new Set([
  'blackhole',
  'unreachable',
  'prohibit',
  'local',
  'broadcast',
  'multicast',
  'unicast',
]);

/** Wall-clock milliseconds of `[2026-11-26T12:01:27.502581]` (printed in UTC: the child runs with TZ=UTC). */
export function parseIpTimestamp(stamp: string): number {
  const m = /^\[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?\]$/.exec(stamp);
  if (m === null) return NaN;
  const whole = Date.parse(`${m[1] as string}Z`);
  const fraction = m[2] === undefined ? 0 : Number(`0.${m[2]}`) * 1000;
  return whole + fraction;
}

/** The destination (address without `/32` for host routes, as `ip` prints it) of one monitor line. */
export function routeDestination(words: readonly string[]): string | undefined {
  const first = words[0];
  if (first === undefined || first === 'Deleted') return undefined;
  return TYPE_WORDS.has(first) ? words[1] : first;
}

export class RouteMonitor {
  private readonly child: ChildProcess;
  private buffer = '';
  private readonly waiting = new Map<string, (t: number) => void>();
  private readonly seen = new Map<string, number>();

  constructor(readonly ns: string) {
    this.child = spawn('ip', ['-ts', '-n', ns, 'monitor', 'route'], {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, TZ: 'UTC' },
    });
    this.child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      this.buffer += d;
      const lines = this.buffer.split('\n');
      this.buffer = lines.pop() ?? '';
      for (const line of lines) this.line(line);
    });
  }

  /** Wall-clock ms when a route to `dst` first appeared here (rejects after `timeoutMs`). */
  arrival(dst: string, timeoutMs: number): Promise<number> {
    const seen = this.seen.get(dst);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no route to ${dst} in ${this.ns} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiting.set(dst, (t) => {
        clearTimeout(timer);
        resolve(t);
      });
    });
  }

  stop(): void {
    this.child.kill();
  }

  private line(line: string): void {
    const [stamp, ...words] = line.trim().split(/\s+/);
    const dst = routeDestination(words);
    const at = parseIpTimestamp(stamp ?? '');
    if (dst === undefined || Number.isNaN(at) || this.seen.has(dst)) return;
    this.seen.set(dst, at);
    this.waiting.get(dst)?.(at);
    this.waiting.delete(dst);
  }
}
