/**
 * LOCAL_PREF, type 5, well-known (RFC 4271 §5.1.5): 4-octet preference, only between internal peers.
 * RFC 7606 §7.5: from an external peer it is discarded (the UPDATE decoder does that before decoding);
 * otherwise a length other than 4 is treat-as-withdraw.
 */
import { AttributeFlag, AttributeCode } from '../constants.js';
import { expectLength } from './checks.js';
import type { AttributeCodec } from './types.js';

export const localPref: AttributeCodec<'localPref'> = {
  code: AttributeCode.LOCAL_PREF,
  name: 'LOCAL_PREF',
  flags: AttributeFlag.TRANSITIVE,
  key: 'localPref',
  malformed: 'treat-as-withdraw',
  decode(value) {
    expectLength(value, 4);
    return value.u32();
  },
  encode(value, w) {
    w.u32(value);
  },
};
