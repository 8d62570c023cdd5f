// Where the WireGuard device lives: in the kernel (configured over the "wireguard" genetlink family)
// or in wireguard-go (configured over its UAPI socket). Both take the same WgDevice; the manager does
// not care which. detectWireGuardBackend picks the kernel when the family exists, at run time.
import { isTwillError } from '../../../common/index.js';
import { NetlinkSocket, resolveGenlFamily, WG_GENL_NAME, type WgDevice } from '../../netlink/index.js';
import type { LinkOps } from '../link-ops.js';
import { KernelWireGuardBackend } from './kernel-backend.js';
import { UserspaceWireGuardBackend, type UserspaceBackendOptions } from './userspace-backend.js';

export interface WireGuardBackend {
  readonly kind: 'kernel' | 'userspace';
  /** Creates the interface if it does not exist; adopts it if it does (restart keeps sessions). */
  ensureDevice(ifname: string): Promise<void>;
  getDevice(ifname: string): Promise<WgDevice>;
  setDevice(ifname: string, device: WgDevice): Promise<void>;
  close(): void;
}

export interface DetectOptions extends Omit<UserspaceBackendOptions, 'ops'> {
  readonly ops: LinkOps;
  /** Namespace for the genetlink socket (tests); default: the process's own. */
  readonly netns?: string;
}

/** Kernel WireGuard if this kernel has the genetlink family, else wireguard-go. */
export async function detectWireGuardBackend(options: DetectOptions): Promise<WireGuardBackend> {
  const socket = NetlinkSocket.open({
    protocol: 'generic',
    ...(options.netns !== undefined ? { netns: options.netns } : {}),
  });
  try {
    const family = await resolveGenlFamily(socket, WG_GENL_NAME);
    return new KernelWireGuardBackend({ socket, familyId: family.id, ops: options.ops });
  } catch (err) {
    socket.close();
    if (!isTwillError(err, 'FAMILY_NOT_FOUND')) throw err;
    return new UserspaceWireGuardBackend(options);
  }
}
