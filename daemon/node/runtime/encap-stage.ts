// The encapsulation stage: the graph's RemoteRoutes drive routing/encap's VxlanManager (device
// twill.vxlan), WireGuardManager (twill.wg, kernel WireGuard or wireguard-go) and, through IpipDriver,
// IpipManager (twill.ipip; an unsupported kernel is reported, not retried: ipip-driver.ts), created
// when a pool first asks for them. Their routes are handed back (routes()) and go to the kernel through the node's
// one reconciler together with the BGP routes, so the restart gate covers them too. Devices are never
// deleted on exit: on a restart the managers adopt the device with the same parameters, the neighbour
// and FDB entries and WireGuard peers are changed by difference, so nothing flaps.
import { errorMessage, type IpAddress, type Logger } from '../../../common/index.js';
import {
  detectWireGuardBackend,
  KernelLinkOps,
  VxlanManager,
  WireGuardManager,
  type EncapManager,
  type LinkOps,
  type RemoteNode,
} from '../../../routing/encap/index.js';
import type { DesiredRoute } from '../../../routing/routetable/index.js';
import type { RemoteRoutes } from '../calc/index.js';
import { encapInputs, type EncapInputs } from './encap-inputs.js';
import { IpipDriver, type IpipStatus } from './ipip-driver.js';
import { SerialApplier } from './serial-applier.js';
import { wireGuardGoLauncher } from './wireguard-go-launch.js';

export const VXLAN_DEVICE = 'twill.vxlan';
export const VXLAN6_DEVICE = 'twill.vxlan6';
export const WIREGUARD_DEVICE = 'twill.wg';

export interface EncapStageOptions {
  readonly nodeName: string;
  readonly vxlanVni: number;
  readonly vxlanPort: number;
  readonly wireguardListenPort: number;
  readonly wireguardKeyFile: string;
  readonly wireguardSocketDir: string;
  readonly log: Logger;
  /** Called after each successful apply, with what the wants are now (for the Node write-back). */
  readonly onApplied: (inputs: EncapInputs) => void;
  /** The kernel seam; default the real one (tests give routing/encap's FakeLinkOps). */
  readonly ops?: LinkOps;
}

export interface EncapStageStatus {
  readonly vxlan: boolean;
  readonly vxlan6: boolean;
  readonly wireguard: 'off' | 'kernel' | 'userspace';
  /** `unsupported`: a pool asks for IP-in-IP and this kernel has none (ipipError says which pools). */
  readonly ipip: IpipStatus['state'];
  readonly ipipPools?: readonly string[];
  readonly ipipError?: string;
  readonly routes: number;
  readonly failures: number;
  readonly lastError?: string;
}

export class EncapStage {
  private readonly ops: LinkOps;
  private readonly ipip: IpipDriver;
  private vxlan: VxlanManager | undefined;
  private vxlan6: VxlanManager | undefined;
  private wireguard: WireGuardManager | undefined;
  private wireguardKind: EncapStageStatus['wireguard'] = 'off';
  private address: IpAddress | undefined;
  private address6: IpAddress | undefined;
  private inputs: EncapInputs = encapInputs(undefined);
  private current: DesiredRoute[] = [];
  private lastError: string | undefined;
  private readonly applier: SerialApplier;

  constructor(private readonly options: EncapStageOptions) {
    this.ops = options.ops ?? new KernelLinkOps();
    this.ipip = new IpipDriver(this.ops, options.log);
    this.applier = new SerialApplier({
      what: 'encapsulation apply',
      log: options.log,
      apply: () => this.applyNow(),
    });
  }

  /** This node's underlay addresses: IPv4 (VTEP of twill.vxlan, WireGuard endpoint) and IPv6 (twill.vxlan6). */
  setLocalAddresses(address: IpAddress | undefined, address6: IpAddress | undefined): void {
    if (
      address?.toString() === this.address?.toString() &&
      address6?.toString() === this.address6?.toString()
    )
      return;
    this.address = address;
    this.address6 = address6;
    this.applier.schedule();
  }

  setRemote(remote: RemoteRoutes): void {
    this.inputs = encapInputs(remote);
    this.applier.schedule();
  }

  /** Routes to tunnelled blocks as of the last successful apply. */
  routes(): readonly DesiredRoute[] {
    return this.current;
  }

  status(): EncapStageStatus {
    const ipip = this.ipip.status();
    return {
      ipip: ipip.state,
      ...(ipip.pools.length === 0 ? {} : { ipipPools: ipip.pools }),
      ...(ipip.error === undefined ? {} : { ipipError: ipip.error }),
      vxlan: this.vxlan !== undefined,
      vxlan6: this.vxlan6 !== undefined,
      wireguard: this.wireguardKind,
      routes: this.current.length,
      failures: this.applier.failures,
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
    };
  }

  /** Stops applying. Devices, peers and routes stay (the restart contract); wireguard-go keeps running. */
  close(): void {
    this.applier.close();
    this.ops.close();
  }

  /** One pass; a throw makes the applier log it and retry with backoff. */
  private async applyNow(): Promise<void> {
    if (this.address === undefined) return;
    const inputs = this.inputs;
    const local = { name: this.options.nodeName, address: this.address };
    try {
      const routes: DesiredRoute[] = [];
      if (inputs.vxlan.length > 0 || this.vxlan !== undefined) {
        this.vxlan ??= this.vxlanManager(VXLAN_DEVICE);
        routes.push(...(await this.drive(this.vxlan, local, inputs.vxlan)));
      }
      const address6 = this.address6;
      if (address6 !== undefined && (inputs.vxlan6.length > 0 || this.vxlan6 !== undefined)) {
        this.vxlan6 ??= this.vxlanManager(VXLAN6_DEVICE);
        routes.push(...(await this.drive(this.vxlan6, { ...local, address: address6 }, inputs.vxlan6)));
      }
      routes.push(...(await this.ipip.apply(local, inputs.ipip, inputs.ipipPools)));
      if (inputs.wantWireguard || this.wireguard !== undefined) {
        const manager = await this.wireguardManager();
        routes.push(...(await this.drive(manager, local, inputs.wireguard)));
      }
      this.lastError = undefined;
      const changed = JSON.stringify(routes) !== JSON.stringify(this.current);
      this.current = routes;
      if (changed) this.options.log.info('encapsulation applied', { routes: routes.length });
      this.options.onApplied(inputs);
    } catch (error) {
      this.lastError = errorMessage(error);
      throw error;
    }
  }

  /** Tells the manager the current remote set (removing nodes gone since) and applies it. */
  private async drive(
    manager: EncapManager,
    local: { name: string; address: IpAddress },
    remotes: readonly RemoteNode[],
  ): Promise<readonly DesiredRoute[]> {
    manager.onLocalUpdate(local);
    const names = new Set(remotes.map((r) => r.name));
    for (const name of this.told.get(manager) ?? []) if (!names.has(name)) manager.onRemoteRemove(name);
    for (const remote of remotes) manager.onRemoteUpdate(remote);
    this.told.set(manager, names);
    await manager.completeDeferredWork();
    return manager.routes();
  }

  private readonly told = new Map<EncapManager, Set<string>>();

  private vxlanManager(deviceName: string): VxlanManager {
    return new VxlanManager({
      ops: this.ops,
      log: this.options.log,
      deviceName,
      // One VNI for both devices: the kernel keys VXLAN sockets by family too.
      vni: this.options.vxlanVni,
      port: this.options.vxlanPort,
      // The graph already chose per block (CrossSubnet included): every block given is tunnelled.
      scope: 'always',
    });
  }

  private async wireguardManager(): Promise<WireGuardManager> {
    if (this.wireguard !== undefined) return this.wireguard;
    const backend = await detectWireGuardBackend({
      ops: this.ops,
      socketDir: this.options.wireguardSocketDir,
      launch: wireGuardGoLauncher(this.options.wireguardSocketDir),
      log: this.options.log,
    });
    this.wireguardKind = backend.kind;
    this.options.log.info('WireGuard backend', { backend: backend.kind, device: WIREGUARD_DEVICE });
    this.wireguard = new WireGuardManager({
      ops: this.ops,
      backend,
      keyFile: this.options.wireguardKeyFile,
      deviceName: WIREGUARD_DEVICE,
      listenPort: this.options.wireguardListenPort,
      log: this.options.log,
    });
    return this.wireguard;
  }
}
