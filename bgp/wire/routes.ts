/**
 * What an UPDATE means for the RIB, with the RFC 7606 treatments applied: the routes withdrawn, the
 * routes announced with their attributes, and the families to disable. Also End-of-RIB (RFC 4724 §2).
 */
import type { PathAttributes } from './attributes/types.js';
import { familyOf, type AfiSafi, type Family } from './family.js';
import type { FamilyNlri, UpdateMessage } from './model.js';
import { announcedRoutes, type UpdateReport } from './update-report.js';

export interface RouteChanges {
  readonly withdrawn: readonly FamilyNlri[];
  readonly announced: readonly FamilyNlri[];
  /** The attributes of every announced route (attribute-discard findings already removed). */
  readonly attributes: PathAttributes;
  /** Families to disable (RFC 4760 §7); their routes are in neither list. */
  readonly disabled: readonly AfiSafi[];
}

export function routeChanges(message: UpdateMessage, report: UpdateReport): RouteChanges {
  const disabled = report.disabledFamilies;
  const enabled = (list: readonly FamilyNlri[]) =>
    list.filter((l) => l.nlri.length > 0 && !disabled.some((d) => familyOf(d.afi, d.safi) === l.family));
  const withdrawn: FamilyNlri[] = [{ family: 'ipv4-unicast', nlri: message.withdrawnRoutes }];
  if (message.mpUnreach)
    withdrawn.push({ family: message.mpUnreach.family, nlri: message.mpUnreach.withdrawnRoutes });
  // RFC 7606 §2: treat-as-withdraw turns every announced route into a withdrawn one.
  if (report.treatAsWithdraw) withdrawn.push(...report.withdrawInstead);
  const announced = report.treatAsWithdraw ? [] : announcedRoutes(message);
  return {
    withdrawn: merge(enabled(withdrawn)),
    announced: enabled(announced),
    attributes: message.attributes,
    disabled,
  };
}

/** One entry per family. */
function merge(list: readonly FamilyNlri[]): FamilyNlri[] {
  const out: FamilyNlri[] = [];
  for (const entry of list) {
    const same = out.findIndex((o) => o.family === entry.family);
    if (same < 0) out.push(entry);
    else out[same] = { family: entry.family, nlri: [...(out[same] as FamilyNlri).nlri, ...entry.nlri] };
  }
  return out;
}

/**
 * The family whose End-of-RIB marker this is (RFC 4724 §2): for IPv4 unicast an UPDATE with nothing in
 * it; for other families an UPDATE with only an empty MP_UNREACH_NLRI.
 */
export function endOfRib(message: UpdateMessage): Family | undefined {
  if (message.withdrawnRoutes.length > 0 || message.nlri.length > 0 || message.mpReach !== undefined)
    return undefined;
  if (Object.keys(message.attributes).length > 0) return undefined;
  if (message.mpUnreach === undefined) return 'ipv4-unicast';
  return message.mpUnreach.withdrawnRoutes.length === 0 ? message.mpUnreach.family : undefined;
}

export function endOfRibMessage(family: Family): UpdateMessage {
  const empty = { type: 'update', withdrawnRoutes: [], attributes: {}, nlri: [] } as const;
  return family === 'ipv4-unicast' ? empty : { ...empty, mpUnreach: { family, withdrawnRoutes: [] } };
}
