/**
 * Control-socket methods that explain (protocol in control-protocol.ts): `bgp.routes` with
 * `reasons: true` on the advertised view (why each best route is or is not sent to each peer), and
 * `bgp.paths` (every path of one prefix with the decision step it lost at). twill-node's socket answers
 * them through this same function, with its own OriginSource (affine block, borrowed address, service).
 */
import { tryParsePrefix, type Prefix } from '../../common/index.js';
import type { BgpSpeaker, Family } from '../../bgp/speaker/index.js';
import { ControlError } from './control-protocol.js';

/** Where an originated prefix comes from, in words ("originate[0] in /etc/twill/bgpd.yaml"). */
export type OriginSource = (prefix: Prefix) => string | undefined;

const AFIS: Readonly<Record<string, Family>> = { ipv4: 'ipv4-unicast', ipv6: 'ipv6-unicast' };
/** At most this many rows per reasons request (a bound chosen, not measured; see README). */
export const MAX_REASON_ROWS = 200_000;

/** undefined: not one of these requests. */
export function explainRequest(
  method: string,
  params: Record<string, unknown>,
  speaker: BgpSpeaker,
  originSource: OriginSource | undefined,
): unknown {
  if (method === 'bgp.paths') {
    const prefix = typeof params.prefix === 'string' ? tryParsePrefix(params.prefix) : undefined;
    if (prefix === undefined) throw bad('params.prefix must be a prefix like 10.0.0.0/24');
    return speaker.paths(prefix);
  }
  if (method !== 'bgp.routes' || params.reasons !== true) return undefined;
  if (params.view !== 'advertised') throw bad('reasons: true needs view "advertised"');
  const family = params.afi === undefined ? undefined : AFIS[String(params.afi)];
  if (params.afi !== undefined && family === undefined) throw bad('afi must be ipv4 or ipv6');
  // The explanation is built in one turn of the event loop: bound it, so a full table times a dozen peers
  // cannot stall keepalives (hold timers) while an operator looks.
  const peers = speaker.rib.peerIds().filter((p) => speaker.rib.hasAdjRibOut(p) && (params.peer ?? p) === p);
  const families: readonly Family[] = family === undefined ? ['ipv4-unicast', 'ipv6-unicast'] : [family];
  const rows = peers.length * families.reduce((n, f) => n + speaker.rib.locRib.bestCount(f), 0);
  if (rows > MAX_REASON_ROWS)
    throw bad(`${rows} rows exceed ${MAX_REASON_ROWS}: ask for one peer (--peer) and one family (--afi)`);
  return speaker.exportReasons(
    {
      ...(typeof params.peer === 'string' ? { peer: params.peer } : {}),
      ...(family === undefined ? {} : { family }),
    },
    originSource,
  );
}

function bad(message: string): ControlError {
  return new ControlError('BAD_REQUEST', message);
}
