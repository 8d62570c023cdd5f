// The rtnetlink operations the plugin needs, in one namespace (the host's, or the pod's by path): the
// shared client of routing/netlink plus the two steps only a CNI ADD takes (a veth pair created with
// its peer directly in the pod's namespace, and bringing a link up).
import {
  encodeLink,
  linkUpDown,
  NLM_F_CREATE,
  NLM_F_EXCL,
  Rtnetlink,
  RTM_NEWLINK,
} from '../../routing/netlink/index.js';

export class Kernel extends Rtnetlink {
  /** `netns`: a namespace path (CNI_NETNS); absent for the namespace this process runs in. */
  constructor(netns?: string) {
    super({ ...(netns !== undefined ? { netns } : {}), ref: true });
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
    await this.setLink(linkUpDown(index, true));
  }
}
