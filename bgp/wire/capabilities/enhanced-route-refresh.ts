/** Enhanced Route Refresh capability, code 70 (RFC 7313 §3.1): no value; enables BoRR/EoRR. */
import { expectEmpty } from './empty-capability.js';
import type { CapabilityCodec } from './types.js';

export const enhancedRouteRefresh: CapabilityCodec<'enhanced-route-refresh'> = {
  code: 70,
  name: 'enhanced-route-refresh',
  decode(value) {
    expectEmpty(value);
    return { name: 'enhanced-route-refresh' };
  },
  encode() {},
};
