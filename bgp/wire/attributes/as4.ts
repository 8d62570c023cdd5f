/**
 * RFC 6793 between a NEW speaker (us) and an OLD one (no 4-octet AS capability on the session).
 * Receiving (§4.2.3): AS_PATH and AGGREGATOR come with AS_TRANS in place of 4-octet AS numbers, and
 * AS4_PATH / AS4_AGGREGATOR carry the real ones; merge them back. Sending (§4.2.2): the reverse.
 */
import { AS_TRANS } from '../constants.js';
import { isConfedSegment } from './as-path-segments.js';
import type { AsPathSegment, MutableAttributes } from './types.js';

/**
 * §4.2.3 on decoded attributes (mutated): the model then holds one AS path and one aggregator with
 * real AS numbers, and no AS4_* attributes.
 */
export function reconcileAs4(attributes: MutableAttributes): void {
  const { as4Path, as4Aggregator } = attributes;
  // Cleared rather than deleted: the UPDATE decoder drops undefined fields when it builds the model.
  attributes.as4Path = undefined;
  attributes.as4Aggregator = undefined;
  let useAs4Path = as4Path !== undefined;
  // "When both of the attributes are received, if the AS number in the AGGREGATOR attribute is not
  // AS_TRANS, then the AS4_AGGREGATOR attribute and the AS4_PATH attribute SHALL be ignored" (an OLD
  // speaker aggregated after the last NEW one); "Otherwise, the AGGREGATOR attribute SHALL be ignored".
  // An AS4_AGGREGATOR without an AGGREGATOR has nothing to stand in for and is dropped.
  if (attributes.aggregator !== undefined && as4Aggregator !== undefined) {
    if (attributes.aggregator.asn !== AS_TRANS) useAs4Path = false;
    else attributes.aggregator = as4Aggregator;
  }
  if (useAs4Path && as4Path !== undefined && attributes.asPath !== undefined) {
    attributes.asPath = mergeAs4Path(attributes.asPath, as4Path);
  }
}

/**
 * The number of AS numbers for §4.2.3: an AS_SET counts as one and confederation segments not at all
 * (as in the path length of RFC 4271 §9.1.2.2 and RFC 5065 §5.3).
 */
export function countAsNumbers(segments: readonly AsPathSegment[]): number {
  let count = 0;
  for (const s of segments) {
    if (s.type === 'as-sequence') count += s.asns.length;
    else if (s.type === 'as-set') count += 1;
  }
  return count;
}

/**
 * If AS_PATH has fewer AS numbers than AS4_PATH, AS4_PATH is ignored. Otherwise the path is the leading
 * AS numbers (and segments) of AS_PATH that AS4_PATH lacks, then AS4_PATH; a confederation segment is
 * kept "if it is either the leading path segment or is adjacent to a path segment that is prepended".
 */
export function mergeAs4Path(
  asPath: readonly AsPathSegment[],
  as4Path: readonly AsPathSegment[],
): AsPathSegment[] {
  let remaining = countAsNumbers(asPath) - countAsNumbers(as4Path);
  if (remaining < 0) return [...asPath];
  const leading: AsPathSegment[] = [];
  let adjacent = true;
  for (const segment of asPath) {
    if (isConfedSegment(segment)) {
      if (adjacent) leading.push(segment);
      continue;
    }
    if (remaining === 0) break;
    if (segment.type === 'as-set') {
      leading.push(segment);
      remaining -= 1;
      continue;
    }
    const take = Math.min(remaining, segment.asns.length);
    leading.push({ type: 'as-sequence', asns: segment.asns.slice(0, take) });
    remaining -= take;
    if (take < segment.asns.length) {
      adjacent = false;
      break;
    }
  }
  return joinSequences([...leading, ...as4Path]);
}

/** Adjacent AS_SEQUENCE segments as one, so a merged path looks like the one the sender had. */
function joinSequences(segments: readonly AsPathSegment[]): AsPathSegment[] {
  const out: AsPathSegment[] = [];
  for (const s of segments) {
    const last = out[out.length - 1];
    if (last !== undefined && last.type === 'as-sequence' && s.type === 'as-sequence') {
      out[out.length - 1] = { type: 'as-sequence', asns: [...last.asns, ...s.asns] };
    } else {
      out.push(s);
    }
  }
  return out;
}

/** §4.2.2: an OLD peer gets AS4_PATH only when the path has an AS number above 65535. */
export function needsAs4Path(asPath: readonly AsPathSegment[]): boolean {
  return asPath.some((s) => !isConfedSegment(s) && s.asns.some((asn) => asn > 0xffff));
}

/** §3: AS4_PATH never carries confederation segments. */
export function as4PathOf(asPath: readonly AsPathSegment[]): AsPathSegment[] {
  return asPath.filter((s) => !isConfedSegment(s));
}
