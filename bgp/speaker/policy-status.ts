/**
 * Policy, reflection and drain state of a peer in words for `twillctl bgp peers`: what an operator needs
 * to understand why routes do not flow ("no import policy (RFC 8212): 12 routes received, 0 accepted").
 */
import type { PeerRouteCounts } from '../rib/index.js';
import type { Family } from '../wire/index.js';
import type { CompiledPeerPolicies } from './peer-policy.js';
import type { PeerConfig } from './speaker-config.js';

export interface PeerPolicyStatus {
  /** "3 rules, default reject", "none: accept all (iBGP)", "none (RFC 8212): nothing accepted". */
  readonly importPolicy: string;
  readonly exportPolicy: string;
  readonly routeReflectorClient: boolean;
  /** RFC 8326 drain in force towards this peer. */
  readonly draining: boolean;
  /** "enabled", or "disabled: <shutdown message>". */
  readonly admin: string;
  /** Sentences for the operator (RFC 8212 blocks, drain), empty when all is ordinary. */
  readonly notes: readonly string[];
}

export function peerPolicyStatus(
  config: PeerConfig,
  policies: CompiledPeerPolicies,
  external: boolean,
  rfc8212: boolean,
  draining: boolean,
  admin: string,
  prefixes: Readonly<Partial<Record<Family, PeerRouteCounts>>>,
): PeerPolicyStatus {
  const counts = Object.values(prefixes);
  const sum = (k: keyof PeerRouteCounts): number => counts.reduce((n, c) => n + (c?.[k] ?? 0), 0);
  const notes: string[] = [];
  const describe = (p: CompiledPeerPolicies['import']): string =>
    p === undefined
      ? rfc8212
        ? 'none (RFC 8212): nothing'
        : `none: all (${external ? 'eBGP, RFC 8212 check off' : 'iBGP'})`
      : `${p.source.rules.length} rule${p.source.rules.length === 1 ? '' : 's'}, default ${p.defaultVerdict}`;
  if (policies.import === undefined && rfc8212)
    notes.push(
      `no import policy (RFC 8212): ${sum('received')} routes received, ${sum('accepted')} accepted`,
    );
  if (policies.export === undefined && rfc8212)
    notes.push(`no export policy (RFC 8212): ${sum('advertised')} routes advertised`);
  if (draining) notes.push('graceful shutdown (RFC 8326): routes advertised with GRACEFUL_SHUTDOWN');
  return {
    importPolicy: describe(policies.import),
    exportPolicy: describe(policies.export),
    routeReflectorClient: config.routeReflectorClient === true,
    draining,
    admin,
    notes,
  };
}
