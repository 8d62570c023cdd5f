/** BGP Extended Message capability, code 6 (RFC 8654 §3): no value; messages up to 65535 octets. */
import { expectEmpty } from './empty-capability.js';
import type { CapabilityCodec } from './types.js';

export const extendedMessage: CapabilityCodec<'extended-message'> = {
  code: 6,
  name: 'extended-message',
  decode(value) {
    expectEmpty(value);
    return { name: 'extended-message' };
  },
  encode() {},
};
