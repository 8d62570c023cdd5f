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
 *   - `bgp.originate` params `{ prefix, med?, communities? }` and `bgp.withdraw` params `{ prefix }` → null.
 * - Errors: `{"id":..,"ok":false,"error":{"code":"BAD_REQUEST","message":"..."}}`; the connection stays
 *   usable. Compatibility: fields are only ever added; clients ignore fields they do not know.
 */
import { TwillError } from '../../common/index.js';

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

export const CONTROL_METHODS = ['bgp.peers', 'bgp.routes', 'bgp.originate', 'bgp.withdraw'] as const;

export class ControlError extends TwillError<'BAD_REQUEST'> {}
