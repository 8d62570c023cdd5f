/**
 * RFC 8326 graceful BGP session shutdown. Before taking a session (or the whole router) down, its routes
 * are advertised again with the well-known GRACEFUL_SHUTDOWN community, so the peers move traffic to
 * other paths while this one still works; and a route received with it gets LOCAL_PREF 0 (§4: "the
 * receiver ... SHOULD set LOCAL_PREF to 0 or a low value"), the lowest degree of preference.
 */
import { GRACEFUL_SHUTDOWN } from '../rib/export-policy.js';
import type { RouteAttributes } from '../rib/route-attributes.js';

export { GRACEFUL_SHUTDOWN, gracefulShutdownExport } from '../rib/export-policy.js';

/** Import side (§4): a route carrying GRACEFUL_SHUTDOWN gets LOCAL_PREF 0; others come back unchanged. */
export function gracefulShutdownImport(attributes: RouteAttributes): RouteAttributes {
  if (attributes.communities?.includes(GRACEFUL_SHUTDOWN) !== true) return attributes;
  if (attributes.localPref === 0) return attributes;
  return { ...attributes, localPref: 0 };
}
