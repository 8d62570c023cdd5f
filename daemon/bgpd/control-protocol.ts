/**
 * twill-bgpd control socket protocol (a Unix stream socket, path from the config's `controlSocket`).
 *
 * ```
 *  twillctl                                   twill-bgpd
 *     │ {"id":1,"method":"bgp.peers"}\n          │
 *     │ ───────────────────────────────────────► │
 *     │ {"id":1,"ok":true,"result":[...]}\n      │
 *     │ ◄─────────────────────────────────────── │
 * ```
 *
 * - Framing: JSON lines, UTF-8, one request per line, one response line per request, in order. A client
 *   may send several requests on one connection; `id` (any JSON value) is echoed back.
 * - Methods:
 *   - `bgp.peers` → PeerStatus[] (state, uptimeSec, lastError in words, negotiated families, capabilities
 *     and timers, prefixes received/accepted/advertised per family).
 *   - `bgp.routes` params `{ view: "received"|"advertised"|"best", peer?: "10.0.0.1", afi?: "ipv4"|"ipv6" }`
 *     → RouteJson[] (prefix, peer, origin, asPath, nextHop, med, localPref, communities, largeCommunities).
 *   - `bgp.originate` params `{ prefix, med?, communities?, largeCommunities? }` and `bgp.withdraw`
 *     params `{ prefix }` → null.
 *   - `bgp.peer.shutdown` `{ peer, message? }` (Cease 6/2 with the RFC 9003 message; stays down),
 *     `bgp.peer.enable` `{ peer }`, `bgp.peer.reset` `{ peer, message? }` (Cease 6/4, then a new
 *     session), `bgp.peer.softReset` `{ peer, direction: "in"|"out" }` → null.
 *   - `bgp.drain` `{ peer?, on? }` (RFC 8326 GRACEFUL_SHUTDOWN to one peer or all; on: false ends it)
 *     → `{ peers: [...] }`.
 *   - `bgp.reload` → what changed (daemon/bgpd/reload.ts ReloadReport); policy-only peer changes keep
 *     their sessions.
 *   - `bgp.routes` with `{ view: "advertised", reasons: true }` → ExportReasonRow[] instead: every best
 *     route towards every peer with an Adj-RIB-Out, `advertised` true or false, and why (`code`, `reason`
 *     in words: originated and from where, learned and which export policy rule passed it, reflected;
 *     or held back: export policy rule, RFC 8212, iBGP split horizon, AS path loop, next hop is the peer).
 *     A daemon without it ignores `reasons` and answers RouteJson[] (no `reason` field). More than
 *     200 000 rows (peers × best routes) is refused with BAD_REQUEST: ask for one peer and family.
 *   - `bgp.paths` `{ prefix }` → PathJson[]: the best path, the other candidates with the RFC 4271
 *     §9.1.2.2 step they lost at, and received paths import rejected.
 * - twill-node serves the same socket protocol (its `control.socket`) with two more methods:
 *   `node.desired` (the calculation graph's latest outputs) and `node.kernel-routes` (the routes its
 *   reconciler wants and those with its protocol in the kernel); their shapes for clients are
 *   NodeDesiredResult and NodeKernelRoutesResult below; `NOT_READY` answers BGP methods until its speaker runs.
 * - Errors: `{"id":..,"ok":false,"error":{"code":"BAD_REQUEST","message":"..."}}`; the connection stays
 *   usable. Compatibility: fields are only ever added; clients ignore fields they do not know.
 */
import { TwillError } from '../../common/index.js';
import type {
  DesiredBgpState,
  NodeIdentity,
  OriginatedPrefixes,
  RemoteRoutes,
} from '../node/calc/desired-state.js';

export interface ControlRequest {
  readonly id?: unknown;
  readonly method: string;
  readonly params?: Record<string, unknown>;
}

export type ControlResponse =
  | { readonly id: unknown; readonly ok: true; readonly result: unknown }
  | {
      readonly id: unknown;
      readonly ok: false;
      readonly error: { readonly code: string; readonly message: string };
    };

export const CONTROL_METHODS = [
  'bgp.peers',
  'bgp.routes',
  'bgp.originate',
  'bgp.withdraw',
  'bgp.peer.shutdown',
  'bgp.peer.enable',
  'bgp.peer.reset',
  'bgp.peer.softReset',
  'bgp.drain',
  'bgp.reload',
  'bgp.paths',
] as const;

/** `node.desired` (twill-node runtime/latest-outputs.ts): each piece absent until the graph emitted it. */
export interface NodeDesiredResult {
  readonly identity?: NodeIdentity;
  readonly bgp?: DesiredBgpState;
  readonly originated?: OriginatedPrefixes;
  readonly remote?: RemoteRoutes;
}

/** A netlink RouteMessage as JSON (prefixes and addresses as text). */
export interface RouteMessageJson {
  readonly dst: string;
  readonly table: number;
  readonly protocol: number;
  readonly type: string;
  readonly gateway?: string;
  readonly oif?: number;
}

/** `node.kernel-routes`: what the reconciler wants, and the routes with its protocol in the kernel now. */
export interface NodeKernelRoutesResult {
  readonly desired: readonly RouteMessageJson[];
  readonly kernel: readonly RouteMessageJson[];
}

export class ControlError extends TwillError<'BAD_REQUEST' | 'NOT_READY'> {}
