// Public API of routing/encap: one manager per way of carrying pod traffic between nodes, the MTU
// detection they share, and the kernel seam they are driven through.
export { EncapError, type EncapErrorCode } from './errors.js';
export type { EncapKind, EncapScope, LocalNode, RemoteNode } from './node.js';
export type { EncapManager } from './manager.js';
export { encapOverheadBytes, tunnelMtuBytes } from './overhead.js';
export { detectUplink, findUplink, type Uplink } from './uplink.js';
export { KernelLinkOps, type LinkOps } from './link-ops.js';
export { encapsulates, routesFor, type PlannedRoutes, type RoutePlan } from './route-shapes.js';
export { vtepMacFor } from './vtep-mac.js';
export { NativeManager, type NativeManagerOptions } from './native-manager.js';
export {
  VXLAN_DEFAULT_PORT,
  VXLAN_DEFAULT_VNI,
  VxlanManager,
  vtepEntries,
  type VxlanManagerOptions,
} from './vxlan-manager.js';
export {
  ensureIpipDevice,
  IPIP_DEVICE,
  IpipManager,
  ipipUnsupported,
  type IpipDeviceOptions,
  type IpipManagerOptions,
} from './ipip-manager.js';
export { detectWireGuardBackend, type DetectOptions, type WireGuardBackend } from './wireguard/backend.js';
export { KernelWireGuardBackend } from './wireguard/kernel-backend.js';
export {
  launchWireGuardGo,
  UserspaceWireGuardBackend,
  type UserspaceBackendOptions,
  type WireGuardGoLauncher,
} from './wireguard/userspace-backend.js';
export { UapiClient, uapiSocketPath, UAPI_SOCKET_DIR } from './wireguard/uapi-client.js';
export {
  decodeUapiGet,
  encodeUapiSet,
  parseEndpoint,
  formatEndpoint,
  uapiErrno,
} from './wireguard/uapi-codec.js';
export {
  decodeKey,
  generateKeyPair,
  keyPairFromPrivate,
  loadOrCreateKeyPair,
  writeKeyFile,
  type WireGuardKeyPair,
} from './wireguard/keys.js';
export {
  deviceChange,
  WIREGUARD_DEFAULT_PORT,
  WireGuardManager,
  type WireGuardManagerOptions,
} from './wireguard/wireguard-manager.js';
