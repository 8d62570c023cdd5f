/**
 * Sessions → RIB: what the speaker does when a peer's session reaches Established, receives an UPDATE or
 * a ROUTE-REFRESH, drains its send queue, goes down or idle. At Established the peer joins the RIB with
 * our next hops for the session (self-next-hop.ts); a graceful restart keeps its routes across a down.
 */
import { IPv4Address, type Logger } from '../../common/index.js';
import type { PeerOptions, Rib } from '../rib/index.js';
import type { PeerSession, SessionEvents } from '../session/index.js';
import type { RouteRefreshMessage } from '../wire/index.js';
import { missingNextHopFamilies } from './next-hop-check.js';
import type { PeerEntry } from './peer-entry.js';
import type { SessionFacts } from './peer-rib-options.js';
import type { RestartFeatures } from './restart-features.js';
import { selfNextHopOf } from './self-next-hop.js';
import type { UpdateFindings } from './update-findings.js';

/** The parts of the speaker the session events reach. */
export interface SessionEventsContext {
  readonly rib: Rib;
  readonly restart: RestartFeatures;
  readonly findings: UpdateFindings;
  readonly log: Logger;
  readonly localAs: number;
  peer(id: string): PeerEntry | undefined;
  ribOptions(entry: PeerEntry, facts: SessionFacts): PeerOptions;
  dropFromRib(id: string): void;
  /** A dynamic peer whose session ended leaves. */
  forgetDynamic(session: PeerSession): void;
  answerRouteRefresh(session: PeerSession, message: RouteRefreshMessage): void;
  scheduleFlush(): void;
}

export function sessionEvents(ctx: SessionEventsContext): SessionEvents {
  return {
    established: (session) => established(ctx, session),
    update: (session, update, report) => {
      ctx.findings.record(session.id, report);
      const outcome = ctx.rib.applyUpdate(session.id, update, report);
      if (outcome.endOfRib !== undefined) ctx.restart.endOfRib(session.id, outcome.endOfRib);
      ctx.restart.checkMaxPrefix(session);
      ctx.scheduleFlush();
    },
    routeRefresh: (session, message) => ctx.answerRouteRefresh(session, message),
    down: (session, cause) => {
      // RFC 5882 §4.3: a BFD failure of a peer whose BFD shares fate with its control plane may be a
      // restart; graceful restart then keeps its routes (see GracefulRestartHelper.peerDown).
      // PeerBfdConfig.sharedFateGracefulRestart: false opts out (any BFD failure drops the routes).
      const entry = ctx.peer(session.id);
      const bfd = entry?.bfd;
      const bfdSharedFate =
        session.downBy === 'bfd' &&
        bfd !== undefined &&
        !bfd.status().remoteControlPlaneIndependent &&
        entry?.config.bfd?.sharedFateGracefulRestart !== false;
      if (ctx.restart.down(session.id, cause, bfdSharedFate)) return;
      ctx.dropFromRib(session.id);
    },
    drained: () => ctx.scheduleFlush(),
    idle: (session) => ctx.forgetDynamic(session),
  };
}

function established(ctx: SessionEventsContext, session: PeerSession): void {
  const entry = ctx.peer(session.id);
  const conn = session.current;
  if (entry === undefined || conn === undefined) return;
  ctx.restart.established(session, entry.config);
  // Routes kept from a graceful restart stay (the RIB re-attaches them); otherwise start afresh.
  if (ctx.restart.helper.status(session.id) === undefined) ctx.dropFromRib(session.id);
  ctx.findings.reset(session.id);
  const extendedNextHop = conn.negotiated?.send.extendedNextHop.includes('ipv4-unicast') === true;
  const selfNextHop = selfNextHopOf(entry.config, conn.localAddress, extendedNextHop);
  const missing = missingNextHopFamilies(conn.negotiated?.families ?? [], selfNextHop);
  if (missing.length > 0)
    ctx.log.warn('no next hop of ours for a negotiated family: our own routes are not sent in it', {
      peer: session.id,
      families: missing.join(', '),
    });
  entry.facts = {
    families: conn.negotiated?.families ?? [],
    selfNextHop,
    llgr: ctx.restart.llgrNegotiated(session.id),
  };
  ctx.rib.addPeer(
    {
      id: session.id,
      kind: conn.peerAs === ctx.localAs ? 'internal' : 'external',
      address: entry.config.address,
      asn: conn.peerAs,
      routerId: conn.peerOpen?.bgpIdentifier ?? IPv4Address.ANY,
    },
    ctx.ribOptions(entry, entry.facts),
  );
  ctx.restart.afterEstablished(session.id, entry.config);
  ctx.scheduleFlush();
}
