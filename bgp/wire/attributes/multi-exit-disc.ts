/**
 * MULTI_EXIT_DISC, type 4, optional non-transitive (RFC 4271 §5.1.4): 4-octet metric.
 * RFC 7606 §7.4: a length other than 4 is treat-as-withdraw.
 */
import { AttributeFlag, AttributeCode } from '../constants.js';
import { expectLength } from './checks.js';
import type { AttributeCodec } from './types.js';

export const multiExitDisc: AttributeCodec<'multiExitDisc'> = {
  code: AttributeCode.MULTI_EXIT_DISC,
  name: 'MULTI_EXIT_DISC',
  flags: AttributeFlag.OPTIONAL,
  key: 'multiExitDisc',
  malformed: 'treat-as-withdraw',
  decode(value) {
    expectLength(value, 4);
    return value.u32();
  },
  encode(value, w) {
    w.u32(value);
  },
};
