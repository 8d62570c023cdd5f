/**
 * AS_PATH segments (RFC 4271 §4.3, RFC 5065 §3): type (1), number of ASes (1), then 2- or 4-octet AS
 * numbers. Shared by AS_PATH and AS4_PATH. RFC 7606 §7.2: an unrecognized segment type, a zero segment
 * length or a segment overrunning the attribute makes the path malformed.
 */
import { Reader, Writer } from '../../../common/index.js';
import { AS_TRANS } from '../constants.js';
import { UpdateSubcode } from '../notification-codes.js';
import { AttributeProblem, type AsPathSegment, type AsPathSegmentType } from './types.js';

const TYPES: readonly (AsPathSegmentType | undefined)[] = [
  undefined,
  'as-set', // 1
  'as-sequence', // 2
  'as-confed-sequence', // 3 (RFC 5065)
  'as-confed-set', // 4 (RFC 5065)
];

export function isConfedSegment(segment: AsPathSegment): boolean {
  return segment.type === 'as-confed-sequence' || segment.type === 'as-confed-set';
}

export function decodeSegments(value: Reader, asnOctets: 2 | 4): AsPathSegment[] {
  const segments: AsPathSegment[] = [];
  while (!value.isAtEnd()) {
    if (value.remaining < 2) throw malformedPath('a segment header is truncated');
    const typeCode = value.u8();
    const count = value.u8();
    const type = TYPES[typeCode];
    if (type === undefined) throw malformedPath(`unrecognized segment type ${typeCode}`);
    if (count === 0) throw malformedPath('a segment of length zero');
    if (count * asnOctets > value.remaining) throw malformedPath('a segment overruns the attribute');
    const asns = new Array<number>(count);
    for (let i = 0; i < count; i++) asns[i] = asnOctets === 4 ? value.u32() : value.u16();
    segments.push({ type, asns });
  }
  return segments;
}

/**
 * Writes segments; a segment longer than 255 ASes is split into several of the same type (RFC 4271
 * §5.1.2 does the same when prepending). With 2-octet encoding, AS numbers above 65535 become AS_TRANS
 * (RFC 6793 §4.2.2); AS4_PATH restores them except in confederation segments, which it cannot carry
 * (§3), so an OLD speaker never learns a 4-octet confederation member AS.
 */
export function encodeSegments(segments: readonly AsPathSegment[], w: Writer, asnOctets: 2 | 4): void {
  for (const segment of segments) {
    const typeCode = TYPES.indexOf(segment.type);
    for (let start = 0; start < segment.asns.length; start += 255) {
      const part = segment.asns.slice(start, start + 255);
      w.u8(typeCode).u8(part.length);
      for (const asn of part) {
        if (asnOctets === 4) w.u32(asn);
        else w.u16(asn > 0xffff ? AS_TRANS : asn);
      }
    }
  }
}

export function malformedPath(message: string): AttributeProblem {
  return new AttributeProblem('MALFORMED_AS_PATH', UpdateSubcode.MALFORMED_AS_PATH, message);
}
