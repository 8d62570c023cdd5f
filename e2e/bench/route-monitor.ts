// Timestamps route arrivals in one network namespace without polling: `ip -ts monitor route`, whose
// timestamp is taken by `ip` when the kernel's RTM_NEWROUTE reaches it (not when this busy process gets
// round to reading the pipe), so a stage measured between two namespaces is not inflated by the bench.
import { IpMonitor } from '../../lab/ip-monitor.js';

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

/** The destination (address without `/32` for host routes, as `ip` prints it) of one monitor line. */
export function routeDestination(words: readonly string[]): string | undefined {
  const first = words[0];
  if (first === undefined || first === 'Deleted') return undefined;
  return TYPE_WORDS.has(first) ? words[1] : first;
}

export class RouteMonitor {
  private readonly monitor: IpMonitor;

  constructor(readonly ns: string) {
    this.monitor = new IpMonitor(ns, ['route']);
  }

  /** Wall-clock ms when a route to `dst` first appeared here (rejects after `timeoutMs`). */
  async arrival(dst: string, timeoutMs: number): Promise<number> {
    const event = await this.monitor.first(
      `route to ${dst}`,
      (e) => routeDestination(e.words) === dst,
      timeoutMs,
    );
    return event.atMs;
  }

  stop(): void {
    this.monitor.stop();
  }
}
