// Test namespaces (twt-cni-<pid>-<n>) and commands inside them. Whoever creates one deletes it in
// after()/finally, also on failure; deleting a namespace also deletes the veths in it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

let counter = 0;

export function createNetns(): string {
  const name = `twt-cni-${process.pid}-${++counter}`;
  execFileSync('ip', ['netns', 'add', name]);
  execFileSync('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
  return name;
}

export function netnsPath(name: string): string {
  return `/run/netns/${name}`;
}

export function deleteNetns(name: string): void {
  if (existsSync(netnsPath(name))) execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
}

/** `ip -n NS ARGS...`; returns stdout. */
export function ipIn(ns: string, ...args: string[]): string {
  return execFileSync('ip', ['-n', ns, ...args], { encoding: 'utf8' });
}

/** `ip -j -n NS ARGS...`, parsed. */
export function ipJson<T = Record<string, unknown>[]>(ns: string, ...args: string[]): T {
  const out = execFileSync('ip', ['-j', '-n', ns, ...args], { encoding: 'utf8' });
  return JSON.parse(out.trim() === '' ? '[]' : out) as T;
}

/** Runs a command inside the namespace; returns stdout. */
export function execIn(ns: string, argv: readonly string[], input?: string): string {
  return execFileSync('ip', ['netns', 'exec', ns, ...argv], {
    encoding: 'utf8',
    ...(input !== undefined ? { input } : {}),
  });
}

/**
 * A stand-in for a node: its own namespace with forwarding on (twill-node's job on a real node) and an
 * uplink (a veth pair inside it, MTU `uplinkMtu`) carrying the default route, so MTU detection and
 * proxy ARP (which answers for addresses routed out another interface) behave as on a real host.
 */
export function createNodeNetns(uplinkMtu: number): string {
  const ns = createNetns();
  ipIn(ns, 'link', 'add', 'uplink0', 'mtu', String(uplinkMtu), 'type', 'veth', 'peer', 'name', 'uplink0p');
  ipIn(ns, 'link', 'set', 'uplink0', 'up');
  ipIn(ns, 'link', 'set', 'uplink0p', 'up');
  ipIn(ns, 'addr', 'add', '198.18.0.1/24', 'dev', 'uplink0');
  ipIn(ns, 'route', 'add', 'default', 'via', '198.18.0.2', 'dev', 'uplink0');
  execIn(ns, ['sysctl', '-qw', 'net.ipv4.ip_forward=1', 'net.ipv6.conf.all.forwarding=1']);
  return ns;
}
