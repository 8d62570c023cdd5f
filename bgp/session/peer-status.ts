/** A peer's status as `twillctl bgp peers` shows it; plain JSON-able data. */
import type { Capability } from '../wire/index.js';
import type { MessageCountersStatus } from './message-counters.js';
import type { PeerSession } from './peer-session.js';
import { transportStatus, type TransportStatus } from './transport-status.js';

export interface PeerStatus {
  readonly peer: string;
  readonly peerAs: number;
  readonly localAs: number;
  readonly state: string;
  readonly passive: boolean;
  /** Seconds since the session reached Established; undefined when not established. */
  readonly uptimeSec: number | undefined;
  readonly lastError: string | undefined;
  readonly peerRouterId: string | undefined;
  readonly localAddress: string | undefined;
  /** Negotiated (in use by both sides) once the session is up. */
  readonly families: readonly string[];
  readonly capabilities: readonly string[];
  readonly holdTimeSec: number | undefined;
  readonly keepaliveTimeSec: number | undefined;
  /** Flow control (send-queue.ts): bytes held for the socket, and whether UPDATEs wait for it to drain. */
  readonly sendBufferedBytes: number;
  readonly updatesWaiting: boolean;
  /** Transport security in force (MD5 on/off, TTL sent, GTSM minimum TTL); the key never shows. */
  readonly transport: TransportStatus;
  /** UPDATEs and NOTIFICATIONs (by code and subcode in words) in and out since the speaker started. */
  readonly messages: MessageCountersStatus;
}

export function peerStatus(session: PeerSession, nowMs: number): PeerStatus {
  const conn = session.current;
  const since = session.establishedAtMs;
  return {
    peer: session.id,
    peerAs: conn?.peerAs ?? session.config.peerAs,
    localAs: session.config.localAs,
    state: session.state,
    passive: session.config.passive,
    uptimeSec: since === undefined ? undefined : Math.floor((nowMs - since) / 1000),
    lastError: session.lastError,
    peerRouterId: conn?.peerOpen?.bgpIdentifier.toString(),
    localAddress: conn?.localAddress,
    families: conn?.negotiated?.families ?? [],
    capabilities: conn === undefined ? [] : sharedCapabilities(conn.negotiated, conn.peerOpen?.capabilities),
    holdTimeSec: conn?.holdTimeSec,
    keepaliveTimeSec: conn?.keepaliveTimeSec,
    sendBufferedBytes: conn?.sendBufferedBytes ?? 0,
    updatesWaiting: conn !== undefined && !conn.readyToSend,
    transport: {
      ...transportStatus(session.config, conn?.peerAs),
      ...(session.incomingGtsm.refusedConnections === 0
        ? {}
        : {
            gtsmRefusedConnections: session.incomingGtsm.refusedConnections,
            gtsmLastRefusal: session.incomingGtsm.lastRefusal,
          }),
    },
    messages: session.counters.status(),
  };
}

function sharedCapabilities(
  negotiated: { receive: { fourOctetAs: boolean; extendedMessage: boolean } } | undefined,
  peer: readonly Capability[] | undefined,
): string[] {
  if (negotiated === undefined) return [];
  const out: string[] = [];
  if (negotiated.receive.fourOctetAs) out.push('four-octet-as');
  if (negotiated.receive.extendedMessage) out.push('extended-message');
  // We always advertise route refresh (local-open.ts), so the peer's advertising it makes it shared.
  if (peer?.some((c) => c.name === 'route-refresh')) out.push('route-refresh');
  return out;
}
