/**
 * LARGE_COMMUNITY, type 32, optional transitive (RFC 8092 §3): 12-octet communities (Global
 * Administrator, Local Data Part 1, Local Data Part 2). RFC 8092 §6: a length that is not a non-zero
 * multiple of 12 is treat-as-withdraw; duplicates are not an error.
 */
import { AttributeFlag, AttributeCode } from '../constants.js';
import { expectNonZeroMultiple } from './checks.js';
import type { AttributeCodec, LargeCommunity } from './types.js';

export const largeCommunities: AttributeCodec<'largeCommunities'> = {
  code: AttributeCode.LARGE_COMMUNITY,
  name: 'LARGE_COMMUNITY',
  flags: AttributeFlag.OPTIONAL | AttributeFlag.TRANSITIVE,
  key: 'largeCommunities',
  malformed: 'treat-as-withdraw',
  decode(value) {
    expectNonZeroMultiple(value, 12);
    const out = new Array<LargeCommunity>(value.length / 12);
    for (let i = 0; i < out.length; i++) {
      out[i] = { globalAdministrator: value.u32(), localData1: value.u32(), localData2: value.u32() };
    }
    return out;
  },
  encode(value, w) {
    for (const c of value) w.u32(c.globalAdministrator).u32(c.localData1).u32(c.localData2);
  },
};

/** "4200000001:1:1" (RFC 8092 §3 notation). */
export function formatLargeCommunity(c: LargeCommunity): string {
  return `${c.globalAdministrator}:${c.localData1}:${c.localData2}`;
}
