// IP-in-IP: by default the kernel's ipip fallback device (tunl0: local and remote "any", so one device
// serves every remote node); with `deviceName` a device of that name whose local end is the node address
// (remote "any": still one device for every remote node, and it cannot clash with the wildcard tunl0 the
// module creates). MTU = uplink − 20, routes to remote blocks via the remote node address on it, onlink;
// with CrossSubnet only to nodes off our subnet, native routes to the others.
//
// Support is detected when the device is created: a kernel without ipip answers EOPNOTSUPP
// ("Unknown device type"), which becomes IPIP_UNSUPPORTED with what to do about it.
import { nullLogger, type IPv4Address, type Logger } from '../../common/index.js';
import { isNetlinkKernelError, type LinkMessage } from '../netlink/index.js';
import type { DesiredRoute } from '../routetable/index.js';
import { ensureLinkUp } from './device-sync.js';
import { EncapError } from './errors.js';
import type { LinkOps } from './link-ops.js';
import { EncapManagerBase, type EncapManager } from './manager.js';
import type { EncapScope } from './node.js';
import { tunnelMtuBytes } from './overhead.js';
import { encapsulates, routesFor } from './route-shapes.js';
import { detectUplink } from './uplink.js';

export const IPIP_DEVICE = 'tunl0';

export interface IpipManagerOptions {
  readonly ops: LinkOps;
  readonly log?: Logger;
  readonly scope?: EncapScope;
  readonly mtuBytes?: number;
  /** Default tunl0 (unbound). Another name gets a device bound to the node address (`local`). */
  readonly deviceName?: string;
}

export class IpipManager extends EncapManagerBase implements EncapManager {
  readonly kind = 'ipip' as const;
  private readonly ops: LinkOps;
  private readonly log: Logger;
  private readonly scope: EncapScope;
  private readonly mtuOverride: number | undefined;
  private readonly deviceName: string;

  constructor(options: IpipManagerOptions) {
    super();
    this.deviceName = options.deviceName ?? IPIP_DEVICE;
    this.ops = options.ops;
    this.log = options.log ?? nullLogger;
    this.scope = options.scope ?? 'always';
    this.mtuOverride = options.mtuBytes;
  }

  async completeDeferredWork(): Promise<void> {
    const local = this.local;
    if (local === undefined) return;
    if (local.address.family !== 4) {
      throw new EncapError(
        'INVALID_ARGUMENT',
        `IP-in-IP needs an IPv4 node address, not ${local.address.toString()}`,
      );
    }
    const uplink = await detectUplink(this.ops, local.address);
    const mtuBytes = this.mtuOverride ?? tunnelMtuBytes('ipip', uplink.mtuBytes, 4);
    const device = await ensureIpipDevice(
      this.ops,
      this.deviceName === IPIP_DEVICE ? {} : { name: this.deviceName, local: local.address as IPv4Address },
    );
    if (device.mtu !== mtuBytes) await this.ops.setLink({ index: device.index, mtu: mtuBytes });
    await ensureLinkUp(this.ops, device);

    const routes: DesiredRoute[] = [];
    for (const remote of this.sortedRemotes()) {
      const planned = encapsulates(remote, this.scope, uplink.subnet)
        ? routesFor(remote, { kind: 'tunnel-onlink', oif: device.index })
        : routesFor(remote, { kind: 'native', gateway: remote.address });
      routes.push(...planned.routes);
      if (planned.skipped.length > 0)
        this.log.warn('IPv6 blocks are not carried by IP-in-IP', { node: remote.name });
    }
    this.current = routes;
    this.dirty = false;
  }
}

export interface IpipDeviceOptions {
  /** Default tunl0. */
  readonly name?: string;
  /** The tunnel's local end (IFLA_IPTUN_LOCAL); absent: "any". */
  readonly local?: IPv4Address;
}

/**
 * Finds the ipip device, creating it (and so loading ipip) if needed: this creation is the run-time
 * probe of kernel support, IPIP_UNSUPPORTED when the kernel cannot, any other error as it came. A
 * device of that name bound to another local address (the node address changed) is replaced.
 */
export async function ensureIpipDevice(ops: LinkOps, options: IpipDeviceOptions = {}): Promise<LinkMessage> {
  const name = options.name ?? IPIP_DEVICE;
  const local = options.local;
  const find = async () => (await ops.links()).find((l) => l.name === name);
  const existing = await find();
  if (existing !== undefined) {
    const info = existing.info;
    const bound = info?.kind === 'ipip' ? info.local?.toString() : undefined;
    if (local === undefined || bound === local.toString()) return existing;
    await ops.deleteLink(existing.index);
  }
  try {
    await ops.createLink({
      index: 0,
      name,
      info: { kind: 'ipip', ...(local === undefined ? {} : { local }) },
    });
  } catch (err) {
    // errno 95: Linux's EOPNOTSUPP and ENOTSUP are one value; the errno table names it ENOTSUP.
    if (isNetlinkKernelError(err, 'EOPNOTSUPP') || isNetlinkKernelError(err, 'ENOTSUP'))
      throw ipipUnsupported(err);
    // EEXIST: creating the first ipip link loaded the module, whose fallback tunl0 appeared first.
    if (!isNetlinkKernelError(err, 'EEXIST')) throw err;
  }
  const created = await find();
  if (created === undefined) throw new EncapError('DEVICE_ERROR', `${name} is not listed after creation`);
  return created;
}

export function ipipUnsupported(cause: unknown): EncapError {
  return new EncapError(
    'IPIP_UNSUPPORTED',
    'this kernel has no IP-in-IP support: creating an ipip link failed with EOPNOTSUPP ("Unknown device type"). ' +
      'Load the module (modprobe ipip) or use a kernel built with CONFIG_NET_IPIP, or choose VXLAN or ' +
      'WireGuard encapsulation (or native routing) for this cluster.',
    { cause },
  );
}
