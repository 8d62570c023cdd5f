/**
 * From a peer's configured policies to the RIB's import and export hooks (bgp/rib import-filter.ts,
 * export-filter.ts). Policies are compiled once per configuration (CompiledPolicy); RFC 8212 applies to
 * eBGP peers without a policy; a received GRACEFUL_SHUTDOWN lowers LOCAL_PREF to 0 after the policy ran
 * (RFC 8326 §4), so a policy that sets LOCAL_PREF for a whole peer cannot undo a drain.
 */
import type { IpAddress } from '../../common/index.js';
import { CompiledPolicy, gracefulShutdownImport, type PeerType } from '../policy/index.js';
import type { ExportFilter, ImportFilter, PeerKind, SelfNextHop } from '../rib/index.js';
import type { PeerConfig } from './speaker-config.js';

export interface CompiledPeerPolicies {
  readonly import: CompiledPolicy | undefined;
  readonly export: CompiledPolicy | undefined;
}

/** Compiles both policies; a PolicyError names the peer and field. */
export function compilePeerPolicies(config: PeerConfig): CompiledPeerPolicies {
  const at = `peer ${config.address.toString()}`;
  return {
    import:
      config.importPolicy === undefined
        ? undefined
        : CompiledPolicy.compile(config.importPolicy, 'import', `${at} importPolicy`),
    export:
      config.exportPolicy === undefined
        ? undefined
        : CompiledPolicy.compile(config.exportPolicy, 'export', `${at} exportPolicy`),
  };
}

export function peerType(kind: PeerKind): PeerType {
  return kind === 'internal' ? 'ibgp' : kind === 'external' ? 'ebgp' : 'local';
}

export function importFilter(
  policy: CompiledPolicy | undefined,
  rfc8212: boolean,
  localAs: number,
): ImportFilter {
  if (policy === undefined && rfc8212)
    return (_prefix, _family, attributes) => ({ rejection: 'no-import-policy', attributes, key: '' });
  return (prefix, family, attributes, peer) => {
    let result = attributes;
    let key = '';
    if (policy !== undefined) {
      const r = policy.evaluate({ prefix, family, attributes, peerType: peerType(peer.kind) }, { localAs });
      if (r.verdict === 'reject') return { rejection: 'import-policy', attributes, key: r.trace };
      result = r.attributes;
      key = r.trace;
    }
    const drained = gracefulShutdownImport(result);
    return { rejection: undefined, attributes: drained, key: drained === result ? key : `${key}g` };
  };
}

export function exportFilter(
  policy: CompiledPolicy | undefined,
  rfc8212: boolean,
  localAs: number,
  self: SelfNextHop,
): ExportFilter | undefined {
  if (policy === undefined && rfc8212)
    return (_prefix, _family, attributes) => ({ verdict: 'no-export-policy', attributes, key: '' });
  if (policy === undefined) return undefined;
  return (prefix, family, attributes, from) => {
    const selfNextHop: IpAddress | undefined = family === 'ipv4-unicast' ? self.ipv4 : self.ipv6;
    const r = policy.evaluate(
      { prefix, family, attributes, peerType: peerType(from.kind) },
      { localAs, ...(selfNextHop === undefined ? {} : { selfNextHop }) },
    );
    return { verdict: r.verdict, attributes: r.attributes, key: r.trace };
  };
}
