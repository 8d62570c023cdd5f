/** Route Refresh capability, code 2 (RFC 2918 §2): no value. */
import { expectEmpty } from './empty-capability.js';
import type { CapabilityCodec } from './types.js';

export const routeRefresh: CapabilityCodec<'route-refresh'> = {
  code: 2,
  name: 'route-refresh',
  decode(value) {
    expectEmpty(value);
    return { name: 'route-refresh' };
  },
  encode() {},
};
