/**
 * The YAML of the transport options of a peer (tcpMd5Key, multihopTtl, ttlSecurityHops, interface,
 * extendedNextHop, and `fe80::1%eth1` addresses) and of dynamic peer ranges:
 *
 * ```yaml
 * peers:
 *   - { address: 10.0.0.1, asn: 65000, tcpMd5Key: s3cret, ttlSecurityHops: 1 }
 *   - { address: 'fe80::2%eth1', asn: 65000 }          # or address: fe80::2 with interface: eth1
 * dynamicPeers:
 *   - prefix: 10.0.9.0/24
 *     asnRange: { min: 65300, max: 65399 }             # or asn: 65300 for one AS
 *     maxPeers: 100
 *     template: { holdTimeSec: 9, families: [ipv4-unicast], tcpMd5Key: s3cret }
 * ```
 */
import type { DynamicPeerRange, PeerConfig, PeerTemplate } from '../../bgp/speaker/index.js';
import type { Fields } from './fields.js';

export const PEER_SECURITY_KEYS = [
  'tcpMd5Key',
  'multihopTtl',
  'ttlSecurityHops',
  'interface',
  'extendedNextHop',
] as const;
const MAX_ASN = 0xffff_ffff;
const MD5_MAX_KEY_OCTETS = 80;
const IFNAME_MAX = 15;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The address field, which may carry a scope: `fe80::1%eth1`. Returns the scope, or undefined. */
export function splitAddressScope(value: unknown): { address: unknown; scope: string | undefined } {
  if (typeof value !== 'string' || !value.includes('%')) return { address: value, scope: undefined };
  const at = value.indexOf('%');
  return { address: value.slice(0, at), scope: value.slice(at + 1) };
}

/** Reads the transport keys of a peer (or template) mapping into `out`. */
export function readPeerSecurity(
  f: Fields,
  o: Record<string, unknown>,
  path: string,
  out: Mutable<Partial<PeerConfig>>,
): void {
  const key = f.optional(o.tcpMd5Key, (v) => f.string(v, `${path}.tcpMd5Key`));
  if (key !== undefined && Buffer.byteLength(key) > MD5_MAX_KEY_OCTETS)
    f.problem(`${path}.tcpMd5Key`, `must be at most ${MD5_MAX_KEY_OCTETS} octets (TCP_MD5SIG_MAXKEYLEN)`);
  else if (key !== undefined) out.tcpMd5Key = key;
  const ttl = f.optional(o.multihopTtl, (v) => f.integer(v, `${path}.multihopTtl`, 1, 255));
  if (ttl !== undefined) out.multihopTtl = ttl;
  const hops = f.optional(o.ttlSecurityHops, (v) => f.integer(v, `${path}.ttlSecurityHops`, 1, 254));
  if (hops !== undefined) out.ttlSecurityHops = hops;
  if (ttl !== undefined && hops !== undefined)
    f.problem(
      `${path}.ttlSecurityHops`,
      'GTSM sends with TTL 255: do not set multihopTtl as well (RFC 5082)',
    );
  const enhe = f.optional(o.extendedNextHop, (v) => f.boolean(v, `${path}.extendedNextHop`));
  if (enhe !== undefined) out.extendedNextHop = enhe;
}

/** A peer's interface, from `interface:` or the address's `%scope`; link-local addresses need one. */
export function readPeerInterface(
  f: Fields,
  o: Record<string, unknown>,
  path: string,
  scope: string | undefined,
  out: Mutable<Partial<PeerConfig>>,
): void {
  const iface = f.optional(o.interface, (v) => f.string(v, `${path}.interface`));
  if (iface !== undefined && scope !== undefined && iface !== scope)
    f.problem(`${path}.interface`, `is ${iface} but the address says %${scope}`);
  const name = iface ?? scope;
  if (name !== undefined && (name.length > IFNAME_MAX || !/^[A-Za-z0-9_.:-]+$/.test(name)))
    f.problem(
      `${path}.interface`,
      `must be an interface name (at most ${IFNAME_MAX} characters), got ${JSON.stringify(name)}`,
    );
  else if (name !== undefined) out.interface = name;
  const address = out.address;
  const linkLocal =
    address !== undefined && address.family === 6 && address.toString().toLowerCase().startsWith('fe80:');
  if (linkLocal && name === undefined)
    f.problem(`${path}.address`, 'a link-local address needs its interface: fe80::1%eth1 or interface: eth1');
  if (!linkLocal && name !== undefined && address !== undefined)
    f.problem(`${path}.interface`, 'only a link-local (fe80::/10) peer address takes an interface');
}

export function readDynamicPeers(
  f: Fields,
  value: unknown,
  readTemplate: (o: Record<string, unknown>, path: string) => PeerTemplate,
): DynamicPeerRange[] {
  return (f.list(value, 'dynamicPeers') ?? []).flatMap((item, i) => {
    const path = `dynamicPeers[${i}]`;
    const o = f.object(item, path);
    if (o === undefined) return [];
    f.onlyKnown(o, path, ['prefix', 'asnRange', 'asn', 'maxPeers', 'template']);
    const prefix = f.prefix(o.prefix, `${path}.prefix`);
    let asnRange: { min: number; max: number } | undefined;
    if (o.asn !== undefined && o.asnRange !== undefined)
      f.problem(`${path}.asn`, 'give asn or asnRange, not both');
    if (o.asn !== undefined) {
      const asn = f.integer(o.asn, `${path}.asn`, 1, MAX_ASN);
      if (asn !== undefined) asnRange = { min: asn, max: asn };
    } else {
      const r = f.object(o.asnRange, `${path}.asnRange`);
      if (r !== undefined) {
        f.onlyKnown(r, `${path}.asnRange`, ['min', 'max']);
        const min = f.integer(r.min, `${path}.asnRange.min`, 1, MAX_ASN);
        const max = f.integer(r.max, `${path}.asnRange.max`, 1, MAX_ASN);
        if (min !== undefined && max !== undefined && min > max)
          f.problem(`${path}.asnRange`, `min ${min} is above max ${max}`);
        else if (min !== undefined && max !== undefined) asnRange = { min, max };
      }
    }
    const maxPeers = f.optional(o.maxPeers, (v) => f.integer(v, `${path}.maxPeers`, 1, 65535));
    const t = o.template === undefined ? {} : f.object(o.template, `${path}.template`);
    const template = t === undefined ? undefined : readTemplate(t, `${path}.template`);
    if (prefix === undefined || asnRange === undefined || template === undefined) return [];
    return [{ prefix, asnRange, template, ...(maxPeers === undefined ? {} : { maxPeers }) }];
  });
}
