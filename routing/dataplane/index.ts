// Public API of routing/dataplane: the drivers that join managers to the route reconciler.
export { EncapDataplane, type EncapDataplaneOptions, type RouteSink } from './encap-dataplane.js';
