/**
 * ORIGIN, type 1, well-known mandatory (RFC 4271 §5.1.1): IGP (0), EGP (1), INCOMPLETE (2).
 * RFC 7606 §7.1: a length other than 1 or an undefined value is treat-as-withdraw.
 */
import { AttributeFlag, AttributeCode } from '../constants.js';
import { UpdateSubcode } from '../notification-codes.js';
import { expectLength } from './checks.js';
import { AttributeProblem, type AttributeCodec, type Origin } from './types.js';

const ORIGINS: readonly Origin[] = ['igp', 'egp', 'incomplete'];

export const origin: AttributeCodec<'origin'> = {
  code: AttributeCode.ORIGIN,
  name: 'ORIGIN',
  flags: AttributeFlag.TRANSITIVE,
  key: 'origin',
  malformed: 'treat-as-withdraw',
  decode(value) {
    expectLength(value, 1);
    const code = value.u8();
    const result = ORIGINS[code];
    if (result === undefined) {
      throw new AttributeProblem(
        'INVALID_ORIGIN_ATTRIBUTE',
        UpdateSubcode.INVALID_ORIGIN_ATTRIBUTE,
        `ORIGIN value ${code}`,
      );
    }
    return result;
  },
  encode(value, w) {
    w.u8(ORIGINS.indexOf(value));
  },
};
