/**
 * AS4_PATH, type 17, optional transitive (RFC 6793 §3): the AS path in 4-octet AS numbers, sent next to
 * a 2-octet AS_PATH to OLD speakers. RFC 6793 §6 and RFC 7607: malformed (or with AS 0) is attribute
 * discard. Confederation segments are invalid here: §3 says to discard them and carry on.
 */
import { AttributeFlag, AttributeCode } from '../constants.js';
import { UpdateSubcode } from '../notification-codes.js';
import { decodeSegments, encodeSegments, isConfedSegment } from './as-path-segments.js';
import { AttributeProblem, type AttributeCodec } from './types.js';

export const as4Path: AttributeCodec<'as4Path'> = {
  code: AttributeCode.AS4_PATH,
  name: 'AS4_PATH',
  flags: AttributeFlag.OPTIONAL | AttributeFlag.TRANSITIVE,
  key: 'as4Path',
  malformed: 'attribute-discard',
  decode(value) {
    const segments = decodeSegments(value, 4);
    if (segments.some((s) => s.asns.includes(0))) {
      throw new AttributeProblem(
        'OPTIONAL_ATTRIBUTE_ERROR',
        UpdateSubcode.OPTIONAL_ATTRIBUTE_ERROR,
        'AS 0 in AS4_PATH',
      );
    }
    return segments.filter((s) => !isConfedSegment(s));
  },
  encode(value, w) {
    encodeSegments(value, w, 4);
  },
};
