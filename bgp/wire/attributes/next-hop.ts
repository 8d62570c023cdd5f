/**
 * NEXT_HOP, type 3, well-known (RFC 4271 §5.1.3): an IPv4 address. RFC 7606 §7.3: a length other than 4
 * is treat-as-withdraw. Whether the address can be a next hop at all is checked by the UPDATE decoder,
 * and only when the message has IPv4 NLRI (RFC 7606 §5.2: otherwise the attribute is ignored).
 */
import { IPv4Address } from '../../../common/index.js';
import { AttributeFlag, AttributeCode } from '../constants.js';
import { expectLength } from './checks.js';
import type { AttributeCodec } from './types.js';

export const nextHop: AttributeCodec<'nextHop'> = {
  code: AttributeCode.NEXT_HOP,
  name: 'NEXT_HOP',
  flags: AttributeFlag.TRANSITIVE,
  key: 'nextHop',
  malformed: 'treat-as-withdraw',
  decode(value) {
    expectLength(value, 4);
    return IPv4Address.fromNumber(value.u32());
  },
  encode(value, w) {
    w.u32(value.value);
  },
};

/**
 * RFC 4271 §6.3 "syntactically incorrect" NEXT_HOP: not a unicast host address (0.0.0.0/8, 127/8,
 * 224/4 multicast, 240/4 reserved and the limited broadcast address).
 */
export function isUnusableNextHop(address: IPv4Address): boolean {
  const first = address.value >>> 24;
  return first === 0 || first === 127 || first >= 224;
}
