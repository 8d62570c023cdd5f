/**
 * COMMUNITIES, type 8, optional transitive (RFC 1997): a list of 4-octet communities.
 * RFC 7606 §7.8: a length that is not a non-zero multiple of 4 is treat-as-withdraw.
 */
import { AttributeFlag, AttributeCode } from '../constants.js';
import { expectNonZeroMultiple } from './checks.js';
import type { AttributeCodec } from './types.js';

export const communities: AttributeCodec<'communities'> = {
  code: AttributeCode.COMMUNITIES,
  name: 'COMMUNITIES',
  flags: AttributeFlag.OPTIONAL | AttributeFlag.TRANSITIVE,
  key: 'communities',
  malformed: 'treat-as-withdraw',
  decode(value) {
    expectNonZeroMultiple(value, 4);
    const out = new Array<number>(value.length / 4);
    for (let i = 0; i < out.length; i++) out[i] = value.u32();
    return out;
  },
  encode(value, w) {
    for (const c of value) w.u32(c);
  },
};

/** "65000:100" for a community value (RFC 1997 §3 notation). */
export function formatCommunity(value: number): string {
  return `${value >>> 16}:${value & 0xffff}`;
}
