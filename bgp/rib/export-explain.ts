/**
 * Why a best route is or is not advertised to one peer, for `twillctl bgp routes advertised`. It runs
 * the steps of AdjRibOut's export path in the same order and with the same functions and options (the
 * peer's current AdjRibOutOptions): source rules (never back to its source, RFC 4271 §9.2 iBGP split
 * horizon unless RFC 4456 reflection lets it through), the configured export filter (RFC 8212 included),
 * then the attribute rules of export-policy.ts. Nothing is recorded on the hot path: the explanation is
 * computed when asked, from the state the export path reads.
 */
import type { Family } from '../wire/family.js';
import type { AdjRibOut } from './adj-rib-out.js';
import { attributeRefusal, sourceRefusal, type ExportRefusal } from './export-policy.js';
import type { RibRoute } from './rib-route.js';

export type ExportExplanation =
  | {
      readonly advertised: true;
      /** How the route got here: our own, learned over eBGP/iBGP, or reflected between iBGP peers. */
      readonly via: 'originated' | 'learned' | 'reflected';
      /** The export policy's matched rule indices ('' none) when a policy ran; undefined: no filter. */
      readonly policyTrace?: string;
    }
  | {
      readonly advertised: false;
      readonly refusal: ExportRefusal | 'export-policy' | 'no-export-policy';
      readonly policyTrace?: string;
    };

export function explainExport(out: AdjRibOut, route: RibRoute, family: Family): ExportExplanation {
  const options = out.currentOptions;
  const source = sourceRefusal(route, out.peer, options);
  if (source !== undefined) return { advertised: false, refusal: source };
  let attributes = route.attributes.value;
  let policyTrace: string | undefined;
  if (options.filter !== undefined) {
    const verdict = options.filter(route.prefix, family, attributes, route.peer);
    if (verdict.verdict === 'no-export-policy') return { advertised: false, refusal: 'no-export-policy' };
    if (verdict.verdict === 'reject')
      return { advertised: false, refusal: 'export-policy', policyTrace: verdict.key };
    attributes = verdict.attributes;
    policyTrace = verdict.key;
  }
  const refusal = attributeRefusal(attributes, family, out.peer, options);
  const trace = policyTrace === undefined ? {} : { policyTrace };
  if (refusal !== undefined) return { advertised: false, refusal, ...trace };
  const via =
    route.peer.kind === 'local'
      ? 'originated'
      : route.peer.kind === 'internal' && out.peer.kind === 'internal'
        ? 'reflected'
        : 'learned';
  return { advertised: true, via, ...trace };
}
