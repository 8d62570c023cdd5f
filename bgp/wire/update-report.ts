/**
 * What the decoder found wrong with an UPDATE that is still usable (RFC 7606): every finding, the
 * strongest treatment among them (§3 h), and what each treatment means for this message: the routes to
 * withdraw instead of announce, the attributes discarded, the families to disable.
 */
import { strongerTreatment, type Treatment, type UpdateMessageError } from './errors.js';
import type { AfiSafi } from './family.js';
import type { FamilyNlri, UpdateMessage } from './model.js';

export type UpdateTreatment = Exclude<Treatment, 'session-reset'>;

export interface UpdateReport {
  /** Every problem found, each with its own treatment; empty for a clean UPDATE. */
  readonly findings: readonly UpdateMessageError[];
  /** The strongest treatment among the findings; undefined when there are none. */
  readonly treatment: UpdateTreatment | undefined;
  /**
   * RFC 7606 §2 treat-as-withdraw: every route the message announces must be withdrawn instead, "as if
   * they had been listed in the WITHDRAWN ROUTES field (or in the MP_UNREACH_NLRI attribute)".
   */
  readonly treatAsWithdraw: boolean;
  /** With treatAsWithdraw, those routes (the message's own withdrawals stay where they are). */
  readonly withdrawInstead: readonly FamilyNlri[];
  /** Type codes of attributes removed from the message by attribute discard (RFC 7606 §2). */
  readonly discardedAttributes: readonly number[];
  /** RFC 4760 §7 AFI/SAFI disable: drop every route of these families and ignore them from now on. */
  readonly disabledFamilies: readonly AfiSafi[];
}

export const CLEAN_REPORT: UpdateReport = Object.freeze({
  findings: Object.freeze([]) as readonly UpdateMessageError[],
  treatment: undefined,
  treatAsWithdraw: false,
  withdrawInstead: Object.freeze([]) as readonly FamilyNlri[],
  discardedAttributes: Object.freeze([]) as readonly number[],
  disabledFamilies: Object.freeze([]) as readonly AfiSafi[],
});

export function buildReport(findings: readonly UpdateMessageError[], message: UpdateMessage): UpdateReport {
  if (findings.length === 0) return CLEAN_REPORT;
  let treatment: Treatment = 'attribute-discard';
  const disabled: AfiSafi[] = [];
  for (const f of findings) {
    treatment = strongerTreatment(treatment, f.treatment);
    if (f.treatment === 'afi-safi-disable' && f.afiSafi !== undefined) {
      const { afi, safi } = f.afiSafi;
      if (!disabled.some((d) => d.afi === afi && d.safi === safi)) disabled.push({ afi, safi });
    }
  }
  const treatAsWithdraw = findings.some((f) => f.treatment === 'treat-as-withdraw');
  const discarded = findings.filter(
    (f) => f.treatment === 'attribute-discard' && f.attributeCode !== undefined,
  );
  return {
    findings,
    treatment: treatment as UpdateTreatment,
    treatAsWithdraw,
    withdrawInstead: treatAsWithdraw ? announcedRoutes(message) : [],
    discardedAttributes: [...new Set(discarded.map((f) => f.attributeCode as number))],
    disabledFamilies: disabled,
  };
}

/** The routes an UPDATE announces, per family: the NLRI field and MP_REACH_NLRI. */
export function announcedRoutes(message: UpdateMessage): FamilyNlri[] {
  const out: FamilyNlri[] = [];
  if (message.nlri.length > 0) out.push({ family: 'ipv4-unicast', nlri: message.nlri });
  const reach = message.mpReach;
  if (reach !== undefined && reach.nlri.length > 0) {
    const same = out.find((f) => f.family === reach.family);
    if (same === undefined) out.push({ family: reach.family, nlri: reach.nlri });
    else out[out.indexOf(same)] = { family: same.family, nlri: [...same.nlri, ...reach.nlri] };
  }
  return out;
}
