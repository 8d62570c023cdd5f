// The narrow kernel interface the encapsulation managers need: links, addresses, neighbours, FDB
// entries and one route lookup. Managers take it injected, so their logic tests against a fake;
// KernelLinkOps is the real one over a netlink socket (optionally inside a network namespace).
import type { IpAddress } from '../../common/index.js';
import {
  AF_INET,
  AF_INET6,
  decodeAddress,
  decodeLink,
  decodeNeighbour,
  decodeRoute,
  encodeLink,
  encodeNeighbour,
  NetlinkSocket,
  NLM_F_CREATE,
  NLM_F_EXCL,
  NLM_F_REPLACE,
  NlWriter,
  RTA_DST,
  RTM_DELLINK,
  RTM_DELNEIGH,
  RTM_GETADDR,
  RTM_GETLINK,
  RTM_GETNEIGH,
  RTM_GETROUTE,
  RTM_NEWADDR,
  RTM_NEWLINK,
  RTM_NEWNEIGH,
  RTM_NEWROUTE,
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
  private readonly socket: NetlinkSocket;

  constructor(options: { readonly netns?: string } = {}) {
    this.socket = NetlinkSocket.open({ ...(options.netns !== undefined ? { netns: options.netns } : {}) });
  }

  async links(): Promise<LinkMessage[]> {
    const replies = await this.socket.dump({ type: RTM_GETLINK, payload: encodeLink({ index: 0 }) });
    return replies.filter((m) => m.type === RTM_NEWLINK).map((m) => decodeLink(m.payload));
  }

  async addresses(): Promise<AddressMessage[]> {
    // struct ifaddrmsg, all zero: every family, every link.
    const replies = await this.socket.dump({ type: RTM_GETADDR, payload: Buffer.alloc(8) });
    return replies.filter((m) => m.type === RTM_NEWADDR).map((m) => decodeAddress(m.payload));
  }

  async createLink(link: LinkMessage): Promise<void> {
    await this.socket.request({
      type: RTM_NEWLINK,
      flags: NLM_F_CREATE | NLM_F_EXCL,
      payload: encodeLink(link),
    });
  }

  async setLink(link: LinkMessage): Promise<void> {
    await this.socket.request({ type: RTM_NEWLINK, payload: encodeLink(link) });
  }

  async deleteLink(index: number): Promise<void> {
    await this.socket.request({ type: RTM_DELLINK, payload: encodeLink({ index }) });
  }

  async neighbours(family: NeighbourFamily): Promise<NeighbourMessage[]> {
    // A strict dump takes no ifindex in the header for FDB entries, so filter here for both kinds.
    const replies = await this.socket.dump({
      type: RTM_GETNEIGH,
      payload: encodeNeighbour({ family, index: 0, state: 0 }),
    });
    return replies.filter((m) => m.type === RTM_NEWNEIGH).map((m) => decodeNeighbour(m.payload));
  }

  async replaceNeighbour(neighbour: NeighbourMessage): Promise<void> {
    await this.socket.request({
      type: RTM_NEWNEIGH,
      flags: NLM_F_CREATE | NLM_F_REPLACE,
      payload: encodeNeighbour(neighbour),
    });
  }

  async deleteNeighbour(neighbour: NeighbourMessage): Promise<void> {
    await this.socket.request({ type: RTM_DELNEIGH, payload: encodeNeighbour(neighbour) });
  }

  async routeTo(address: IpAddress): Promise<RouteMessage> {
    const replies = await this.socket.request({ type: RTM_GETROUTE, payload: encodeRouteGet(address) });
    const reply = replies.find((m) => m.type === RTM_NEWROUTE);
    if (reply === undefined) {
      throw new EncapError('DEVICE_ERROR', `RTM_GETROUTE ${address.toString()}: no route in the answer`);
    }
    return decodeRoute(reply.payload);
  }

  close(): void {
    this.socket.close();
  }
}

/**
 * RTM_GETROUTE for one destination. Not encodeRoute: with strict checking the kernel rejects a get
 * request carrying RTA_TABLE, and every rtmsg field but family and dst_len must be zero.
 */
export function encodeRouteGet(address: IpAddress): Buffer {
  const w = new NlWriter(32);
  w.u8(address.family === 4 ? AF_INET : AF_INET6)
    .u8(address.family === 4 ? 32 : 128)
    .zeros(6)
    .u32(0);
  w.attr(RTA_DST, address.toBytes());
  return w.toBuffer();
}
