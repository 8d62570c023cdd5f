/**
 * Graceful Restart capability, code 64 (RFC 4724 §3): Restart Flags (4 bits: R, and N from RFC 8538),
 * Restart Time in seconds (12 bits), then per family AFI (2), SAFI (1), Flags (1, F bit = 0x80).
 * Reserved bits are ignored on receipt and sent as zero.
 */
import { WireEncodeError } from '../errors.js';
import { CapabilityProblem, type CapabilityCodec, type GracefulRestartFamily } from './types.js';

const RESTART_STATE = 0x8000;
const NOTIFICATION = 0x4000;
const RESTART_TIME_MASK = 0x0fff;
const FORWARDING_STATE = 0x80;

export const gracefulRestart: CapabilityCodec<'graceful-restart'> = {
  code: 64,
  name: 'graceful-restart',
  decode(value) {
    if (value.length < 2 || (value.length - 2) % 4 !== 0) {
      throw new CapabilityProblem(`length ${value.length} is not 2 plus a multiple of 4`);
    }
    const flagsAndTime = value.u16();
    const families: GracefulRestartFamily[] = [];
    while (!value.isAtEnd()) {
      const afi = value.u16();
      const safi = value.u8();
      families.push({ afi, safi, forwardingState: (value.u8() & FORWARDING_STATE) !== 0 });
    }
    return {
      name: 'graceful-restart',
      restartState: (flagsAndTime & RESTART_STATE) !== 0,
      notification: (flagsAndTime & NOTIFICATION) !== 0,
      restartTimeSec: flagsAndTime & RESTART_TIME_MASK,
      families,
    };
  },
  encode(c, w) {
    if (c.restartTimeSec > RESTART_TIME_MASK) {
      throw new WireEncodeError('INVALID_MESSAGE', `restart time ${c.restartTimeSec} s does not fit 12 bits`);
    }
    w.u16((c.restartState ? RESTART_STATE : 0) | (c.notification ? NOTIFICATION : 0) | c.restartTimeSec);
    for (const f of c.families)
      w.u16(f.afi)
        .u8(f.safi)
        .u8(f.forwardingState ? FORWARDING_STATE : 0);
  },
};
