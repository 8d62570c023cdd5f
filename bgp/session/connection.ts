/**
 * One TCP connection to a peer and its FSM (RFC 4271 §8: one FSM per connection). It performs the FSM's
 * actions on a real socket and real timers (the FsmRunner with a Clock), frames and decodes what arrives
 * and turns it into FSM events (driver-contract.ts rules 3 and 5). The PeerSession owns one or two of
 * these (two during a collision, §6.8) and hears about OPENs, UPDATEs and state changes.
 */
import net from 'node:net';

import { errorMessage, type Clock, type Logger } from '../../common/index.js';
import {
  CeaseSubcode,
  FsmRunner,
  initialFsmState,
  type BgpState,
  type ConnectionInitiator,
  type DownCause,
  type FsmDriverPorts,
  type FsmEvent,
  type Notification,
} from '../fsm/index.js';
import {
  decodeMessage,
  DEFAULT_CONTEXT,
  encodeMessage,
  encodeUpdates,
  ErrorCode,
  Framer,
  KEEPALIVE,
  negotiate,
  notificationMessage,
  openAs,
  OpenSubcode,
  type BgpMessage,
  type BgpWireError,
  type NegotiatedContexts,
  type OpenMessage,
  type RouteRefreshMessage,
  type UpdateMessage,
  type UpdateReport,
} from '../wire/index.js';
import { checkPeerOpen, localOpen } from './local-open.js';
import type { MessageCounters } from './message-counters.js';
import { SendQueue } from './send-queue.js';
import { connectSecured, secureAccepted } from './secure-socket.js';
import { afterPendingIo } from './timer-order.js';
import { isExternal, transportSecurity, type TransportSecurity } from './ttl-security.js';
import { BGP_PORT, type SessionConfig } from './session-config.js';

/** What a connection reports to the PeerSession that owns it. */
export interface ConnectionOwner {
  /** A valid OPEN arrived; the owner runs collision detection (§6.8) and says which event to feed. */
  openReceived(conn: Connection): 'BGPOpen' | 'OpenCollisionDump';
  established(conn: Connection): void;
  update(conn: Connection, update: UpdateMessage, report: UpdateReport): void;
  routeRefresh(conn: Connection, message: RouteRefreshMessage): void;
  /** The FSM left Established (the RIB drops the peer's routes) or a connection attempt ended. */
  down(conn: Connection, cause: DownCause, wasEstablished: boolean): void;
  /** Queued UPDATEs that had to wait for the socket are all sent: the owner may send more. */
  drained(conn: Connection): void;
  /** Our connection attempt got no answer before it was given up (no-answer.ts says why that may be). */
  noAnswer?(conn: Connection): void;
  /** Per-peer UPDATE/NOTIFICATION counts (message-counters.ts), fed with every message in and out. */
  readonly counters?: MessageCounters;
}

const NO_DATA = Buffer.alloc(0);
/** How long a closing socket may take to flush a NOTIFICATION before it is destroyed. */
const CLOSE_GRACE_MS = 1000;

export class Connection implements FsmDriverPorts {
  readonly runner: FsmRunner;
  initiator: ConnectionInitiator;
  /** Set while an OPEN has been received on this connection. */
  peerOpen: OpenMessage | undefined;
  negotiated: NegotiatedContexts | undefined;
  holdTimeSec = 0;
  keepaliveTimeSec = 0;
  /** Last socket error, for "TCP connection failed: ECONNREFUSED". */
  socketError: string | undefined;
  /** MD5 key and TTLs of this peer's sockets (ttl-security.ts). */
  readonly security: TransportSecurity;
  /** The peer's AS: configured, or learned from the OPEN for a dynamic peer (config.peerAsRange). */
  peerAs: number;
  private socket: net.Socket | undefined;
  /** UPDATEs waiting for the socket to drain (send-queue.ts); one per socket. */
  private queue: SendQueue | undefined;
  private framer = new Framer();
  private pending: { update: UpdateMessage; report: UpdateReport } | undefined;
  private wasEstablished = false;

  constructor(
    private readonly config: SessionConfig,
    clock: Clock,
    private readonly log: Logger,
    private readonly owner: ConnectionOwner,
    initiator: ConnectionInitiator,
  ) {
    this.initiator = initiator;
    this.security = transportSecurity(config);
    this.peerAs = config.peerAs;
    this.runner = new FsmRunner(
      initialFsmState(config.fsm),
      clock,
      this,
      { config: config.fsm },
      afterPendingIo,
    );
  }

  get state(): BgpState {
    return this.runner.state.bgpState;
  }

  get hasSocket(): boolean {
    return this.socket !== undefined;
  }

  get localAddress(): string | undefined {
    return this.socket?.localAddress;
  }

  dispatch(event: FsmEvent): void {
    this.runner.dispatch(event);
  }

  /** An accepted incoming connection for this FSM (Connect/Active, or a fresh FSM for a collision). */
  attach(socket: net.Socket): void {
    this.detach();
    this.initiator = 'remote';
    try {
      secureAccepted(socket, this.security);
    } catch (err) {
      this.log.error('cannot set TTL options on the accepted connection', { error: errorMessage(err) });
    }
    this.adopt(socket);
    this.dispatch({ type: 'TcpConnectionConfirmed' });
  }

  /**
   * Queues UPDATEs behind the ones not yet sent; they are pulled (packed, encoded) only as the socket
   * takes them. `bytesOf` gives a message's wire bytes when the caller already has them (the packer
   * measured them).
   */
  sendUpdates(messages: Iterable<UpdateMessage>, bytesOf?: (message: UpdateMessage) => Buffer[]): void {
    const ctx = this.negotiated?.send;
    if (ctx === undefined || this.state !== 'Established') return;
    const encode = bytesOf ?? ((message: UpdateMessage) => encodeUpdates(message, ctx));
    this.queue?.enqueue(this.counted(wireBytes(messages, encode)));
  }

  /** Messages that must stay in order with queued UPDATEs (a route refresh answer). */
  sendQueued(messages: Iterable<BgpMessage>): void {
    const ctx = this.negotiated?.send ?? DEFAULT_CONTEXT;
    this.queue?.enqueue(this.counted(wireBytes(messages, (message) => [encodeMessage(message, ctx)])));
  }

  /** No UPDATEs wait for the socket: more may be packed now (else they wait in the Adj-RIB-Out). */
  get readyToSend(): boolean {
    return this.queue?.idle ?? false;
  }

  /** Bytes this process holds for the socket (written, not yet taken by the kernel). */
  get sendBufferedBytes(): number {
    return this.socket?.writableLength ?? 0;
  }

  send(message: BgpMessage): void {
    this.write(encodeMessage(message, this.negotiated?.send ?? DEFAULT_CONTEXT));
  }

  dispose(): void {
    this.runner.dispose();
    this.detach();
  }

  // --- FsmDriverPorts -------------------------------------------------------------------------------

  initiateTcpConnection(): void {
    this.noteUnanswered();
    this.detach();
    this.initiator = 'local';
    let socket: net.Socket;
    try {
      socket = connectSecured(
        {
          address: this.config.peerAddress.toString(),
          port: this.config.peerPort ?? BGP_PORT,
          ...(this.config.interface === undefined ? {} : { interface: this.config.interface }),
          ...(this.config.sourceAddress ? { localAddress: this.config.sourceAddress.toString() } : {}),
        },
        this.security,
      );
    } catch (err) {
      // The socket options could not be set (no addon, EPERM...): a TCP failure, with the reason.
      this.socketError = errorMessage(err);
      queueMicrotask(() => this.dispatch({ type: 'TcpConnectionFails' }));
      return;
    }
    this.adopt(socket);
    socket.once('connect', () => {
      if (this.socket === socket) this.dispatch({ type: 'Tcp_CR_Acked' });
    });
  }

  dropTcpConnection(): void {
    this.noteUnanswered();
    this.detach();
  }

  sendOpen(): void {
    this.send(localOpen(this.config));
  }

  sendKeepalive(): void {
    this.send(KEEPALIVE);
  }

  sendNotification(notification: Notification): void {
    this.send(notificationMessage({ ...notification, data: Buffer.from(notification.data ?? NO_DATA) }));
  }

  processUpdate(): void {
    const pending = this.pending;
    this.pending = undefined;
    if (pending !== undefined) this.owner.update(this, pending.update, pending.report);
  }

  /**
   * Every fall back to Idle releases resources (transition.ts toIdle), so this is where the owner hears
   * why the connection ended, Established or not (a Bad Peer AS never gets that far).
   */
  releaseResources(): void {
    const { bgpState, lastDownCause } = this.runner.state;
    // OpenSent → Active on a TCP failure (§8.2.2) keeps an older lastDownCause: report this one.
    const cause: DownCause | undefined =
      bgpState === 'Idle' ? lastDownCause : { event: 'TcpConnectionFails' };
    const wasEstablished = this.wasEstablished;
    this.wasEstablished = false;
    if (cause !== undefined) this.owner.down(this, cause, wasEstablished);
    this.pending = undefined;
    this.negotiated = undefined;
    this.peerOpen = undefined;
    this.framer = new Framer();
  }

  sessionEstablished(holdTimeSec: number, keepaliveTimeSec: number): void {
    this.holdTimeSec = holdTimeSec;
    this.keepaliveTimeSec = keepaliveTimeSec;
    this.wasEstablished = true;
    this.owner.established(this);
  }

  /** Already reported by releaseResources(), which the same transition performs first. */
  sessionDown(_cause: DownCause): void {
    this.wasEstablished = false;
  }

  // --- socket ---------------------------------------------------------------------------------------

  private adopt(socket: net.Socket): void {
    this.socket = socket;
    this.queue = new SendQueue(socket, {
      onIdle: () => {
        if (this.socket === socket) this.owner.drained(this);
      },
      onSourceError: (err) => {
        // A route we cannot encode must not take the process (or the other peers) down.
        this.log.error('cannot send routes', {
          peer: this.config.peerAddress.toString(),
          error: errorMessage(err),
        });
      },
    });
    this.socketError = undefined;
    this.framer = new Framer();
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      if (this.socket !== socket) return;
      this.receiveSafely(chunk);
      // libuv reads up to 32 chunks (2 MB, ~500k routes) in one poll phase before timers get a turn: a
      // peer sending a full table would starve our hold and keepalive timers (seen: Hold Timer Expired
      // at 1M routes). One chunk per turn of the event loop keeps them, and the other sessions, on time.
      socket.pause();
      setImmediate(() => {
        if (!socket.destroyed) socket.resume();
      });
    });
    socket.on('error', (err) => {
      // A socket already given up (detached) must not put its error on the current attempt.
      if (this.socket !== socket) return;
      this.socketError = (err as NodeJS.ErrnoException).code ?? errorMessage(err);
    });
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.queue?.close();
      this.queue = undefined;
      this.dispatch({ type: 'TcpConnectionFails' });
    });
  }

  /** A connect() still in flight when the FSM gives up on it never got an answer. */
  private noteUnanswered(): void {
    if (this.socket?.connecting === true && this.initiator === 'local') this.owner.noAnswer?.(this);
  }

  /** Forget the socket first (so its 'close' feeds no event), then close it after writes drain. */
  private detach(): void {
    const socket = this.socket;
    if (socket === undefined) return;
    this.socket = undefined;
    this.queue?.close();
    this.queue = undefined;
    socket.end();
    const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  }

  private write(bytes: Buffer): void {
    const socket = this.socket;
    if (socket === undefined || socket.destroyed || !socket.writable) return;
    socket.write(bytes);
    this.owner.counters?.sent(bytes);
  }

  private counted(source: Iterable<Buffer>): Iterable<Buffer> {
    return this.owner.counters?.counting(source) ?? source;
  }

  /**
   * A bug anywhere below (RIB, encoder) while handling this peer's messages must cost this session only:
   * reset it with Cease / Out of Resources (RFC 4486) rather than let the exception take the process.
   */
  private receiveSafely(chunk: Buffer): void {
    try {
      this.receive(chunk);
    } catch (err) {
      this.log.error('internal error handling a message; resetting the session', {
        peer: this.config.peerAddress.toString(),
        error: errorMessage(err),
      });
      this.pending = undefined;
      this.dispatch({ type: 'AutomaticStop', ceaseSubcode: CeaseSubcode.OutOfResources });
    }
  }

  private receive(chunk: Buffer): void {
    this.framer.push(chunk);
    for (const frame of this.framer.frames()) {
      // Rule 3 of driver-contract.ts: a message after the FSM dropped the connection is ignored.
      if (this.socket === undefined) return;
      if (!frame.ok) return this.wireError(frame.error);
      this.owner.counters?.received(frame.frame);
      const decoded = decodeMessage(frame.frame, this.negotiated?.receive ?? DEFAULT_CONTEXT);
      if (!decoded.ok) return this.wireError(decoded.error);
      if (decoded.message.type === 'update') {
        this.pending = { update: decoded.message, report: decoded.report as UpdateReport };
        this.dispatch({ type: 'UpdateMsg' });
      } else {
        this.message(decoded.message);
      }
    }
  }

  private message(message: Exclude<BgpMessage, UpdateMessage>): void {
    switch (message.type) {
      case 'open':
        return this.openMessage(message);
      case 'keepalive':
        return this.dispatch({ type: 'KeepAliveMsg' });
      case 'notification': {
        const unsupportedVersion =
          message.code === ErrorCode.OPEN_MESSAGE_ERROR &&
          message.subcode === OpenSubcode.UNSUPPORTED_VERSION_NUMBER;
        if (unsupportedVersion) return this.dispatch({ type: 'NotifMsgVerErr' });
        return this.dispatch({
          type: 'NotifMsg',
          code: message.code,
          subcode: message.subcode,
          data: message.data,
        });
      }
      case 'route-refresh':
        if (this.state === 'Established') this.owner.routeRefresh(this, message);
        return;
    }
  }

  private openMessage(open: OpenMessage): void {
    const subcode = checkPeerOpen(open, this.config);
    if (subcode !== undefined) {
      this.log.warn('OPEN refused', { peer: this.config.peerAddress.toString(), subcode });
      return this.dispatch({ type: 'BGPOpenMsgErr', subcode });
    }
    this.peerOpen = open;
    if (this.config.peerAsRange !== undefined) this.peerAs = openAs(open);
    const external = isExternal({ ...this.config, peerAs: this.peerAs });
    this.negotiated = negotiate(localOpen(this.config), open, {
      peerType: external ? 'external' : 'internal',
      firstAs: external ? this.peerAs : undefined,
    });
    const verdict = this.owner.openReceived(this);
    if (verdict === 'OpenCollisionDump') return this.dispatch({ type: 'OpenCollisionDump' });
    this.dispatch({
      type: 'BGPOpen',
      open: { holdTimeSec: open.holdTimeSec, bgpIdentifier: open.bgpIdentifier.value },
    });
  }

  /** Rule 5: the codec's classification picks the FSM event; the FSM sends the NOTIFICATION and resets. */
  private wireError(error: BgpWireError): void {
    const { code, subcode, data } = error.notification;
    this.log.warn('malformed message from peer', {
      peer: this.config.peerAddress.toString(),
      error: error.code,
      detail: error.message,
    });
    switch (code) {
      case ErrorCode.MESSAGE_HEADER_ERROR:
        return this.dispatch({ type: 'BGPHeaderErr', subcode, data });
      case ErrorCode.OPEN_MESSAGE_ERROR:
        return this.dispatch({ type: 'BGPOpenMsgErr', subcode, data });
      case ErrorCode.UPDATE_MESSAGE_ERROR:
        return this.dispatch({ type: 'UpdateMsgErr', subcode, data });
      default:
        // ROUTE-REFRESH Message Error (RFC 7313 §5) has no FSM event: send it ourselves, then the
        // connection is gone as far as the FSM is concerned.
        this.send(notificationMessage(error.notification));
        this.detach();
        return this.dispatch({ type: 'TcpConnectionFails' });
    }
  }
}

function* wireBytes<M>(messages: Iterable<M>, encode: (message: M) => Buffer[]): Generator<Buffer> {
  for (const message of messages) yield* encode(message);
}
