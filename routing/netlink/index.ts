// Public API of routing/netlink: the socket, the typed errors and the pure rtnetlink/genetlink codec.
export { NetlinkError, type NetlinkErrorCode } from './errors.js';
export { errnoToName } from './kernel-error.js';
export {
  NetlinkSocket,
  type BatchOptions,
  type BatchResult,
  type NetlinkRequest,
  type NetlinkSocketOptions,
} from './socket.js';
export * from './codec/nl-constants.js';
export * from './codec/rt-constants.js';
export { Attributes, addressFromBytes, macFromString, macToString } from './codec/attributes.js';
export { NlWriter, type MessageHeader } from './codec/nl-writer.js';
export {
  decodeErrorMessage,
  decodeMessages,
  type ExtendedAck,
  type NetlinkErrorMessage,
  type NetlinkMessage,
} from './codec/message.js';
export {
  decodeRoute,
  encodeRoute,
  encodeRouteDumpRequest,
  ROUTE_TYPES,
  routeFamily,
  type NextHop,
  type RouteMessage,
  type RouteMetrics,
  type RouteType,
} from './codec/route.js';
export { isNetlinkKernelError } from './errors.js';
export {
  linkUpDown,
  encodeLink,
  decodeLink,
  type LinkInfo,
  type LinkMessage,
  type VethPeer,
} from './codec/link.js';
export { addressPrefix, decodeAddress, encodeAddress, type AddressMessage } from './codec/address.js';
export {
  decodeNeighbour,
  encodeNeighbour,
  type NeighbourFamily,
  type NeighbourMessage,
} from './codec/neighbour.js';
export * from './codec/genl.js';
export * from './codec/wireguard.js';
export { resolveGenlFamily } from './genl-family.js';
export { encodeRouteGet, Rtnetlink, type RtnetlinkOptions } from './rtnetlink.js';
