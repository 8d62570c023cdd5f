// A LinkOps fake for the managers' pure tests: an in-memory kernel of links, addresses and
// neighbours that records every change, and can be told to refuse link creation like a kernel
// without a module does.
import { parseIpAddress, type IpAddress } from '../../../common/index.js';
import {
  NetlinkError,
  type AddressMessage,
  type LinkMessage,
  type NeighbourFamily,
  type NeighbourMessage,
  type RouteMessage,
} from '../../netlink/index.js';
import type { LinkOps } from '../link-ops.js';

export class FakeLinkOps implements LinkOps {
  readonly calls: string[] = [];
  links_: LinkMessage[] = [{ index: 2, name: 'eth0', mtu: 1500, flags: 1 }];
  addresses_: AddressMessage[] = [{ index: 2, address: parseIpAddress('192.168.1.1'), prefixLength: 24 }];
  neighbours_: NeighbourMessage[] = [];
  /** Gateway `routeTo` answers for addresses off 192.168.1.0/24. */
  underlayGateway: IpAddress = parseIpAddress('192.168.1.254');
  refuseKinds = new Set<string>();
  /** Kinds whose creation fails with this error instead (permission, quota: not "unsupported"). */
  failKinds = new Map<string, Error>();
  private nextIndex = 10;

  links(): Promise<LinkMessage[]> {
    return Promise.resolve([...this.links_]);
  }
  addresses(): Promise<AddressMessage[]> {
    return Promise.resolve([...this.addresses_]);
  }
  createLink(link: LinkMessage): Promise<void> {
    this.calls.push(`create ${link.name ?? ''} ${link.info?.kind ?? ''}`);
    const kind = link.info?.kind ?? '';
    const failure = this.failKinds.get(kind);
    if (failure !== undefined) return Promise.reject(failure);
    if (this.refuseKinds.has(kind)) {
      return Promise.reject(
        new NetlinkError('KERNEL_ERROR', 'Operation not supported', {
          errno: 95,
          errnoName: 'ENOTSUP',
          extAckMessage: 'Unknown device type',
        }),
      );
    }
    this.links_.push({ ...link, index: this.nextIndex++, flags: 0 });
    return Promise.resolve();
  }
  setLink(link: LinkMessage): Promise<void> {
    this.calls.push(
      `set ${link.index}${link.mtu !== undefined ? ` mtu ${link.mtu}` : ''}${link.change ? ' up' : ''}`,
    );
    this.links_ = this.links_.map((l) =>
      l.index !== link.index
        ? l
        : {
            ...l,
            ...(link.mtu !== undefined ? { mtu: link.mtu } : {}),
            ...(link.address !== undefined ? { address: link.address } : {}),
            ...(link.change !== undefined ? { flags: link.flags ?? 0 } : {}),
          },
    );
    return Promise.resolve();
  }
  deleteLink(index: number): Promise<void> {
    this.calls.push(`delete link ${index}`);
    this.links_ = this.links_.filter((l) => l.index !== index);
    return Promise.resolve();
  }
  neighbours(family: NeighbourFamily): Promise<NeighbourMessage[]> {
    return Promise.resolve(this.neighbours_.filter((n) => n.family === family));
  }
  replaceNeighbour(n: NeighbourMessage): Promise<void> {
    this.calls.push(`neigh replace ${n.family} ${n.dst?.toString() ?? ''} ${n.lladdr ?? ''}`);
    this.neighbours_ = [...this.neighbours_.filter((e) => !same(e, n)), n];
    return Promise.resolve();
  }
  deleteNeighbour(n: NeighbourMessage): Promise<void> {
    this.calls.push(`neigh delete ${n.family} ${n.dst?.toString() ?? ''} ${n.lladdr ?? ''}`);
    this.neighbours_ = this.neighbours_.filter((e) => !same(e, n));
    return Promise.resolve();
  }
  routeTo(address: IpAddress): Promise<RouteMessage> {
    const onLink = address.family === 4 && address.toString().startsWith('192.168.1.');
    return Promise.resolve({
      dst: { family: 4, length: 32 } as unknown as RouteMessage['dst'],
      table: 254,
      protocol: 0,
      scope: 0,
      type: 'unicast',
      oif: 2,
      ...(onLink ? {} : { gateway: this.underlayGateway }),
    });
  }
  close(): void {}
}

function same(a: NeighbourMessage, b: NeighbourMessage): boolean {
  return (
    a.family === b.family &&
    a.index === b.index &&
    (a.family === 'bridge' ? a.lladdr === b.lladdr : a.dst?.toString() === b.dst?.toString())
  );
}
