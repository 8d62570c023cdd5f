/**
 * `bgp.routes` with `reasons: true` on the advertised view: for every peer with an Adj-RIB-Out and every
 * best route of its families, whether it is advertised and why (bgp/rib export-explain.ts), in words an
 * operator reads, plus the codes for scripts. Originated routes name their source when the daemon tells
 * (twill-bgpd: originate config or the control socket; twill-node: affine block, borrowed address…).
 */
import type { Prefix } from '../../common/index.js';
import { explainExport, type ExportExplanation, type Rib, type RibRoute } from '../rib/index.js';
import type { CompiledPolicy } from '../policy/index.js';
import { FAMILIES, type Family } from '../wire/index.js';
import { attributesJson, type RouteAttributesJson } from './route-json.js';
import type { PeerEntry } from './peer-entry.js';
import { isClient } from './route-reflection.js';
import type { PeerConfig } from './speaker-config.js';

export interface ExportReasonRow extends RouteAttributesJson {
  readonly prefix: string;
  /** The peer it goes (or would go) to. */
  readonly peer: string;
  readonly advertised: boolean;
  /** Advertised per the export rules but not flushed to the peer yet. */
  readonly pending?: boolean;
  /** The peer the best route came from ('local' for ours). */
  readonly from: string;
  /** originated | learned | reflected, or the refusal code (export-explain.ts). */
  readonly code: string;
  /** The reason in words. */
  readonly reason: string;
}

export interface ExportReasonContext {
  readonly peerConfig: (id: string) => PeerConfig | undefined;
  readonly exportPolicy: (id: string) => CompiledPolicy | undefined;
  /** Where an originated prefix comes from, in words; undefined: not known. */
  readonly originSource?: (prefix: Prefix) => string | undefined;
}

export function exportReasonRows(
  rib: Rib,
  ctx: ExportReasonContext,
  query: { readonly peer?: string; readonly family?: Family },
): ExportReasonRow[] {
  const rows: ExportReasonRow[] = [];
  for (const peer of rib.peerIds()) {
    if (!rib.hasAdjRibOut(peer) || (query.peer !== undefined && query.peer !== peer)) continue;
    const out = rib.adjRibOut(peer);
    for (const family of FAMILIES) {
      if (!out.families.includes(family) || (query.family !== undefined && query.family !== family)) continue;
      const sent = new Map([...out.advertised(family)].map((r) => [r.prefix.toString(), r.attributes.value]));
      for (const entry of rib.locRib.bestEntries(family)) {
        const best = entry.best as RibRoute;
        const why = explainExport(out, best, family);
        const prefix = entry.prefix.toString();
        const attributes = sent.get(prefix);
        rows.push({
          prefix,
          peer,
          advertised: why.advertised,
          ...(why.advertised && attributes === undefined ? { pending: true } : {}),
          from: best.peer.id,
          code: why.advertised ? why.via : why.refusal,
          reason: reasonWords(why, best, peer, ctx),
          ...attributesJson(attributes ?? best.attributes.value),
        });
      }
    }
  }
  return rows.sort((a, b) => a.peer.localeCompare(b.peer) || a.prefix.localeCompare(b.prefix));
}

/** BgpSpeaker.exportReasons: the peers' configs and compiled export policies from the speaker's table. */
export function speakerExportReasons(
  rib: Rib,
  peers: ReadonlyMap<string, PeerEntry>,
  query: { readonly peer?: string; readonly family?: Family },
  originSource?: (prefix: Prefix) => string | undefined,
): ExportReasonRow[] {
  const ctx: ExportReasonContext = {
    peerConfig: (id) => peers.get(id)?.config,
    exportPolicy: (id) => peers.get(id)?.policies.export,
    ...(originSource === undefined ? {} : { originSource }),
  };
  return exportReasonRows(rib, ctx, query);
}

function reasonWords(why: ExportExplanation, route: RibRoute, to: string, ctx: ExportReasonContext): string {
  const from = route.peer;
  const learned = `learned from ${from.id} (${from.kind === 'internal' ? 'iBGP' : `eBGP AS${from.asn}`})`;
  const policy = policyWords(ctx.exportPolicy(to), why.policyTrace);
  if (why.advertised) {
    const passed = policy === undefined ? 'no export policy configured' : `export policy: ${policy}`;
    switch (why.via) {
      case 'originated':
        return `originated here (${ctx.originSource?.(route.prefix) ?? 'speaker API'}); ${passed}`;
      case 'learned':
        return `${learned}; ${passed}`;
      case 'reflected': {
        const client = (id: string) => (isClient(ctx.peerConfig(id)) ? 'client' : 'non-client');
        return `reflected (RFC 4456 §6): ${client(from.id)} ${from.id} → ${client(to)}; ${passed}`;
      }
    }
  }
  switch (why.refusal) {
    case 'learned-from-peer':
      return `${learned}: not sent back to the peer it came from`;
    case 'ibgp-split-horizon':
      return `${learned}: iBGP split horizon (RFC 4271 §9.2; neither peer is a route-reflector client)`;
    case 'export-policy':
      return `${sourceWords(route, ctx)}: rejected by export policy: ${policy ?? 'reject'}`;
    case 'no-export-policy':
      return `${sourceWords(route, ctx)}: no export policy for this eBGP peer (RFC 8212: nothing is sent)`;
    case 'no-advertise':
      return `${sourceWords(route, ctx)}: carries NO_ADVERTISE (RFC 1997)`;
    case 'no-export':
      return `${sourceWords(route, ctx)}: carries NO_EXPORT / NO_EXPORT_SUBCONFED (RFC 1997), peer is eBGP`;
    case 'llgr-stale':
      return `${sourceWords(route, ctx)}: long-lived stale (RFC 9494) and the peer did not negotiate LLGR`;
    case 'as-path-loop':
      return `${sourceWords(route, ctx)}: the peer's AS is in the AS path (it would drop it, RFC 4271 §9.1.2; sender-side loop detection)`;
    case 'no-next-hop':
      return `${sourceWords(route, ctx)}: no next hop of ours for this family on the session`;
    case 'next-hop-is-peer':
      return `${sourceWords(route, ctx)}: the next hop is the peer itself (RFC 4271 §5.1.3)`;
  }
}

function sourceWords(route: RibRoute, ctx: ExportReasonContext): string {
  if (route.peer.kind === 'local')
    return `originated here (${ctx.originSource?.(route.prefix) ?? 'speaker API'})`;
  return `learned from ${route.peer.id} (${route.peer.kind === 'internal' ? 'iBGP' : `eBGP AS${route.peer.asn}`})`;
}

/** The rule that decided, from the policy's trace: "rule 1 (no-lab) reject", or "default accept". */
export function policyWords(
  policy: CompiledPolicy | undefined,
  trace: string | undefined,
): string | undefined {
  if (policy === undefined || trace === undefined) return undefined;
  const rules = policy.source.rules;
  const indices = trace === '' ? [] : trace.split(',').map(Number);
  const last = indices.at(-1);
  const rule = last === undefined ? undefined : rules[last];
  const named = policy.source.name === undefined ? '' : `${policy.source.name} `;
  if (last !== undefined && rule !== undefined && (rule.then ?? 'continue') !== 'continue')
    return `${named}rule ${last}${rule.name === undefined ? '' : ` (${rule.name})`} ${rule.then}`;
  const matched = indices.length === 0 ? '' : ` after rules ${indices.join(',')}`;
  return `${named}default ${policy.defaultVerdict}${matched}`;
}
