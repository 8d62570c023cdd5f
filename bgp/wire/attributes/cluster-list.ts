/**
 * CLUSTER_LIST, type 10, optional non-transitive (RFC 4456 §8): 4-octet CLUSTER_IDs, nearest first.
 * RFC 7606 §7.10: a length that is not a non-zero multiple of 4 is treat-as-withdraw.
 */
import { IPv4Address } from '../../../common/index.js';
import { AttributeFlag, AttributeCode } from '../constants.js';
import { expectNonZeroMultiple } from './checks.js';
import type { AttributeCodec } from './types.js';

export const clusterList: AttributeCodec<'clusterList'> = {
  code: AttributeCode.CLUSTER_LIST,
  name: 'CLUSTER_LIST',
  flags: AttributeFlag.OPTIONAL,
  key: 'clusterList',
  malformed: 'treat-as-withdraw',
  decode(value) {
    expectNonZeroMultiple(value, 4);
    const out = new Array<IPv4Address>(value.length / 4);
    for (let i = 0; i < out.length; i++) out[i] = IPv4Address.fromNumber(value.u32());
    return out;
  },
  encode(value, w) {
    for (const id of value) w.u32(id.value);
  },
};
