// Kernel WireGuard: the link is created over rtnetlink (kind "wireguard"), configured with
// WG_CMD_SET_DEVICE and read with WG_CMD_GET_DEVICE on the "wireguard" genetlink family. This machine's
// kernel has no WireGuard, so this path is covered by the codec tests and by detection only.
import {
  decodeWgDevice,
  encodeWgDevice,
  WG_CMD_GET_DEVICE,
  WG_CMD_SET_DEVICE,
  type NetlinkSocket,
  type WgDevice,
  type WgPeer,
} from '../../netlink/index.js';
import type { LinkOps } from '../link-ops.js';
import type { WireGuardBackend } from './backend.js';

export class KernelWireGuardBackend implements WireGuardBackend {
  readonly kind = 'kernel' as const;
  private readonly socket: NetlinkSocket;
  private readonly familyId: number;
  private readonly ops: LinkOps;

  constructor(options: { socket: NetlinkSocket; familyId: number; ops: LinkOps }) {
    this.socket = options.socket;
    this.familyId = options.familyId;
    this.ops = options.ops;
  }

  async ensureDevice(ifname: string): Promise<void> {
    if ((await this.ops.links()).some((l) => l.name === ifname)) return;
    await this.ops.createLink({ index: 0, name: ifname, info: { kind: 'wireguard' } });
  }

  async getDevice(ifname: string): Promise<WgDevice> {
    // A device with many peers comes back in several parts; peers of one device are concatenated.
    const replies = await this.socket.dump({
      type: this.familyId,
      payload: encodeWgDevice(WG_CMD_GET_DEVICE, { ifname }),
    });
    let device: WgDevice = {};
    const peers: WgPeer[] = [];
    for (const reply of replies) {
      const part = decodeWgDevice(reply.payload).device;
      device = { ...device, ...part };
      peers.push(...(part.peers ?? []));
    }
    return { ...device, peers };
  }

  async setDevice(ifname: string, device: WgDevice): Promise<void> {
    await this.socket.request({
      type: this.familyId,
      payload: encodeWgDevice(WG_CMD_SET_DEVICE, { ...device, ifname }),
    });
  }

  close(): void {
    this.socket.close();
  }
}
