// The everyday rtnetlink requests over one socket (optionally inside a network namespace): links,
// addresses, routes of the main table, neighbours and FDB entries, one route lookup. The CNI plugin and
// the encapsulation managers both stand on it, so each request is written once. Lookups by name or
// index are single GET requests, never dumps: a node with hundreds of pods has hundreds of veths.
import type { IpAddress } from '../../common/index.js';
import { AF_INET, AF_INET6, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from './codec/nl-constants.js';
import { NlWriter } from './codec/nl-writer.js';
import {
  RT_TABLE_MAIN,
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
} from './codec/rt-constants.js';
import { decodeAddress, encodeAddress, type AddressMessage } from './codec/address.js';
import { decodeLink, encodeLink, type LinkMessage } from './codec/link.js';
import {
  decodeNeighbour,
  encodeNeighbour,
  type NeighbourFamily,
  type NeighbourMessage,
} from './codec/neighbour.js';
import { decodeRoute, encodeRoute, encodeRouteDumpRequest, type RouteMessage } from './codec/route.js';
import { isNetlinkKernelError } from './errors.js';
import { NetlinkSocket } from './socket.js';

export interface RtnetlinkOptions {
  /** A namespace name or path; absent for the namespace this process runs in. */
  readonly netns?: string;
  /** Keep the event loop alive while open (a one-shot CLI wants true; a daemon's helper may not). */
  readonly ref?: boolean;
}

export class Rtnetlink {
  protected readonly socket: NetlinkSocket;

  constructor(options: RtnetlinkOptions = {}) {
    this.socket = NetlinkSocket.open({
      ...(options.netns !== undefined ? { netns: options.netns } : {}),
      ...(options.ref !== undefined ? { ref: options.ref } : {}),
    });
  }

  /** The link called `name`, or undefined (ENODEV). */
  linkByName(name: string): Promise<LinkMessage | undefined> {
    return this.getLink({ index: 0, name });
  }

  linkByIndex(index: number): Promise<LinkMessage | undefined> {
    return this.getLink({ index });
  }

  async links(): Promise<LinkMessage[]> {
    const replies = await this.socket.dump({ type: RTM_GETLINK, payload: encodeLink({ index: 0 }) });
    return replies.filter((m) => m.type === RTM_NEWLINK).map((m) => decodeLink(m.payload));
  }

  /** RTM_NEWLINK with NLM_F_CREATE | NLM_F_EXCL: fails with EEXIST if the name is taken. */
  async createLink(link: LinkMessage): Promise<void> {
    await this.socket.request({
      type: RTM_NEWLINK,
      flags: NLM_F_CREATE | NLM_F_EXCL,
      payload: encodeLink(link),
    });
  }

  /** RTM_NEWLINK on an existing link (by index): MTU, MAC, up/down. */
  async setLink(link: LinkMessage): Promise<void> {
    await this.socket.request({ type: RTM_NEWLINK, payload: encodeLink(link) });
  }

  /** Deletes a link; false if it was already gone (ENODEV). */
  async deleteLink(index: number): Promise<boolean> {
    try {
      await this.socket.request({ type: RTM_DELLINK, payload: encodeLink({ index }) });
      return true;
    } catch (error) {
      if (isNetlinkKernelError(error, 'ENODEV')) return false;
      throw error;
    }
  }

  /** Every address of every family, or only those of link `index`. */
  async addresses(index?: number): Promise<AddressMessage[]> {
    // struct ifaddrmsg, all zero: every family, every link.
    const replies = await this.socket.dump({ type: RTM_GETADDR, payload: Buffer.alloc(8) });
    const all = replies.filter((m) => m.type === RTM_NEWADDR).map((m) => decodeAddress(m.payload));
    return index === undefined ? all : all.filter((a) => a.index === index);
  }

  async addAddress(address: AddressMessage): Promise<void> {
    await this.socket.request({
      type: RTM_NEWADDR,
      flags: NLM_F_CREATE | NLM_F_REPLACE,
      payload: encodeAddress(address),
    });
  }

  async replaceRoute(route: RouteMessage): Promise<void> {
    await this.socket.request({
      type: RTM_NEWROUTE,
      flags: NLM_F_CREATE | NLM_F_REPLACE,
      payload: encodeRoute(route),
    });
  }

  /** The main table of one family. */
  async mainRoutes(family: 4 | 6): Promise<RouteMessage[]> {
    const replies = await this.socket.dump({
      type: RTM_GETROUTE,
      payload: encodeRouteDumpRequest(family, RT_TABLE_MAIN),
    });
    return replies.filter((m) => m.type === RTM_NEWROUTE).map((m) => decodeRoute(m.payload));
  }

  /** What `ip route get ADDRESS` answers: the route the kernel would use (undefined if none came back). */
  async routeTo(address: IpAddress): Promise<RouteMessage | undefined> {
    const replies = await this.socket.request({ type: RTM_GETROUTE, payload: encodeRouteGet(address) });
    const reply = replies.find((m) => m.type === RTM_NEWROUTE);
    return reply === undefined ? undefined : decodeRoute(reply.payload);
  }

  /** Neighbours (ARP/NDP) or, for 'bridge', FDB entries, of every device. */
  async neighbours(family: NeighbourFamily): Promise<NeighbourMessage[]> {
    // A strict dump takes no ifindex in the header for FDB entries, so filter by the caller for both.
    const replies = await this.socket.dump({
      type: RTM_GETNEIGH,
      payload: encodeNeighbour({ family, index: 0, state: 0 }),
    });
    return replies.filter((m) => m.type === RTM_NEWNEIGH).map((m) => decodeNeighbour(m.payload));
  }

  /** Create or replace (NLM_F_CREATE | NLM_F_REPLACE). */
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

  close(): void {
    this.socket.close();
  }

  private async getLink(query: LinkMessage): Promise<LinkMessage | undefined> {
    try {
      const replies = await this.socket.request({ type: RTM_GETLINK, payload: encodeLink(query) });
      const reply = replies.find((m) => m.type === RTM_NEWLINK);
      return reply === undefined ? undefined : decodeLink(reply.payload);
    } catch (error) {
      if (isNetlinkKernelError(error, 'ENODEV')) return undefined;
      throw error;
    }
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
