// Network namespaces and veth links through iproute2. Creation goes through `ip -batch` so a
// whole fabric is one process start; deletion first ends every process left in a namespace
// (`ip netns pids`), because a namespace that still has a process in it is not freed and its
// veth ends would stay behind.
import { existsSync, readdirSync } from 'node:fs';
import { inNetns, run } from './exec.js';
import type { TopologyLink } from './topology/types.js';

const NETNS_DIR = '/run/netns';

export function listNetns(): string[] {
  return existsSync(NETNS_DIR) ? readdirSync(NETNS_DIR).sort() : [];
}

export async function createNamespaces(names: readonly string[]): Promise<void> {
  await run(['ip', '-batch', '-'], { input: names.map((ns) => `netns add ${ns}\n`).join('') });
  // Every node forwards, as a router or a host with several links would expect; IPv6 too.
  await Promise.all(
    names.map((ns) =>
      run(
        inNetns(ns, [
          'sysctl',
          '-qw',
          'net.ipv4.ip_forward=1',
          'net.ipv6.conf.all.forwarding=1',
          'net.ipv4.conf.all.rp_filter=0',
          'net.ipv4.conf.default.rp_filter=0',
        ]),
      ),
    ),
  );
}

/** One veth pair per link, created straight into both namespaces with containerlab's names. */
export async function createLinks(
  links: readonly TopologyLink[],
  nsOf: (node: string) => string,
): Promise<void> {
  if (links.length > 0) {
    const batch = links.map(
      ({ a, b }) =>
        `link add ${a.iface} netns ${nsOf(a.node)} type veth peer name ${b.iface} netns ${nsOf(b.node)}\n`,
    );
    await run(['ip', '-batch', '-'], { input: batch.join('') });
  }
}

/** Sets lo and the given interfaces up, one `ip -batch` per namespace (batch mode has no -n). */
export async function setLinksUp(ifacesByNs: ReadonlyMap<string, readonly string[]>): Promise<void> {
  await Promise.all(
    [...ifacesByNs].map(([ns, ifaces]) =>
      run(['ip', '-n', ns, '-batch', '-'], {
        input: ['lo', ...ifaces].map((i) => `link set ${i} up\n`).join(''),
      }),
    ),
  );
}

export async function netnsPids(ns: string): Promise<number[]> {
  const r = await run(['ip', 'netns', 'pids', ns], { allowFailure: true });
  return r.stdout
    .split(/\s+/)
    .filter(Boolean)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SIGTERM, then SIGKILL after `graceMs` for those still running. */
export async function killAll(pids: readonly number[], graceMs = 2000): Promise<void> {
  const signal = (sig: NodeJS.Signals) => {
    for (const pid of pids) {
      try {
        process.kill(pid, sig);
      } catch {
        // already gone
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (pids.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (pids.some(isAlive)) signal('SIGKILL');
  while (pids.some(isAlive) && Date.now() < deadline + 2000) await new Promise((r) => setTimeout(r, 20));
}

/** Ends every process in each namespace, then deletes it (which deletes its veth ends). */
export async function destroyNamespaces(names: readonly string[]): Promise<void> {
  const present = new Set(listNetns());
  const mine = names.filter((n) => present.has(n));
  const pids = (await Promise.all(mine.map(netnsPids))).flat();
  await killAll(pids);
  for (const ns of mine) await run(['ip', 'netns', 'del', ns], { allowFailure: true });
}
