/**
 * ATOMIC_AGGREGATE, type 6, well-known discretionary (RFC 4271 §5.1.6): no value.
 * RFC 7606 §7.6: a length other than 0 is attribute discard.
 */
import { AttributeFlag, AttributeCode } from '../constants.js';
import { expectLength } from './checks.js';
import type { AttributeCodec } from './types.js';

export const atomicAggregate: AttributeCodec<'atomicAggregate'> = {
  code: AttributeCode.ATOMIC_AGGREGATE,
  name: 'ATOMIC_AGGREGATE',
  flags: AttributeFlag.TRANSITIVE,
  key: 'atomicAggregate',
  malformed: 'attribute-discard',
  decode(value) {
    expectLength(value, 0);
    return true;
  },
  encode() {},
};
