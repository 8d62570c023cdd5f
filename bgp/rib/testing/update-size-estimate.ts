/**
 * A conservative UPDATE size for tests and benchmarks, until the codec's exact one is wired in: every
 * attribute counted with the 4-octet extended-length header, AS numbers as 4 octets. Never smaller than
 * the real encoding, so a packing that respects it also fits on the wire.
 */
import type { Nlri, UpdateMessage } from '../../wire/model.js';

const HEADER = 19;
const ATTRIBUTE_HEADER = 4;

export function conservativeUpdateSize(m: UpdateMessage): number {
  let size = HEADER + 2 + nlriOctets(m.withdrawnRoutes) + 2 + nlriOctets(m.nlri);
  const a = m.attributes;
  const attribute = (valueOctets: number) => (size += ATTRIBUTE_HEADER + valueOctets);
  if (a.origin !== undefined) attribute(1);
  if (a.asPath !== undefined) attribute(a.asPath.reduce((n, s) => n + 2 + 4 * s.asns.length, 0));
  if (a.nextHop !== undefined) attribute(4);
  if (a.multiExitDisc !== undefined) attribute(4);
  if (a.localPref !== undefined) attribute(4);
  if (a.atomicAggregate === true) attribute(0);
  if (a.aggregator !== undefined) attribute(8);
  if (a.communities !== undefined) attribute(4 * a.communities.length);
  if (a.originatorId !== undefined) attribute(4);
  if (a.clusterList !== undefined) attribute(4 * a.clusterList.length);
  if (a.largeCommunities !== undefined) attribute(12 * a.largeCommunities.length);
  for (const u of a.unknown ?? []) attribute(u.value.length);
  if (m.mpReach !== undefined) {
    const nextHop = m.mpReach.nextHop.family === 4 ? 4 : 16;
    const linkLocal = m.mpReach.linkLocalNextHop === undefined ? 0 : 16;
    attribute(3 + 1 + nextHop + linkLocal + 1 + nlriOctets(m.mpReach.nlri));
  }
  if (m.mpUnreach !== undefined) attribute(3 + nlriOctets(m.mpUnreach.withdrawnRoutes));
  return size;
}

function nlriOctets(nlri: readonly Nlri[]): number {
  let n = 0;
  for (const { prefix, pathId } of nlri) n += 1 + ((prefix.length + 7) >> 3) + (pathId === undefined ? 0 : 4);
  return n;
}
