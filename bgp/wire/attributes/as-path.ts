/**
 * AS_PATH, type 2, well-known mandatory (RFC 4271 §5.1.2): segments of 2-octet AS numbers, or 4-octet
 * ones when RFC 6793 is negotiated. RFC 7606 §7.2: malformed segments, AS 0 (RFC 7607 §2) and
 * confederation segments from a peer outside the confederation are all treat-as-withdraw.
 */
import { AttributeFlag, AttributeCode } from '../constants.js';
import { decodeSegments, encodeSegments, isConfedSegment, malformedPath } from './as-path-segments.js';
import type { AttributeCodec } from './types.js';

export const asPath: AttributeCodec<'asPath'> = {
  code: AttributeCode.AS_PATH,
  name: 'AS_PATH',
  flags: AttributeFlag.TRANSITIVE,
  key: 'asPath',
  malformed: 'treat-as-withdraw',
  decode(value, ctx) {
    const segments = decodeSegments(value, ctx.fourOctetAs ? 4 : 2);
    for (const segment of segments) {
      if (segment.asns.includes(0)) throw malformedPath('AS 0 in AS_PATH (RFC 7607)');
      if (ctx.peerType === 'external' && isConfedSegment(segment)) {
        throw malformedPath('a confederation segment from a peer outside the confederation');
      }
    }
    return segments;
  },
  encode(value, w, ctx) {
    encodeSegments(value, w, ctx.fourOctetAs ? 4 : 2);
  },
};
