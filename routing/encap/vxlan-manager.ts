// VXLAN: one Twill VTEP device (VNI, UDP 4789, local = node address, MTU = uplink − 50/70), and per
// remote VTEP a static FDB entry (its MAC → its node address) and a permanent neighbour entry (its node
// address → its MAC) on the device, so nothing floods and nothing is learned. Routes go to remote
// blocks via the remote node address on the device, onlink. The device's MAC is derived from the node
// name (vtep-mac.ts) and exposed as vtepMac for publishing.
import { nullLogger, type Logger } from '../../common/index.js';
import {
  NTF_SELF,
  NUD_PERMANENT,
  type LinkMessage,
  type NeighbourFamily,
  type NeighbourMessage,
} from '../netlink/index.js';
import type { DesiredRoute } from '../routetable/index.js';
import { EncapError } from './errors.js';
import type { LinkOps } from './link-ops.js';
import { EncapManagerBase, type EncapManager } from './manager.js';
import type { EncapScope, RemoteNode } from './node.js';
import { tunnelMtuBytes } from './overhead.js';
import { encapsulates, routesFor } from './route-shapes.js';
import { detectUplink, type Uplink } from './uplink.js';
import { vtepMacFor } from './vtep-mac.js';
import { ensureLinkUp, syncNeighbours } from './device-sync.js';

export const VXLAN_DEFAULT_PORT = 4789;
export const VXLAN_DEFAULT_VNI = 4096;

export interface VxlanManagerOptions {
  readonly ops: LinkOps;
  readonly log?: Logger;
  readonly deviceName?: string;
  readonly vni?: number;
  readonly port?: number;
  readonly scope?: EncapScope;
  /** Overrides MTU detection. */
  readonly mtuBytes?: number;
}

export class VxlanManager extends EncapManagerBase implements EncapManager {
  readonly kind = 'vxlan' as const;
  readonly deviceName: string;
  private readonly ops: LinkOps;
  private readonly log: Logger;
  private readonly vni: number;
  private readonly port: number;
  private readonly scope: EncapScope;
  private readonly mtuOverride: number | undefined;
  private uplinkSeen: Uplink | undefined;

  constructor(options: VxlanManagerOptions) {
    super();
    this.ops = options.ops;
    this.log = options.log ?? nullLogger;
    this.deviceName = options.deviceName ?? 'twill.vxlan';
    this.vni = options.vni ?? VXLAN_DEFAULT_VNI;
    this.port = options.port ?? VXLAN_DEFAULT_PORT;
    this.scope = options.scope ?? 'always';
    this.mtuOverride = options.mtuBytes;
  }

  /** The VTEP MAC to publish, known once the local node is. */
  get vtepMac(): string | undefined {
    return this.local === undefined ? undefined : vtepMacFor(this.local.name);
  }

  /** The uplink found by the last completeDeferredWork(). */
  get uplink(): Uplink | undefined {
    return this.uplinkSeen;
  }

  async completeDeferredWork(): Promise<void> {
    const local = this.local;
    if (local === undefined) return;
    const uplink = await detectUplink(this.ops, local.address);
    this.uplinkSeen = uplink;
    const mtuBytes = this.mtuOverride ?? tunnelMtuBytes('vxlan', uplink.mtuBytes, local.address.family);
    const mac = vtepMacFor(local.name);
    const device = await this.ensureDevice(local.address, uplink, mtuBytes, mac);

    const routes: DesiredRoute[] = [];
    const wanted: NeighbourMessage[] = [];
    for (const remote of this.sortedRemotes()) {
      if (!encapsulates(remote, this.scope, uplink.subnet)) {
        routes.push(...this.planned(remote, routesFor(remote, { kind: 'native', gateway: remote.address })));
        continue;
      }
      if (remote.vtepMac === undefined) {
        // Without its MAC the remote's VTEP would drop our frames; no route beats a black hole.
        this.log.warn('remote node has no VTEP MAC yet; not routing to it', { node: remote.name });
        continue;
      }
      wanted.push(...vtepEntries(device.index, remote, remote.vtepMac));
      routes.push(...this.planned(remote, routesFor(remote, { kind: 'tunnel-onlink', oif: device.index })));
    }
    await syncNeighbours(this.ops, device.index, wanted);
    this.current = routes;
    this.dirty = false;
  }

  /** Deletes the device (and with it its FDB, neighbours and routes): switching encapsulation off. */
  async removeDevice(): Promise<void> {
    const link = (await this.ops.links()).find((l) => l.name === this.deviceName);
    if (link !== undefined) await this.ops.deleteLink(link.index);
    this.current = [];
  }

  private planned(remote: RemoteNode, p: { routes: DesiredRoute[]; skipped: unknown[] }): DesiredRoute[] {
    if (p.skipped.length > 0) {
      this.log.warn('blocks of another family than the node address are not routed', { node: remote.name });
    }
    return p.routes;
  }

  private async ensureDevice(
    local: RemoteNode['address'],
    uplink: Uplink,
    mtuBytes: number,
    mac: string,
  ): Promise<LinkMessage> {
    let link = (await this.ops.links()).find((l) => l.name === this.deviceName);
    const info = link?.info;
    const same =
      info?.kind === 'vxlan' &&
      info.vni === this.vni &&
      info.port === this.port &&
      info.local?.equals(local) === true &&
      info.dev === uplink.index;
    if (link !== undefined && !same) {
      // VNI, port and local address cannot change on a live device: recreate it.
      this.log.info('recreating VXLAN device with new parameters', { device: this.deviceName });
      await this.ops.deleteLink(link.index);
      link = undefined;
    }
    if (link === undefined) {
      await this.ops.createLink({
        index: 0,
        name: this.deviceName,
        mtu: mtuBytes,
        address: mac,
        info: { kind: 'vxlan', vni: this.vni, port: this.port, local, dev: uplink.index, learning: false },
      });
      link = (await this.ops.links()).find((l) => l.name === this.deviceName);
      if (link === undefined) {
        throw new EncapError('DEVICE_ERROR', `VXLAN device ${this.deviceName} was created but is not listed`);
      }
    }
    if (link.mtu !== mtuBytes || link.address !== mac) {
      await this.ops.setLink({ index: link.index, mtu: mtuBytes, address: mac });
    }
    await ensureLinkUp(this.ops, link);
    return link;
  }
}

/** The FDB entry (MAC → node address) and neighbour entry (node address → MAC) for one remote VTEP. */
export function vtepEntries(index: number, remote: RemoteNode, mac: string): NeighbourMessage[] {
  const family: NeighbourFamily = remote.address.family === 4 ? 'inet' : 'inet6';
  return [
    { family: 'bridge', index, state: NUD_PERMANENT, flags: NTF_SELF, lladdr: mac, dst: remote.address },
    { family, index, state: NUD_PERMANENT, dst: remote.tunnelGateway ?? remote.address, lladdr: mac },
  ];
}
