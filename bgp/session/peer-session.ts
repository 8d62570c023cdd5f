/**
 * One configured peer: its FSM(s), collision handling (RFC 4271 §6.8) and status. The primary connection
 * is the configured peer's FSM; an incoming connection while that FSM already has one gets a second FSM
 * (driver-contract.ts rule 1) until an OPEN on either decides which survives (rule 6).
 */
import type net from 'node:net';

import type { Clock, Logger, TimerHandle } from '../../common/index.js';
import {
  disablePeer,
  ENABLED,
  enablePeer,
  resetPeer,
  resolveCollision,
  type AdminChange,
  type AdminState,
  type CeaseSubcodeValue,
  type DownCause,
} from '../fsm/index.js';
import type { RouteRefreshMessage, UpdateMessage, UpdateReport } from '../wire/index.js';
import { Connection, type ConnectionOwner } from './connection.js';
import { MessageCounters } from './message-counters.js';
import { describeDownCause } from './describe-down.js';
import { IncomingGtsm } from './incoming-gtsm.js';
import { describeNoAnswer } from './no-answer.js';
import { readMd5Counters } from './secure-socket.js';
import { peerId, type SessionConfig } from './session-config.js';
import { peerStatus, type PeerStatus } from './peer-status.js';
import { transportSecurity } from './ttl-security.js';

/** What the speaker hears from a session; `session.established` tells the RIB when to add the peer. */
export interface SessionEvents {
  established(session: PeerSession): void;
  update(session: PeerSession, update: UpdateMessage, report: UpdateReport): void;
  routeRefresh(session: PeerSession, message: RouteRefreshMessage): void;
  down(session: PeerSession, cause: DownCause): void;
  /** UPDATEs that waited for the socket are sent: changes held back in the Adj-RIB-Out may follow. */
  drained?(session: PeerSession): void;
  /** The peer's FSM fell back to Idle (established or not): a dynamic peer is forgotten then. */
  idle?(session: PeerSession): void;
}

export class PeerSession {
  readonly id: string;
  private primary: Connection;
  private secondary: Connection | undefined;
  /** The connection that reached Established, if any. */
  current: Connection | undefined;
  establishedAtMs: number | undefined;
  lastError: string | undefined;
  private lastErrorTcpOnly = false;
  private started = false;
  /** The primary is a second (passive) FSM that won a collision, not the configured peer's own. */
  private promoted = false;
  private readonly log: Logger;
  /** UPDATEs and NOTIFICATIONs in and out, over every connection since start (message-counters.ts). */
  readonly counters = new MessageCounters();
  /** The operator's wish (admin shutdown with its reason), apart from the FSM state (bgp/fsm/admin-state.ts). */
  admin: AdminState = ENABLED;
  /** Set while the session is held down after a Cease we chose to send (RFC 4486 §4 max-prefix). */
  heldDownUntilMs: number | undefined;
  private holdDownTimer: TimerHandle | undefined;
  /** GTSM on accepted connections: the SYN's TTL decides before anything is read (incoming-gtsm.ts). */
  readonly incomingGtsm: IncomingGtsm;

  constructor(
    readonly config: SessionConfig,
    private readonly clock: Clock,
    log: Logger,
    private readonly events: SessionEvents,
  ) {
    this.id = peerId(config);
    this.log = log.child({ peer: this.id });
    this.incomingGtsm = new IncomingGtsm(this.log);
    this.primary = this.newConnection('local');
  }

  /** Admin up: ManualStart, or the passive variant (§8.1.2 events 1 and 4). */
  start(): void {
    this.started = true;
    this.primary.dispatch({
      type: this.config.passive ? 'ManualStart_with_PassiveTcpEstablishment' : 'ManualStart',
    });
  }

  /**
   * Why the session was last taken down from outside the FSM: 'bfd' when BFD detected a failure (set
   * before the FSM stops, so `SessionEvents.down` handlers such as graceful restart can read it).
   */
  downBy: 'bfd' | undefined;

  /** Admin down: Cease / Administrative Shutdown (RFC 4486) to the peer (or `ceaseSubcode`), then Idle. */
  stop(ceaseSubcode?: CeaseSubcodeValue): void {
    this.started = false;
    const stop = { type: 'ManualStop', ...(ceaseSubcode === undefined ? {} : { ceaseSubcode }) } as const;
    this.secondary?.dispatch(stop);
    this.primary.dispatch(stop);
  }

  /** Admin shutdown (RFC 4486 Cease 6/2) with a Shutdown Communication (RFC 9003); stays down until enable(). */
  disable(reason: string): void {
    this.applyAdmin(disablePeer(this.admin, reason));
  }

  enable(): void {
    this.applyAdmin(enablePeer(this.admin, { passive: this.config.passive }));
  }

  /** "clear bgp": Cease 6/4 Administrative Reset with the message, then start again (nothing when disabled). */
  reset(reason: string): void {
    this.applyAdmin(resetPeer(this.admin, reason, { passive: this.config.passive }));
  }

  private applyAdmin(change: AdminChange): void {
    this.admin = change.admin;
    for (const event of change.events) {
      if (event.type === 'ManualStop') {
        this.started = false;
        this.secondary?.dispatch(event);
        this.primary.dispatch(event);
      } else {
        this.started = true;
        this.primary.dispatch(event);
      }
    }
  }

  dispose(): void {
    if (this.holdDownTimer !== undefined) this.clock.clearTimeout(this.holdDownTimer);
    this.holdDownTimer = undefined;
    this.stop();
    this.secondary?.dispose();
    this.primary.dispose();
  }

  /**
   * Resets the session with Cease / `subcode` and `data` (RFC 4486 §4, e.g. Maximum Number of Prefixes
   * Reached with AFI, SAFI and the limit), then stays down (incoming connections refused too) for
   * `holdDownSec` before starting again.
   */
  ceaseAndHoldDown(subcode: CeaseSubcodeValue, data: Uint8Array, holdDownSec: number): void {
    this.current?.dispatch({ type: 'AutomaticStop', ceaseSubcode: subcode, data });
    this.stop();
    this.heldDownUntilMs = this.clock.now() + holdDownSec * 1000;
    this.holdDownTimer = this.clock.setTimeout(() => {
      this.holdDownTimer = undefined;
      this.heldDownUntilMs = undefined;
      this.start();
    }, holdDownSec * 1000);
  }

  /**
   * An incoming connection from this peer's address. Idle refuses it (§8.2.2); Connect and Active take it
   * on the primary FSM; otherwise a second FSM runs it until collision detection decides.
   * Returns false when the connection is refused; true when taken, or when GTSM closed it silently
   * (RFC 5082 §3: no Cease to a peer that fails the TTL check).
   */
  incoming(socket: net.Socket): boolean {
    if (!this.incomingGtsm.admit(socket, transportSecurity(this.config).minTtl)) return true;
    const state = this.primary.state;
    if (!this.started || state === 'Idle') return false;
    // Active: no connection of our own in flight, so the FSM takes this one. Connect: our own attempt
    // is in flight and the peer may be doing the same; both run until an OPEN decides (§6.8), rather
    // than both sides dropping their own attempt and neither keeping one.
    if (state === 'Active') {
      this.primary.attach(socket);
      return true;
    }
    if (this.secondary !== undefined) return false;
    const second = this.newConnection('remote');
    this.secondary = second;
    second.dispatch({ type: 'ManualStart_with_PassiveTcpEstablishment' });
    second.attach(socket);
    return true;
  }

  sendUpdates(messages: Iterable<UpdateMessage>, bytesOf?: (message: UpdateMessage) => Buffer[]): void {
    this.current?.sendUpdates(messages, bytesOf);
  }

  /** Flow control (send-queue.ts): false while UPDATEs already handed over wait for the socket. */
  get readyToSend(): boolean {
    return this.current?.readyToSend ?? false;
  }

  status(): PeerStatus {
    return peerStatus(this, this.clock.now());
  }

  get state(): string {
    return (this.current ?? this.primary).state;
  }

  // --- ConnectionOwner ------------------------------------------------------------------------------

  openReceived(conn: Connection): 'BGPOpen' | 'OpenCollisionDump' {
    const other = conn === this.primary ? this.secondary : this.primary;
    if (other === undefined || !other.hasSocket) return 'BGPOpen';
    const resolution = resolveCollision({
      localBgpIdentifier: this.config.routerId.value,
      remoteBgpIdentifier: conn.peerOpen?.bgpIdentifier.value ?? 0,
      localAs: this.config.localAs,
      remoteAs: conn.peerAs,
      arrivingInitiatedBy: conn.initiator,
      otherState: other.state,
    });
    this.log.info('connection collision', { resolution, arriving: conn.initiator });
    switch (resolution) {
      case 'NoCollision':
        return 'BGPOpen';
      case 'DumpArriving':
        this.retire(conn);
        return 'OpenCollisionDump';
      case 'DumpOther':
        other.dispatch({ type: 'OpenCollisionDump' });
        this.retire(other);
        return 'BGPOpen';
    }
  }

  onEstablished(conn: Connection): void {
    if (conn === this.secondary) this.promoteSecondary();
    this.current = conn;
    this.establishedAtMs = this.clock.now();
    this.log.info('session established', {
      holdTimeSec: conn.holdTimeSec,
      families: conn.negotiated?.families.join(','),
    });
    this.events.established(this);
  }

  update(conn: Connection, update: UpdateMessage, report: UpdateReport): void {
    if (conn === this.current) this.events.update(this, update, report);
  }

  routeRefresh(conn: Connection, message: RouteRefreshMessage): void {
    if (conn === this.current) this.events.routeRefresh(this, message);
  }

  down(conn: Connection, cause: DownCause, wasEstablished: boolean): void {
    this.noteError(cause, conn.socketError, wasEstablished);
    this.log.info('session down', { lastError: this.lastError, wasEstablished });
    if (wasEstablished && conn === this.current) {
      this.current = undefined;
      this.establishedAtMs = undefined;
      this.events.down(this, cause);
    }
    if (conn === this.secondary && conn.state === 'Idle') this.retire(conn);
    if (conn === this.primary && conn.state === 'Idle') this.events.idle?.(this);
    // A promoted passive FSM would only ever wait for the peer again: restart the configured one.
    if (conn === this.primary && conn.state === 'Idle' && this.promoted && this.started) {
      this.promoted = false;
      const old = conn;
      queueMicrotask(() => {
        old.dispose();
        this.primary = this.newConnection('local');
        if (this.started) this.start();
      });
    }
  }

  /**
   * Losing a collision (§6.8) is how BGP works, not an error. A plain TCP failure does not overwrite a
   * more telling error: a peer that refused our OPEN (Bad Peer AS) and then refuses connections while
   * it waits to retry must still show why. But an established session that loses its connection is news:
   * it replaces whatever went wrong with an earlier session (found in the interop lab: a router crash
   * showed the hold timer expiry of a session before).
   */
  private noteError(cause: DownCause, socketError: string | undefined, wasEstablished: boolean): void {
    if (cause.event === 'OpenCollisionDump') return;
    const tcpOnly =
      cause.event === 'TcpConnectionFails' && cause.sent === undefined && cause.received === undefined;
    if (tcpOnly && !wasEstablished && this.lastError !== undefined && !this.lastErrorTcpOnly) return;
    this.lastError = describeDownCause(cause, socketError);
    this.lastErrorTcpOnly = tcpOnly;
  }

  /** The second connection won while the primary never got as far: it becomes the peer's FSM. */
  private promoteSecondary(): void {
    const second = this.secondary;
    if (second === undefined) return;
    const old = this.primary;
    this.primary = second;
    this.secondary = undefined;
    this.promoted = true;
    old.dispose();
  }

  private newConnection(initiator: 'local' | 'remote'): Connection {
    const owner: ConnectionOwner = {
      openReceived: (c) => this.openReceived(c),
      established: (c) => this.onEstablished(c),
      update: (c, u, r) => this.update(c, u, r),
      routeRefresh: (c, m) => this.routeRefresh(c, m),
      down: (c, cause, was) => this.down(c, cause, was),
      drained: (c) => {
        if (c === this.current) this.events.drained?.(this);
      },
      counters: this.counters,
      noAnswer: (c) => {
        this.lastError = describeNoAnswer(
          c.security,
          c.security.md5Key === undefined ? undefined : readMd5Counters(),
        );
        this.lastErrorTcpOnly = false;
      },
    };
    return new Connection(this.config, this.clock, this.log, owner, initiator);
  }

  /**
   * Rule 6: the dumped FSM is discarded once it has sent its Cease; if it was the primary, the survivor
   * becomes the primary. Deferred so the dumped FSM finishes applying its actions first.
   */
  private retire(conn: Connection): void {
    queueMicrotask(() => {
      if (conn === this.primary && this.secondary !== undefined) {
        this.primary = this.secondary;
        this.secondary = undefined;
        this.promoted = true;
      } else if (conn === this.secondary) {
        this.secondary = undefined;
      } else {
        return;
      }
      conn.dispose();
    });
  }
}
