/**
 * AS_PATH operations of import and export (RFC 4271 §5.1.2, §9.1.2), on the decoded segments. AS numbers
 * are always 4-octet values here; AS4_PATH and AS_TRANS are the codec's business (RFC 6793).
 */
import type { AsPathSegment } from '../wire/attributes/types.js';

/** RFC 4271 §4.3: a segment's length field is one octet. */
export const MAX_SEGMENT_ASNS = 255;

/** How many times `asn` appears in AS_SEQUENCE and AS_SET segments (confederation segments hold member ASes). */
export function countAs(asPath: readonly AsPathSegment[] | undefined, asn: number): number {
  let count = 0;
  for (const segment of asPath ?? []) {
    if (segment.type !== 'as-sequence' && segment.type !== 'as-set') continue;
    for (const member of segment.asns) if (member === asn) count++;
  }
  return count;
}

/**
 * §5.1.2 (b): towards an external peer, the speaker prepends its own AS: into the leading AS_SEQUENCE
 * when there is room, else as a new AS_SEQUENCE segment (also when the path starts with an AS_SET).
 */
export function prependAs(asPath: readonly AsPathSegment[] | undefined, asn: number): AsPathSegment[] {
  const segments = asPath ?? [];
  const first = segments[0];
  if (first !== undefined && first.type === 'as-sequence' && first.asns.length < MAX_SEGMENT_ASNS) {
    return [{ type: 'as-sequence', asns: [asn, ...first.asns] }, ...segments.slice(1)];
  }
  return [{ type: 'as-sequence', asns: [asn] }, ...segments];
}

/** RFC 5065 §5.3: confederation segments never leave the confederation. */
export function withoutConfederationSegments(asPath: readonly AsPathSegment[]): AsPathSegment[] {
  return asPath.filter((s) => s.type === 'as-sequence' || s.type === 'as-set');
}
