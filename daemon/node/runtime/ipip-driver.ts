// IP-in-IP (RFC 2003) for twill-node: routing/encap's IpipManager with the device twill.ipip, bound to
// the node's IPv4 address (IFLA_IPTUN_LOCAL; remote "any", so one device serves every remote node), MTU
// uplink − 20, and per remote block `via <remote node address> dev twill.ipip onlink`, as Calico does
// on tunl0.
//
// Kernel support is found at run time: creating the device is the probe. A kernel without ipip answers
// EOPNOTSUPP ("Unknown device type") → IPIP_UNSUPPORTED, which is not retried in a loop: the state
// becomes `unsupported`, an error naming the pools is logged once (again only if the pools change),
// status and metrics show it, and no route is programmed for those blocks — neither a tunnel route nor a
// native one (the kernel route plan leaves tunnelled blocks to the stage): a native route would send the
// pool's traffic unencapsulated into an underlay that was declared unable to carry it (leak or
// blackhole), so the blocks stay unreachable until the kernel can do IP-in-IP. Every later apply probes
// again (a `modprobe ipip` is picked up at the next change). Any other error propagates, so the stage's
// applier logs it and retries with backoff.
import { isTwillError, type IpAddress, type Logger } from '../../../common/index.js';
import { IpipManager, type LinkOps, type RemoteNode } from '../../../routing/encap/index.js';
import type { DesiredRoute } from '../../../routing/routetable/index.js';

export const IPIP_DEVICE_NAME = 'twill.ipip';

export type IpipState = 'off' | 'on' | 'unsupported';

export interface IpipStatus {
  readonly state: IpipState;
  /** The pools asking for IP-in-IP (sorted); empty when none does. */
  readonly pools: readonly string[];
  /** Set while `unsupported`: what is missing and what to do. */
  readonly error?: string;
}

export class IpipDriver {
  private manager: IpipManager | undefined;
  private told = new Set<string>();
  private state: IpipState = 'off';
  private pools: readonly string[] = [];
  private error: string | undefined;
  private loggedUnsupported = '';

  constructor(
    private readonly ops: LinkOps,
    private readonly log: Logger,
  ) {}

  /** Applies the wanted remote nodes; returns the routes to program (none while unsupported). */
  async apply(
    local: { readonly name: string; readonly address: IpAddress },
    remotes: readonly RemoteNode[],
    pools: readonly string[],
  ): Promise<readonly DesiredRoute[]> {
    this.pools = pools;
    if (remotes.length === 0 && this.manager === undefined) return [];
    this.manager ??= new IpipManager({
      ops: this.ops,
      log: this.log,
      deviceName: IPIP_DEVICE_NAME,
      // The graph already chose per block (CrossSubnet included): every block given is tunnelled.
      scope: 'always',
    });
    const manager = this.manager;
    manager.onLocalUpdate(local);
    const names = new Set(remotes.map((r) => r.name));
    for (const name of this.told) if (!names.has(name)) manager.onRemoteRemove(name);
    for (const remote of remotes) manager.onRemoteUpdate(remote);
    this.told = names;
    try {
      await manager.completeDeferredWork();
    } catch (error) {
      if (!isTwillError(error, 'IPIP_UNSUPPORTED')) throw error;
      this.unsupported(error.message, remotes);
      return [];
    }
    if (this.state === 'unsupported')
      this.log.info('IP-in-IP available now', { device: IPIP_DEVICE_NAME, pools: [...pools] });
    this.state = 'on';
    this.error = undefined;
    this.loggedUnsupported = '';
    return manager.routes();
  }

  status(): IpipStatus {
    return {
      state: this.state,
      pools: this.pools,
      ...(this.error === undefined ? {} : { error: this.error }),
    };
  }

  private unsupported(message: string, remotes: readonly RemoteNode[]): void {
    this.state = 'unsupported';
    this.error =
      `IPPool ${this.pools.join(', ')} asks for IP-in-IP, but ${message} ` +
      `Blocks of ${this.pools.length === 1 ? 'this pool' : 'these pools'} on other nodes are not routed.`;
    const key = this.pools.join(',');
    if (key === this.loggedUnsupported) return;
    this.loggedUnsupported = key;
    this.log.error('IP-in-IP not supported by this kernel; the pools’ remote blocks are not routed', {
      pools: [...this.pools],
      device: IPIP_DEVICE_NAME,
      blocks: remotes.flatMap((r) => r.blocks.map((b) => b.toString())),
      error: message,
    });
  }
}
