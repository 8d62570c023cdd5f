/**
 * Support for 4-octet AS Number capability, code 65 (RFC 6793 §3): the speaker's AS in 4 octets.
 * AS 0 is not rejected here: RFC 7607 makes it Bad Peer AS, which the OPEN decoder reports.
 */
import { CapabilityProblem, type CapabilityCodec } from './types.js';

export const fourOctetAs: CapabilityCodec<'four-octet-as'> = {
  code: 65,
  name: 'four-octet-as',
  decode(value) {
    if (value.length !== 4) throw new CapabilityProblem(`length ${value.length}, expected 4`);
    return { name: 'four-octet-as', asn: value.u32() };
  },
  encode(c, w) {
    w.u32(c.asn);
  },
};
