/**
 * ORIGINATOR_ID, type 9, optional non-transitive (RFC 4456 §8): the originator's BGP Identifier.
 * RFC 7606 §7.9: a length other than 4 is treat-as-withdraw.
 */
import { IPv4Address } from '../../../common/index.js';
import { AttributeFlag, AttributeCode } from '../constants.js';
import { expectLength } from './checks.js';
import type { AttributeCodec } from './types.js';

export const originatorId: AttributeCodec<'originatorId'> = {
  code: AttributeCode.ORIGINATOR_ID,
  name: 'ORIGINATOR_ID',
  flags: AttributeFlag.OPTIONAL,
  key: 'originatorId',
  malformed: 'treat-as-withdraw',
  decode(value) {
    expectLength(value, 4);
    return IPv4Address.fromNumber(value.u32());
  },
  encode(value, w) {
    w.u32(value.value);
  },
};
