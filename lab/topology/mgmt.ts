// containerlab's management network: `mgmt: { network, ipv4-subnet }` at the top, `mgmt-ipv4` per node.
// containerlab gives every container eth0 on a bridge in that subnet, the bridge itself the first host
// address, and nodes without `mgmt-ipv4` the next free ones; the lab does the same with a bridge in a
// namespace of its own, so the control plane (etcd, typha) is reached over it and never over the fabric.
import type { MgmtNetwork } from './types.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Problems {
  add(where: string, what: string): void;
}

export function ipv4ToInt(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

export function intToIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** `a.b.c.d/len` → network base and length, or undefined. */
export function parseIpv4Subnet(s: string): { base: number; length: number } | undefined {
  const [addr, len] = s.split('/');
  const base = addr === undefined ? undefined : ipv4ToInt(addr);
  const length = Number(len);
  if (base === undefined || !Number.isInteger(length) || length < 8 || length > 30) return undefined;
  const size = 2 ** (32 - length);
  return { base: base - (base % size), length };
}

export function parseMgmt(raw: unknown, p: Problems): MgmtNetwork | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isObj(raw)) {
    p.add('mgmt', 'must be a mapping (network, ipv4-subnet)');
    return undefined;
  }
  const subnet = raw['ipv4-subnet'];
  if (subnet === undefined) return undefined; // containerlab-only (e.g. just a network name): not built
  if (typeof subnet !== 'string' || !parseIpv4Subnet(subnet)) {
    p.add('mgmt.ipv4-subnet', `${JSON.stringify(subnet)} is not an IPv4 subnet a.b.c.d/8..30`);
    return undefined;
  }
  const network = typeof raw['network'] === 'string' ? raw['network'] : 'clab';
  return { network, ipv4Subnet: subnet };
}

/**
 * Gives every node its management address: its own `mgmt-ipv4` (checked to be inside the subnet, not
 * the bridge's, not taken twice) or the next free host address, in the file's node order.
 */
export function assignMgmtAddresses(
  mgmt: MgmtNetwork,
  nodes: readonly { name: string; requested?: unknown }[],
  p: Problems,
): Map<string, string> {
  const { base, length } = parseIpv4Subnet(mgmt.ipv4Subnet) as { base: number; length: number };
  const last = base + 2 ** (32 - length) - 2;
  const bridge = base + 1;
  const taken = new Set<number>([bridge]);
  const out = new Map<string, string>();
  for (const n of nodes) {
    if (n.requested === undefined || n.requested === null) continue;
    const at = `topology.nodes.${n.name}.mgmt-ipv4`;
    const a = typeof n.requested === 'string' ? ipv4ToInt(n.requested) : undefined;
    if (a === undefined) p.add(at, `${JSON.stringify(n.requested)} is not an IPv4 address`);
    else if (a <= bridge || a > last)
      p.add(
        at,
        `${n.requested} is not a host address of ${mgmt.ipv4Subnet} after the bridge's ${intToIpv4(bridge)}`,
      );
    else if (taken.has(a)) p.add(at, `${n.requested} is used twice`);
    else {
      taken.add(a);
      out.set(n.name, `${intToIpv4(a)}/${length}`);
    }
  }
  let next = bridge + 1;
  for (const n of nodes) {
    if (out.has(n.name) || (n.requested !== undefined && n.requested !== null)) continue;
    while (taken.has(next)) next++;
    if (next > last) {
      p.add('mgmt.ipv4-subnet', `${mgmt.ipv4Subnet} has no free address left for node ${n.name}`);
      break;
    }
    taken.add(next);
    out.set(n.name, `${intToIpv4(next)}/${length}`);
  }
  return out;
}

/** The bridge's own address (containerlab's gateway), with the subnet's length. */
export function mgmtBridgeAddress(mgmt: MgmtNetwork): string {
  const { base, length } = parseIpv4Subnet(mgmt.ipv4Subnet) as { base: number; length: number };
  return `${intToIpv4(base + 1)}/${length}`;
}
