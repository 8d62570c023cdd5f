// Snapshot → the `status` of this node's TwillNodeStatus object. Pure but for the ConditionTracker it
// is given (transition times); wall-clock times come in as ms and leave as RFC 3339.
import type { BgpPeerStatusRow, TwillNodeStatusStatus } from '../../../datastore/index.js';
import { compact } from './compact.js';
import { ConditionTracker, conditionInputs } from './conditions.js';
import { evaluateReadiness } from './readiness.js';
import type { NodeSnapshot, PeerSnapshot } from './snapshot.js';

const MAX_TEXT = 1024;

export function rfc3339(wallMs: number): string {
  return new Date(wallMs).toISOString();
}

/** Bounded as the datastore bounds free text, so a long socket error never makes the write invalid. */
function text(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value.length <= MAX_TEXT ? value : `${value.slice(0, MAX_TEXT - 1)}…`;
}

function peerRow(peer: PeerSnapshot): BgpPeerStatusRow {
  return compact<BgpPeerStatusRow>({
    address: peer.address,
    type: peer.type,
    bgpPeer: peer.bgpPeer,
    peerAS: peer.peerAs,
    remoteNode: peer.remoteNode,
    state: peer.state,
    since: peer.stateSinceMs === undefined ? undefined : rfc3339(peer.stateSinceMs),
    lastError: text(peer.lastError),
    prefixesReceived: peer.prefixesReceived,
    prefixesAccepted: peer.prefixesAccepted,
    prefixesAdvertised: peer.prefixesAdvertised,
    gracefulRestart: peer.gracefulRestart,
    bfd: peer.bfd,
  });
}

export class StatusBuilder {
  private readonly conditions = new ConditionTracker();

  build(snapshot: NodeSnapshot, nowWallMs: number): TwillNodeStatusStatus {
    const now = rfc3339(nowWallMs);
    const readiness = evaluateReadiness(snapshot);
    const { bgp, routes, dataplane } = snapshot;
    return compact<TwillNodeStatusStatus>({
      observedAt: now,
      agent: {
        version: snapshot.version,
        startedAt: rfc3339(snapshot.startedAtMs),
        ready: readiness.ready,
        conditions: this.conditions.update(conditionInputs(snapshot, readiness), now),
      },
      bgp:
        bgp === undefined
          ? undefined
          : {
              routerId: bgp.routerId,
              asNumber: bgp.asNumber,
              peers: [...bgp.peers].sort((a, b) => (a.address < b.address ? -1 : 1)).map(peerRow),
            },
      routes: {
        localBlocks: [...routes.localBlocks],
        programmed: routes.programmed,
        unroutableBlocks: [...routes.unroutableBlocks],
      },
      dataplane: compact({
        encapsulation: dataplane.encapsulation,
        vtepMAC: dataplane.vtepMac,
        wireguardPublicKey: dataplane.wireguardPublicKey,
        lastApplyError: text(dataplane.lastApplyError),
        lastApplyTime: dataplane.lastApplyAtMs === undefined ? undefined : rfc3339(dataplane.lastApplyAtMs),
      }),
    });
  }
}

/** The part of a status that matters for "did anything change": everything but observedAt. */
export function statusContent(status: TwillNodeStatusStatus): string {
  const { observedAt: _observedAt, ...content } = status;
  return JSON.stringify(content);
}
