/**
 * What the decision process needs from an AS_PATH: its length as §9.1.2.2 (a) counts it, and the
 * neighbouring AS whose MEDs are comparable (§9.1.2.2 c). Works on a structural view of the segments so
 * any decoded AS_PATH (bgp/wire) maps onto it without this file knowing the codec.
 */
import { assertNever } from '../../common/index.js';

/** Segment types: RFC 4271 §4.3 (1, 2) and RFC 5065 §3 (3, 4). */
export const AsPathSegmentType = {
  AS_SET: 1,
  AS_SEQUENCE: 2,
  AS_CONFED_SEQUENCE: 3,
  AS_CONFED_SET: 4,
} as const;
export type AsPathSegmentTypeValue = (typeof AsPathSegmentType)[keyof typeof AsPathSegmentType];

export interface AsPathSegmentView {
  readonly type: AsPathSegmentTypeValue;
  readonly asns: readonly number[];
}

/**
 * §9.1.2.2 (a): the number of ASes, where "an AS_SET counts as 1, no matter how many ASes are in the set";
 * RFC 5065 §5.3: confederation segments do not count, so paths through a confederation compare as if it
 * were one AS.
 */
export function decisionAsPathLength(segments: readonly AsPathSegmentView[]): number {
  let length = 0;
  for (const segment of segments) {
    switch (segment.type) {
      case AsPathSegmentType.AS_SEQUENCE:
        length += segment.asns.length;
        break;
      case AsPathSegmentType.AS_SET:
        if (segment.asns.length > 0) length += 1;
        break;
      case AsPathSegmentType.AS_CONFED_SEQUENCE:
      case AsPathSegmentType.AS_CONFED_SET:
        break;
      default:
        return assertNever(segment.type, 'AS_PATH segment type');
    }
  }
  return length;
}

/**
 * neighborAS() of §9.1.2.2 (c): the first AS of the path, i.e. the AS the route entered ours from. When
 * the path is empty or starts with an AS_SET (a route originated or aggregated inside our AS) it is the
 * local AS. Leading confederation segments are skipped: the neighbouring AS is the one outside the
 * confederation (RFC 5065 §5.3 treats the confederation as one AS to the outside).
 */
export function neighborAsForMed(segments: readonly AsPathSegmentView[], localAs: number): number {
  for (const segment of segments) {
    switch (segment.type) {
      case AsPathSegmentType.AS_CONFED_SEQUENCE:
      case AsPathSegmentType.AS_CONFED_SET:
        continue;
      case AsPathSegmentType.AS_SEQUENCE:
        if (segment.asns.length === 0) continue;
        return segment.asns[0] as number;
      case AsPathSegmentType.AS_SET:
        return localAs;
      default:
        return assertNever(segment.type, 'AS_PATH segment type');
    }
  }
  return localAs;
}
