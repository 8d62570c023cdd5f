// Public API of routing/routetable: the reconciler, what callers declare, and the kernel seam.
export { Backoff, type BackoffOptions } from './backoff.js';
export {
  IPV6_DEFAULT_PRIORITY,
  normalizeRoute,
  routeKey,
  routeMatches,
  RTPROT_TWILL,
  type DesiredRoute,
  type DesiredRouteType,
} from './desired-route.js';
export { DRIFT_KINDS, DriftRepairs, type DriftKind } from './drift-repairs.js';
export { RouteTableError, type RouteTableErrorCode } from './errors.js';
export {
  RouteTableReconciler,
  type ApplyResult,
  type ReconcilerEvent,
  type ReconcilerOptions,
  type ReconcilerStatus,
  type RouteFailure,
} from './reconciler.js';
export {
  KernelRouteNetlink,
  type KernelRouteNetlinkOptions,
  type RouteChange,
  type RouteChangeKind,
  type RouteEvent,
  type RouteNetlink,
} from './route-netlink.js';
