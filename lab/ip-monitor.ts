// Timestamps kernel events in one network namespace without polling: `ip -ts monitor ...` stamps each
// netlink message when `ip` receives it, not when this (possibly busy) test process reads the pipe, so
// a measured interval is not inflated by the reader. Times are wall-clock milliseconds (`Date.now()`
// scale), comparable across namespaces and with the test's own clock.
import { spawn, type ChildProcess } from 'node:child_process';

/** Wall-clock milliseconds of `[2026-11-26T12:01:27.502581]` (printed in UTC: the child runs with TZ=UTC). */
export function parseIpTimestamp(stamp: string): number {
  const m = /^\[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?\]$/.exec(stamp);
  if (m === null) return NaN;
  const whole = Date.parse(`${m[1] as string}Z`);
  const fraction = m[2] === undefined ? 0 : Number(`0.${m[2]}`) * 1000;
  return whole + fraction;
}

export interface IpMonitorEvent {
  readonly atMs: number;
  /** The event's words after the timestamp (`Deleted 10.244.2.0/26 nhid 12 proto bgp ...`). */
  readonly words: readonly string[];
}

export class IpMonitor {
  private readonly child: ChildProcess;
  private buffer = '';
  private readonly events: IpMonitorEvent[] = [];
  private readonly waiting = new Set<(event: IpMonitorEvent) => void>();

  /** `objects`: what `ip monitor` watches (`route`, `link`, `neigh`, ...). */
  constructor(
    readonly ns: string,
    objects: readonly string[],
  ) {
    this.child = spawn('ip', ['-ts', '-n', ns, 'monitor', ...objects], {
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

  /** The first event (seen already or still to come) that `match` accepts; rejects after `timeoutMs`. */
  first(what: string, match: (event: IpMonitorEvent) => boolean, timeoutMs: number): Promise<IpMonitorEvent> {
    const seen = this.events.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const listener = (event: IpMonitorEvent): void => {
        if (!match(event)) return;
        clearTimeout(timer);
        this.waiting.delete(listener);
        resolve(event);
      };
      const timer = setTimeout(() => {
        this.waiting.delete(listener);
        reject(new Error(`${this.ns}: no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.add(listener);
    });
  }

  stop(): void {
    this.child.kill();
  }

  private line(line: string): void {
    const [stamp, ...words] = line.trim().split(/\s+/);
    const atMs = parseIpTimestamp(stamp ?? '');
    if (Number.isNaN(atMs)) return;
    const event = { atMs, words };
    this.events.push(event);
    for (const listener of [...this.waiting]) listener(event);
  }
}
