// The narrow kernel interface the encapsulation managers need: links, addresses, neighbours, FDB
// entries and one route lookup. Managers take it injected, so their logic tests against a fake;
// KernelLinkOps is the real one: the shared rtnetlink client (optionally inside a network namespace).
import type { IpAddress } from '../../common/index.js';
import {
  Rtnetlink,
  type AddressMessage,
  type LinkMessage,
  type NeighbourFamily,
  type NeighbourMessage,
  type RouteMessage,
} from '../netlink/index.js';
import { EncapError } from './errors.js';

export interface LinkOps {
  links(): Promise<LinkMessage[]>;
  addresses(): Promise<AddressMessage[]>;
  /** RTM_NEWLINK with NLM_F_CREATE | NLM_F_EXCL: fails with EEXIST if the name is taken. */
  createLink(link: LinkMessage): Promise<void>;
  /** RTM_NEWLINK on an existing link (by index): MTU, MAC, up/down. */
  setLink(link: LinkMessage): Promise<void>;
  /** Idempotent: a link already gone (ENODEV) is the state asked for (as the fake behaves). */
  deleteLink(index: number): Promise<void>;
  /** Neighbours (ARP/NDP) or, for 'bridge', FDB entries, of every device. */
  neighbours(family: NeighbourFamily): Promise<NeighbourMessage[]>;
  /** Create or replace (NLM_F_CREATE | NLM_F_REPLACE). */
  replaceNeighbour(neighbour: NeighbourMessage): Promise<void>;
  deleteNeighbour(neighbour: NeighbourMessage): Promise<void>;
  /** What `ip route get ADDRESS` answers: the route the kernel would use. */
  routeTo(address: IpAddress): Promise<RouteMessage>;
  close(): void;
}

export class KernelLinkOps implements LinkOps {
  private readonly rt: Rtnetlink;

  constructor(options: { readonly netns?: string } = {}) {
    this.rt = new Rtnetlink(options);
  }

  links(): Promise<LinkMessage[]> {
    return this.rt.links();
  }

  addresses(): Promise<AddressMessage[]> {
    return this.rt.addresses();
  }

  createLink(link: LinkMessage): Promise<void> {
    return this.rt.createLink(link);
  }

  setLink(link: LinkMessage): Promise<void> {
    return this.rt.setLink(link);
  }

  async deleteLink(index: number): Promise<void> {
    await this.rt.deleteLink(index);
  }

  neighbours(family: NeighbourFamily): Promise<NeighbourMessage[]> {
    return this.rt.neighbours(family);
  }

  replaceNeighbour(neighbour: NeighbourMessage): Promise<void> {
    return this.rt.replaceNeighbour(neighbour);
  }

  deleteNeighbour(neighbour: NeighbourMessage): Promise<void> {
    return this.rt.deleteNeighbour(neighbour);
  }

  async routeTo(address: IpAddress): Promise<RouteMessage> {
    const route = await this.rt.routeTo(address);
    if (route === undefined) {
      throw new EncapError('DEVICE_ERROR', `RTM_GETROUTE ${address.toString()}: no route in the answer`);
    }
    return route;
  }

  close(): void {
    this.rt.close();
  }
}
