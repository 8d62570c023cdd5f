/**
 * ADD-PATH capability, code 69 (RFC 7911 §4): per family AFI (2), SAFI (1), Send/Receive (1):
 * 1 = receive, 2 = send, 3 = both. Any other Send/Receive value makes the capability malformed.
 */
import {
  CapabilityProblem,
  type AddPathCapability,
  type AddPathDirection,
  type CapabilityCodec,
} from './types.js';

const DIRECTIONS: readonly (AddPathDirection | undefined)[] = [undefined, 'receive', 'send', 'both'];

export const addPath: CapabilityCodec<'add-path'> = {
  code: 69,
  name: 'add-path',
  decode(value) {
    if (value.length % 4 !== 0) throw new CapabilityProblem(`length ${value.length} is not a multiple of 4`);
    const families: AddPathCapability['families'][number][] = [];
    while (!value.isAtEnd()) {
      const afi = value.u16();
      const safi = value.u8();
      const code = value.u8();
      const direction = DIRECTIONS[code];
      if (direction === undefined) throw new CapabilityProblem(`Send/Receive value ${code} is not 1, 2 or 3`);
      families.push({ afi, safi, direction });
    }
    return { name: 'add-path', families };
  },
  encode(c, w) {
    for (const f of c.families) w.u16(f.afi).u8(f.safi).u8(DIRECTIONS.indexOf(f.direction));
  },
};
