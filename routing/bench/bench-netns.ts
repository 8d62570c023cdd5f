// Namespaces for the route benchmark (twb-route-<pid>-<n>): a veth with 10.0.0.1/24 so a gateway
// 10.0.0.2 resolves, and iproute2 inside them. Deleted in finally and on Ctrl-C by the caller.
import { execFileSync } from 'node:child_process';

let counter = 0;
const live = new Set<string>();

export function createBenchNetns(): string {
  const name = `twb-route-${process.pid}-${++counter}`;
  execFileSync('ip', ['netns', 'add', name]);
  live.add(name);
  ipBatch(name, [
    'link set lo up',
    'link add veth0 type veth peer name veth1',
    'addr add 10.0.0.1/24 dev veth0',
    'link set veth0 up',
    'link set veth1 up',
  ]);
  return name;
}

export function deleteBenchNetns(name: string): void {
  live.delete(name);
  execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
}

export function deleteAllBenchNetns(): void {
  for (const name of [...live]) deleteBenchNetns(name);
}

/** `ip -n NS -batch -`: the lines on stdin, one process, as a shell script would do it. */
export function ipBatch(ns: string, lines: readonly string[]): void {
  execFileSync('ip', ['-n', ns, '-batch', '-'], {
    input: lines.join('\n') + '\n',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['pipe', 'ignore', 'inherit'],
  });
}

/** How many routes table `table` of `ns` holds (counted from `ip route show`, one per line). */
export function countRoutes(ns: string, table: number): number {
  const out = execFileSync('ip', ['-n', ns, 'route', 'show', 'table', String(table)], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  return out === '' ? 0 : out.split('\n').filter((l) => l !== '').length;
}
