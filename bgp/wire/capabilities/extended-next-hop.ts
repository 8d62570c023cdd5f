/**
 * Extended Next Hop Encoding capability, code 5 (RFC 8950 §3): per entry NLRI AFI (2), NLRI SAFI (2 —
 * two octets here, unlike elsewhere), Nexthop AFI (2). Lets IPv4 NLRI travel with an IPv6 next hop.
 */
import { CapabilityProblem, type CapabilityCodec, type ExtendedNextHopCapability } from './types.js';

export const extendedNextHop: CapabilityCodec<'extended-next-hop'> = {
  code: 5,
  name: 'extended-next-hop',
  decode(value) {
    if (value.length % 6 !== 0) throw new CapabilityProblem(`length ${value.length} is not a multiple of 6`);
    const entries: ExtendedNextHopCapability['entries'][number][] = [];
    while (!value.isAtEnd()) entries.push({ afi: value.u16(), safi: value.u16(), nextHopAfi: value.u16() });
    return { name: 'extended-next-hop', entries };
  },
  encode(c, w) {
    for (const e of c.entries) w.u16(e.afi).u16(e.safi).u16(e.nextHopAfi);
  },
};
