/**
 * One row of `peerStatus()` (twillctl bgp peers): the session's own status joined with what the speaker
 * knows of the peer — prefixes per family, policies and RFC 8212 notes, drain and admin state, RFC 7606
 * findings, graceful restart and max-prefix, dynamic range, BFD.
 */
import type { PeerRouteCounts, Rib } from '../rib/index.js';
import type { PeerStatus } from '../session/index.js';
import { FAMILIES, type Family } from '../wire/index.js';
import type { BfdPeerStatus } from './bfd-binding.js';
import type { PeerEntry } from './peer-entry.js';
import { peerPolicyStatus, type PeerPolicyStatus } from './policy-status.js';
import type { RestartFeatures, RestartPeerStatus } from './restart-features.js';
import type { UpdateFindings, UpdateFindingsStatus } from './update-findings.js';

export interface PeerStatusWithCounts
  extends PeerStatus, UpdateFindingsStatus, RestartPeerStatus, PeerPolicyStatus {
  readonly prefixes: Readonly<Partial<Record<Family, PeerRouteCounts>>>;
  /** The listen range a dynamic peer was accepted from. */
  readonly dynamicRange?: string;
  /** Present when BFD is enabled for the peer. */
  readonly bfd?: BfdPeerStatus;
}

export interface PeerStatusContext {
  readonly rib: Rib;
  readonly localAs: number;
  /** RFC 8212 in force (SpeakerOptions.ebgpRequiresPolicy, default true). */
  readonly ebgpRequiresPolicy: boolean;
  readonly findings: UpdateFindings;
  readonly restart: RestartFeatures;
}

export function peerStatusOf(entry: PeerEntry, ctx: PeerStatusContext): PeerStatusWithCounts {
  const { session, dynamic, config, policies, draining, bfd } = entry;
  const prefixes: Partial<Record<Family, PeerRouteCounts>> = {};
  if (ctx.rib.hasPeer(session.id)) for (const f of FAMILIES) prefixes[f] = ctx.rib.counts(session.id, f);
  const external = config.asn !== ctx.localAs;
  const admin = session.admin.status === 'Enabled' ? 'enabled' : `disabled: ${session.admin.reason}`;
  const rfc8212 = external && ctx.ebgpRequiresPolicy;
  return {
    ...session.status(),
    ...peerPolicyStatus(config, policies, external, rfc8212, draining, admin, prefixes),
    prefixes,
    ...ctx.findings.status(session.id),
    ...ctx.restart.status(session, config),
    ...(dynamic === undefined ? {} : { dynamicRange: dynamic.prefix.toString() }),
    ...(bfd === undefined ? {} : { bfd: bfd.status() }),
  };
}
