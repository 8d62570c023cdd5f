// Public API of the native layer: thin typed wrappers over the N-API addons in this folder.
export { NativeLoadError } from './load-addon.js';
export {
  errnoName,
  NativeSocketError,
  NETLINK_GENERIC,
  NETLINK_ROUTE,
  openRawNetlinkSocket,
  type OnNetlinkData,
  type RawNetlinkSocket,
  type RawNetlinkSocketOptions,
} from './netlink/netlink-socket.js';
export {
  closeFd,
  getIntSockOpt,
  openTcpSocket,
  savedSynTtl,
  setMinTtl,
  setSaveSyn,
  setTcpMd5Key,
  setTtl,
  TCP_MD5_MAX_KEY_OCTETS,
} from './tcpsock/tcp-socket-options.js';
export { openUdpTtlSocket, type OnUdpDatagram, type UdpTtlSocket } from './udpttl/udp-ttl-socket.js';
