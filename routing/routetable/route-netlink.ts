// The narrow kernel interface the reconciler needs (so it can be driven by a fake in pure tests),
// and its real implementation over two netlink sockets: one for requests and dumps, one joined to
// the route multicast groups. Separate sockets keep a flood of notifications (ENOBUFS on the monitor)
// from ever costing a request its ACK.
import {
  AF_INET,
  AF_INET6,
  decodeRoute,
  encodeRoute,
  encodeRouteDumpRequest,
  isNetlinkKernelError,
  NetlinkSocket,
  NLM_F_CREATE,
  NLM_F_EXCL,
  NLM_F_REPLACE,
  routeFamily,
  RTM_DELROUTE,
  RTM_GETROUTE,
  RTM_NEWROUTE,
  RTNLGRP_IPV4_ROUTE,
  RTNLGRP_IPV6_ROUTE,
  type BatchResult,
  type NetlinkError,
  type RouteMessage,
} from '../netlink/index.js';

export type RouteChangeKind = 'add' | 'replace' | 'delete';

export interface RouteChange {
  readonly kind: RouteChangeKind;
  readonly route: RouteMessage;
}

export interface RouteEvent {
  readonly kind: 'new' | 'del';
  readonly route: RouteMessage;
  /** NLM_F_REPLACE on a RTM_NEWROUTE: it took the place of the route that had the same key. */
  readonly replaced: boolean;
  /** Port id of the socket whose request caused the change (0: the kernel itself; never our own). */
  readonly senderPortId: number;
}

export interface RouteNetlink {
  dumpRoutes(family: 4 | 6, table: number): Promise<RouteMessage[]>;
  /** All changes in as few sendmsg calls as possible; one result per change. */
  apply(changes: readonly RouteChange[]): Promise<BatchResult[]>;
  onRouteEvent(listener: (event: RouteEvent) => void): void;
  /** The monitor lost events (ENOBUFS): only a full resync tells the truth now. */
  onOverrun(listener: (error: NetlinkError) => void): void;
  close(): void;
}

export interface KernelRouteNetlinkOptions {
  /** Network namespace name or path; default: the process's own. */
  readonly netns?: string;
  readonly monitorRcvbufBytes?: number;
}

export class KernelRouteNetlink implements RouteNetlink {
  private readonly requests: NetlinkSocket;
  private readonly monitor: NetlinkSocket;

  constructor(options: KernelRouteNetlinkOptions = {}) {
    const netns = options.netns !== undefined ? { netns: options.netns } : {};
    this.requests = NetlinkSocket.open({ ...netns });
    try {
      this.monitor = NetlinkSocket.open({
        ...netns,
        groups: [RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE],
        rcvbufBytes: options.monitorRcvbufBytes ?? 32 * 1024 * 1024,
        // Watching must not keep a process alive that has nothing else to do.
        ref: false,
      });
    } catch (err) {
      this.requests.close();
      throw err;
    }
  }

  async dumpRoutes(family: 4 | 6, table: number): Promise<RouteMessage[]> {
    let replies;
    try {
      replies = await this.requests.dump({
        type: RTM_GETROUTE,
        payload: encodeRouteDumpRequest(family, table),
      });
    } catch (err) {
      // A strict, table-filtered dump of a table that does not exist (yet) answers ENOENT: it is empty.
      if (isNetlinkKernelError(err, 'ENOENT')) return [];
      throw err;
    }
    const want = family === 4 ? AF_INET : AF_INET6;
    return replies
      .filter((m) => m.type === RTM_NEWROUTE && routeFamily(m.payload) === want)
      .map((m) => decodeRoute(m.payload))
      .filter((r) => r.table === table);
  }

  apply(changes: readonly RouteChange[]): Promise<BatchResult[]> {
    return this.requests.batch(
      changes.map((c) => ({
        type: c.kind === 'delete' ? RTM_DELROUTE : RTM_NEWROUTE,
        flags:
          c.kind === 'add'
            ? NLM_F_CREATE | NLM_F_EXCL
            : c.kind === 'replace'
              ? NLM_F_CREATE | NLM_F_REPLACE
              : 0,
        payload: encodeRoute(c.route),
      })),
    );
  }

  onRouteEvent(listener: (event: RouteEvent) => void): void {
    this.monitor.onNotification((m) => {
      if (m.type !== RTM_NEWROUTE && m.type !== RTM_DELROUTE) return;
      // Echo filter: the kernel multicasts our own changes back with the request socket's port id.
      // apply()'s results already book them, and decoding one costs microseconds (seconds for 1M
      // routes), so they are dropped here undecoded. Outside changes carry another port (or 0).
      if (m.pid === this.requests.portId) return;
      const family = routeFamily(m.payload);
      if (family !== AF_INET && family !== AF_INET6) return;
      listener({
        kind: m.type === RTM_NEWROUTE ? 'new' : 'del',
        route: decodeRoute(m.payload),
        replaced: m.type === RTM_NEWROUTE && (m.flags & NLM_F_REPLACE) !== 0,
        senderPortId: m.pid,
      });
    });
  }

  onOverrun(listener: (error: NetlinkError) => void): void {
    this.monitor.onOverrun(listener);
  }

  close(): void {
    this.monitor.close();
    this.requests.close();
  }
}
