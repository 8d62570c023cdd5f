/**
 * Long-Lived Graceful Restart capability, code 71 (RFC 9494 §3): per family AFI (2), SAFI (1), Flags (1,
 * F bit = 0x80: forwarding state preserved) and the Long-lived Stale Time in seconds (3 octets).
 * Reserved flag bits are ignored on receipt and sent as zero.
 */
import { WireEncodeError } from '../errors.js';
import { CapabilityProblem, type CapabilityCodec, type LongLivedGracefulRestartFamily } from './types.js';

const FORWARDING_STATE = 0x80;
const MAX_STALE_TIME_SEC = 0xffffff;

export const longLivedGracefulRestart: CapabilityCodec<'long-lived-graceful-restart'> = {
  code: 71,
  name: 'long-lived-graceful-restart',
  decode(value) {
    if (value.remaining % 7 !== 0) {
      throw new CapabilityProblem(`length ${value.remaining} is not a multiple of 7`);
    }
    const families: LongLivedGracefulRestartFamily[] = [];
    while (!value.isAtEnd()) {
      const afi = value.u16();
      const safi = value.u8();
      const flags = value.u8();
      const staleTimeSec = (value.u8() << 16) | value.u16();
      families.push({ afi, safi, forwardingState: (flags & FORWARDING_STATE) !== 0, staleTimeSec });
    }
    return { name: 'long-lived-graceful-restart', families };
  },
  encode(c, w) {
    for (const f of c.families) {
      if (f.staleTimeSec < 0 || f.staleTimeSec > MAX_STALE_TIME_SEC || !Number.isInteger(f.staleTimeSec)) {
        throw new WireEncodeError(
          'INVALID_MESSAGE',
          `long-lived stale time ${f.staleTimeSec} s does not fit 24 bits`,
        );
      }
      w.u16(f.afi)
        .u8(f.safi)
        .u8(f.forwardingState ? FORWARDING_STATE : 0)
        .u8(f.staleTimeSec >>> 16)
        .u16(f.staleTimeSec & 0xffff);
    }
  },
};
