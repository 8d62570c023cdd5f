/**
 * Multiprotocol Extensions capability, code 1 (RFC 4760 §8): AFI (2), Reserved (1), SAFI (1).
 * One per family the speaker supports.
 */
import { CapabilityProblem, type CapabilityCodec } from './types.js';

export const multiprotocol: CapabilityCodec<'multiprotocol'> = {
  code: 1,
  name: 'multiprotocol',
  decode(value) {
    if (value.length !== 4) throw new CapabilityProblem(`length ${value.length}, expected 4`);
    const afi = value.u16();
    value.skip(1); // Reserved: "SHOULD be set to 0 by the sender and ignored by the receiver"
    return { name: 'multiprotocol', afi, safi: value.u8() };
  },
  encode(c, w) {
    w.u16(c.afi).u8(0).u8(c.safi);
  },
};
