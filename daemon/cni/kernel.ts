// The few rtnetlink operations the plugin needs, in one namespace (the host's, or the pod's by path).
// Lookups are by name or index with single GET requests, never full dumps of the host's links: a node
// with hundreds of pods has hundreds of veths, and ADD must not get slower with each.
import {
  decodeAddress,
  decodeLink,
  decodeRoute,
  encodeAddress,
  encodeLink,
  encodeNeighbour,
  encodeRoute,
  encodeRouteDumpRequest,
  isNetlinkKernelError,
  linkUpDown,
  NetlinkSocket,
  NLM_F_CREATE,
  NLM_F_EXCL,
  NLM_F_REPLACE,
  RT_TABLE_MAIN,
  RTM_DELLINK,
  RTM_GETADDR,
  RTM_GETLINK,
  RTM_GETROUTE,
  RTM_NEWADDR,
  RTM_NEWLINK,
  RTM_NEWNEIGH,
  RTM_NEWROUTE,
  type AddressMessage,
  type LinkMessage,
  type NeighbourMessage,
  type RouteMessage,
} from '../../routing/netlink/index.js';

export class Kernel {
  private readonly socket: NetlinkSocket;

  /** `netns`: a namespace path (CNI_NETNS); absent for the namespace this process runs in. */
  constructor(netns?: string) {
    this.socket = NetlinkSocket.open({ ...(netns !== undefined ? { netns } : {}), ref: true });
  }

  /** The link called `name`, or undefined (ENODEV). */
  async linkByName(name: string): Promise<LinkMessage | undefined> {
    return this.getLink({ index: 0, name });
  }

  async linkByIndex(index: number): Promise<LinkMessage | undefined> {
    return this.getLink({ index });
  }

  /** A veth pair: `name` here, `peer` created directly inside the namespace open as `peerNetnsFd`. */
  async createVeth(name: string, peer: string, peerNetnsFd: number, mtu: number): Promise<void> {
    await this.socket.request({
      type: RTM_NEWLINK,
      flags: NLM_F_CREATE | NLM_F_EXCL,
      payload: encodeLink({
        index: 0,
        name,
        mtu,
        info: { kind: 'veth', peer: { name: peer, netnsFd: peerNetnsFd, mtu } },
      }),
    });
  }

  async setUp(index: number): Promise<void> {
    await this.socket.request({ type: RTM_NEWLINK, payload: encodeLink(linkUpDown(index, true)) });
  }

  /** Deletes a link; false if it was already gone. */
  async deleteLink(index: number): Promise<boolean> {
    try {
      await this.socket.request({ type: RTM_DELLINK, payload: encodeLink({ index }) });
      return true;
    } catch (error) {
      if (isNetlinkKernelError(error, 'ENODEV')) return false;
      throw error;
    }
  }

  async addAddress(address: AddressMessage): Promise<void> {
    await this.socket.request({
      type: RTM_NEWADDR,
      flags: NLM_F_CREATE | NLM_F_REPLACE,
      payload: encodeAddress(address),
    });
  }

  async addresses(index: number): Promise<AddressMessage[]> {
    const replies = await this.socket.dump({ type: RTM_GETADDR, payload: Buffer.alloc(8) });
    return replies
      .filter((m) => m.type === RTM_NEWADDR)
      .map((m) => decodeAddress(m.payload))
      .filter((a) => a.index === index);
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

  async replaceNeighbour(neighbour: NeighbourMessage): Promise<void> {
    await this.socket.request({
      type: RTM_NEWNEIGH,
      flags: NLM_F_CREATE | NLM_F_REPLACE,
      payload: encodeNeighbour(neighbour),
    });
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
