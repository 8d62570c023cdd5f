import {
  readAsNumber,
  readBfd,
  readGracefulRestart,
  readTimers,
  type BfdSettings,
  type BgpTimers,
  type GracefulRestart,
} from './bgp-options.js';
import type { Fields } from './fields.js';
import type { KindDefinition } from './kind.js';
import { compact, TWILL_API_VERSION, type Resource } from './resource.js';

export type NextHopMode = 'Auto' | 'Self' | 'Keep';
export const NEXT_HOP_MODES: readonly NextHopMode[] = ['Auto', 'Self', 'Keep'];

/** Where the TCP MD5 password (RFC 2385) lives: a key of a Kubernetes Secret, never inline. */
export interface SecretKeyRef {
  readonly name: string;
  readonly key: string;
}

/**
 * One BGP peering rule. Either `peerIP` (an external router; needs `asNumber`) or `peerSelector`
 * (Twill nodes, each with its own AS). `nodeSelector` picks which of our nodes open the session; absent
 * means every node (a global peer).
 */
export interface BGPPeerSpec {
  readonly peerIP?: string;
  readonly peerSelector?: string;
  readonly nodeSelector?: string;
  readonly asNumber?: number;
  readonly password?: { readonly secretKeyRef: SecretKeyRef };
  readonly timers?: BgpTimers;
  readonly gracefulRestart?: GracefulRestart;
  readonly bfd?: BfdSettings;
  /** GTSM (RFC 5082): accept only packets with TTL >= 256 - hops. */
  readonly ttlSecurity?: { readonly hops: number };
  /** eBGP multihop: the TTL our packets leave with. */
  readonly multihop?: { readonly maxHops: number };
  readonly nextHopMode: NextHopMode;
  readonly importFilters?: readonly string[];
  readonly exportFilters?: readonly string[];
}

export type BGPPeer = Resource<'BGPPeer', BGPPeerSpec, never>;

const RESOURCE_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

function readSpec(spec: Fields): BGPPeerSpec | undefined {
  const peerIP = spec.address('peerIP');
  const peerSelector = spec.selector('peerSelector');
  const hasPeerIP = spec.present('peerIP');
  const hasPeerSelector = spec.present('peerSelector');
  if (hasPeerIP === hasPeerSelector) {
    spec.issue(hasPeerIP ? 'peerSelector' : 'peerIP', 'set exactly one of peerIP and peerSelector');
  }
  const asNumber = readAsNumber(spec, 'asNumber', { required: hasPeerIP });
  if (hasPeerSelector && spec.present('asNumber')) {
    spec.issue('asNumber', 'must not be set with peerSelector: each selected node peers with its own AS');
  }
  const result = compact<BGPPeerSpec>({
    peerIP: peerIP?.toString(),
    peerSelector: peerSelector?.text,
    nodeSelector: spec.selector('nodeSelector')?.text,
    asNumber,
    password: readPassword(spec.object('password')),
    timers: readTimers(spec.object('timers')),
    gracefulRestart: readGracefulRestart(spec.object('gracefulRestart')),
    bfd: readBfd(spec.object('bfd')),
    ttlSecurity: readHops(spec.object('ttlSecurity'), 'hops'),
    multihop: readHops(spec.object('multihop'), 'maxHops'),
    nextHopMode: spec.oneOf('nextHopMode', NEXT_HOP_MODES) ?? 'Auto',
    importFilters: readFilterNames(spec, 'importFilters'),
    exportFilters: readFilterNames(spec, 'exportFilters'),
  });
  spec.rejectUnknown();
  return result;
}

function readPassword(fields: Fields | undefined): BGPPeerSpec['password'] {
  if (fields === undefined) return undefined;
  const ref = fields.object('secretKeyRef', { required: true });
  fields.rejectUnknown();
  if (ref === undefined) return undefined;
  const name = ref.string('name', { required: true, pattern: RESOURCE_NAME, hint: 'a Secret name' });
  const key = ref.string('key', { required: true, pattern: /^[-._a-zA-Z0-9]+$/, hint: 'a Secret key' });
  ref.rejectUnknown();
  return name !== undefined && key !== undefined ? { secretKeyRef: { name, key } } : undefined;
}

function readHops<K extends string>(fields: Fields | undefined, key: K): Record<K, number> | undefined {
  if (fields === undefined) return undefined;
  const hops = fields.integer(key, { required: true, min: 1, max: 255 });
  fields.rejectUnknown();
  return hops === undefined ? undefined : ({ [key]: hops } as Record<K, number>);
}

function readFilterNames(spec: Fields, key: string): string[] | undefined {
  const names = spec.strings(key);
  names?.forEach((name, index) => {
    if (!RESOURCE_NAME.test(name))
      spec.issues.add(`${spec.at(key)}[${index}]`, `${JSON.stringify(name)} is not a BGPFilter name`);
  });
  return names;
}

export const bgpPeerKind: KindDefinition<BGPPeer> = {
  kind: 'BGPPeer',
  apiVersion: TWILL_API_VERSION,
  plural: 'bgppeers',
  namespaced: false,
  readSpec,
};
