/**
 * One BFD session in Asynchronous mode (RFC 5880 §6): state variables of §6.8.1, reception (§6.8.6),
 * transmission (§6.8.7), detection (§6.8.4), timer changes with a Poll Sequence (§6.5, §6.8.3) and
 * administrative control (§6.8.16). Pure of sockets: packets go out through `send`, time through a Clock.
 * Demand mode and the Echo function are not implemented: we never set D and advertise
 * Required Min Echo RX 0; a peer in Demand mode is honoured (§6.8.7: we stop periodic transmission).
 */
import type { Clock, TimerHandle } from '../../common/index.js';
import { isMeticulous, verifyAuthSection } from './auth-section.js';
import { sequenceAcceptable } from './auth-sequence.js';
import type { BfdConfig } from './bfd-config.js';
import { BfdError } from './bfd-error.js';
import { BFD_SLOW_TX_US, BfdDiag, type BfdState } from './constants.js';
import { encodeControlPacket, type BfdControlPacket } from './control-packet.js';
import { detectionTimeUs, jitteredIntervalUs, transmitIntervalUs } from './intervals.js';
import { onRemoteState } from './state-machine.js';

export interface BfdStateChange {
  readonly from: BfdState;
  readonly to: BfdState;
  /** bfd.LocalDiag after the change: why a session went Down. */
  readonly diag: number;
}

export interface BfdSessionOptions {
  readonly config: BfdConfig;
  readonly localDiscriminator: number;
  readonly clock: Clock;
  readonly send: (packet: Buffer) => void;
  readonly onStateChange?: (change: BfdStateChange) => void;
  /** In [0, 1): jitter (§6.8.7) and the first auth sequence number. Default Math.random. */
  readonly random?: () => number;
}

export class BfdSession {
  // §6.8.1 state variables (intervals in microseconds, as on the wire).
  private sessionState: BfdState = 'Down';
  private remoteSessionState: BfdState = 'Down';
  private remoteDiscr = 0;
  private localDiag: number = BfdDiag.None;
  /** What we advertise; `oper*` is what we act on until a Poll Sequence confirms a change (§6.8.3). */
  private desiredMinTxUs = BFD_SLOW_TX_US;
  private operDesiredMinTxUs = BFD_SLOW_TX_US;
  private requiredMinRxUs: number;
  private operRequiredMinRxUs: number;
  private remoteMinRxUs = 1;
  private remoteDesiredMinTxUs = 0;
  private remoteDetectMult = 0;
  private remoteDemandMode = false;
  private remoteDiag = 0;
  private remoteControlPlaneIndependent = false;
  private pollActive = false;
  private rcvAuthSeq: number | undefined;
  private xmitAuthSeq: number;
  private lastRxMs: number | undefined;
  private txTimer: TimerHandle | undefined;
  private detectTimer: TimerHandle | undefined;
  private running = false;
  private lastChangeMs: number;
  readonly counters = { sent: 0, received: 0, discarded: 0, upCount: 0 };
  private readonly random: () => number;

  constructor(private readonly options: BfdSessionOptions) {
    this.random = options.random ?? Math.random;
    this.requiredMinRxUs = options.config.minRxMs * 1000;
    this.operRequiredMinRxUs = this.requiredMinRxUs;
    this.xmitAuthSeq = Math.floor(this.random() * 0x1_0000_0000) >>> 0;
    this.lastChangeMs = options.clock.now();
  }

  get localDiscriminator(): number {
    return this.options.localDiscriminator;
  }

  get state(): BfdState {
    return this.sessionState;
  }

  /** Starts transmitting (Down, at the slow rate of §6.8.3). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.scheduleTx();
  }

  /** Stops all timers; nothing more is sent. */
  dispose(): void {
    this.running = false;
    this.cancel('txTimer');
    this.cancel('detectTimer');
  }

  /** §6.8.16: AdminDown with diag 7; the peer sees AdminDown and does not count it as a failure. */
  adminDown(): void {
    this.changeState('AdminDown', BfdDiag.AdministrativelyDown);
    this.cancel('detectTimer');
  }

  /** §6.8.16: leave AdminDown for Down. */
  adminUp(): void {
    if (this.sessionState === 'AdminDown') this.changeState('Down', BfdDiag.None);
  }

  /**
   * A decoded packet for this session (§6.8.6 from "If the A bit is set"). `raw` is the packet as
   * received (for the digest). Throws a BfdError when the packet must be discarded.
   */
  receive(p: BfdControlPacket, raw: Buffer): void {
    try {
      this.checkAuth(p, raw);
    } catch (err) {
      this.counters.discarded++;
      throw err;
    }
    this.counters.received++;
    this.lastRxMs = this.options.clock.now();
    this.remoteDiscr = p.myDiscriminator;
    this.remoteSessionState = p.state;
    this.remoteDemandMode = p.demand;
    this.remoteDiag = p.diag;
    this.remoteControlPlaneIndependent = p.controlPlaneIndependent;
    const remoteMinRxChanged = this.remoteMinRxUs !== p.requiredMinRxUs;
    this.remoteMinRxUs = p.requiredMinRxUs;
    this.remoteDesiredMinTxUs = p.desiredMinTxUs;
    this.remoteDetectMult = p.detectMult;
    // §6.5: a Final ends our Poll Sequence; the new values now apply.
    if (p.final && this.pollActive) {
      this.pollActive = false;
      this.operDesiredMinTxUs = this.desiredMinTxUs;
      this.operRequiredMinRxUs = this.requiredMinRxUs;
    }
    if (this.sessionState === 'AdminDown') return;
    const next = onRemoteState(this.sessionState, p.state);
    if (next !== undefined) this.changeState(next.state, next.diag ?? this.localDiag);
    this.restartDetectTimer();
    // §6.8.7: answer a Poll with a Final at once, regardless of the transmit timer.
    if (p.poll) this.transmit(true);
    // A peer that now wants packets faster (or again) than our pending timer would send them.
    if (remoteMinRxChanged && this.running) this.scheduleTx();
  }

  /** Snapshot for status (intervals in milliseconds). */
  status(): BfdSessionStatus {
    const detect = this.detectionTimeUs();
    return {
      state: this.sessionState,
      remoteState: this.remoteSessionState,
      localDiscriminator: this.options.localDiscriminator,
      remoteDiscriminator: this.remoteDiscr,
      localDiag: this.localDiag,
      remoteDiag: this.remoteDiag,
      txIntervalMs: this.txIntervalUs() / 1000,
      detectionTimeMs: detect === undefined ? undefined : detect / 1000,
      remoteMultiplier: this.remoteDetectMult,
      remoteMinRxMs: this.remoteMinRxUs / 1000,
      remoteMinTxMs: this.remoteDesiredMinTxUs / 1000,
      remoteControlPlaneIndependent: this.remoteControlPlaneIndependent,
      pollActive: this.pollActive,
      lastChangeMs: this.lastChangeMs,
      counters: { ...this.counters },
    };
  }

  /** The periodic transmit interval before jitter (§6.8.7). */
  txIntervalUs(): number {
    return transmitIntervalUs(this.operDesiredMinTxUs, this.remoteMinRxUs);
  }

  /** §6.8.4; undefined until the peer has been heard from. */
  detectionTimeUs(): number | undefined {
    if (this.remoteDetectMult === 0) return undefined;
    return detectionTimeUs(this.remoteDetectMult, this.operRequiredMinRxUs, this.remoteDesiredMinTxUs);
  }

  // --- reception --------------------------------------------------------------------------------------

  private checkAuth(p: BfdControlPacket, raw: Buffer): void {
    const auth = this.options.config.auth;
    if (p.auth === undefined && auth === undefined) return;
    if (auth === undefined)
      throw new BfdError('UNEXPECTED_AUTH', 'A bit set but no authentication configured');
    if (p.auth === undefined)
      throw new BfdError('MISSING_AUTH', `A bit clear but ${auth.type} is configured`);
    if (!verifyAuthSection(raw, p.auth, auth))
      throw new BfdError('BAD_AUTH', `${p.auth.type} key ${p.auth.keyId}: wrong type, key id or secret`);
    if (p.auth.type === 'simple-password') return;
    // §6.8.1 bfd.AuthSeqKnown: forget the sequence after two Detection Times of silence.
    const detect = this.detectionTimeUs();
    const now = this.options.clock.now();
    if (this.lastRxMs !== undefined && detect !== undefined && now - this.lastRxMs > (2 * detect) / 1000)
      this.rcvAuthSeq = undefined;
    if (!sequenceAcceptable(this.rcvAuthSeq, p.auth.sequence, p.detectMult, isMeticulous(p.auth.type)))
      throw new BfdError('BAD_AUTH', `sequence ${p.auth.sequence} out of window after ${this.rcvAuthSeq}`);
    this.rcvAuthSeq = p.auth.sequence;
  }

  private restartDetectTimer(): void {
    this.cancel('detectTimer');
    const detect = this.detectionTimeUs();
    if (detect === undefined || !this.running) return;
    this.detectTimer = this.options.clock.setTimeout(() => this.detectionTimeExpired(), detect / 1000);
  }

  /** §6.8.4: no valid packet for a Detection Time. */
  private detectionTimeExpired(): void {
    this.detectTimer = undefined;
    this.remoteDiscr = 0; // §6.8.1 bfd.RemoteDiscr
    this.remoteSessionState = 'Down';
    if (this.sessionState === 'Init' || this.sessionState === 'Up')
      this.changeState('Down', BfdDiag.ControlDetectionTimeExpired);
  }

  // --- state and timers -------------------------------------------------------------------------------

  private changeState(to: BfdState, diag: number): void {
    const from = this.sessionState;
    this.localDiag = diag;
    if (from === to) return;
    this.sessionState = to;
    this.lastChangeMs = this.options.clock.now();
    if (to === 'Up') {
      this.counters.upCount++;
      // §6.8.3: leave the slow rate; a change while Up needs a Poll Sequence.
      this.setDesiredMinTx(this.options.config.minTxMs * 1000);
    } else if (from === 'Up' || this.desiredMinTxUs < BFD_SLOW_TX_US) {
      this.pollActive = false;
      this.setDesiredMinTx(Math.max(BFD_SLOW_TX_US, this.options.config.minTxMs * 1000));
    }
    this.options.onStateChange?.({ from, to, diag });
  }

  /** §6.8.3: a decrease takes effect at once; an increase while Up waits for the Poll Sequence. */
  private setDesiredMinTx(us: number): void {
    if (us === this.desiredMinTxUs) return;
    const increase = us > this.operDesiredMinTxUs;
    this.desiredMinTxUs = us;
    if (this.sessionState === 'Up') this.pollActive = true;
    if (!increase || this.sessionState !== 'Up') {
      const faster = us < this.operDesiredMinTxUs;
      this.operDesiredMinTxUs = us;
      // The peer times us out on the interval we advertise: a packet already scheduled at the old,
      // slower rate would arrive too late (seen against ourselves: Up, then Down after 3 × 50 ms).
      if (faster && this.running) this.scheduleTx();
    }
  }

  private scheduleTx(): void {
    this.cancel('txTimer');
    if (!this.running) return;
    // §6.8.7: no periodic packets to a peer that asks for none, or that runs Demand mode while both are Up.
    const demand = this.remoteDemandMode && this.sessionState === 'Up' && this.remoteSessionState === 'Up';
    if (this.remoteMinRxUs === 0 || (demand && !this.pollActive)) return;
    const us = jitteredIntervalUs(this.txIntervalUs(), this.options.config.multiplier, this.random);
    this.txTimer = this.options.clock.setTimeout(() => {
      this.txTimer = undefined;
      this.transmit(false);
      this.scheduleTx();
    }, us / 1000);
  }

  private transmit(final: boolean): void {
    const c = this.options.config;
    const bytes = encodeControlPacket(
      {
        diag: this.localDiag,
        state: this.sessionState,
        // §6.5: P and F are never both set.
        poll: this.pollActive && !final,
        final,
        controlPlaneIndependent: false,
        demand: false,
        detectMult: c.multiplier,
        myDiscriminator: this.options.localDiscriminator,
        yourDiscriminator: this.remoteDiscr,
        desiredMinTxUs: this.desiredMinTxUs,
        requiredMinRxUs: this.requiredMinRxUs,
        requiredMinEchoRxUs: 0,
      },
      c.auth === undefined ? undefined : { config: c.auth, sequence: this.nextAuthSequence() },
    );
    this.counters.sent++;
    this.options.send(bytes);
  }

  private nextAuthSequence(): number {
    // Keyed types may, meticulous types must, advance the sequence on every packet (§6.7.3, §6.7.4).
    this.xmitAuthSeq = (this.xmitAuthSeq + 1) >>> 0;
    return this.xmitAuthSeq;
  }

  private cancel(which: 'txTimer' | 'detectTimer'): void {
    const t = this[which];
    if (t !== undefined) this.options.clock.clearTimeout(t);
    this[which] = undefined;
  }
}

export interface BfdSessionStatus {
  readonly state: BfdState;
  readonly remoteState: BfdState;
  readonly localDiscriminator: number;
  readonly remoteDiscriminator: number;
  readonly localDiag: number;
  readonly remoteDiag: number;
  /** Negotiated transmit interval before jitter: max(our DesiredMinTx, the peer's RequiredMinRx). */
  readonly txIntervalMs: number;
  /** The peer's Detect Mult × max(our RequiredMinRx, its DesiredMinTx); undefined until heard from. */
  readonly detectionTimeMs: number | undefined;
  readonly remoteMultiplier: number;
  readonly remoteMinRxMs: number;
  readonly remoteMinTxMs: number;
  /** The peer's C bit (RFC 5880 §4.1): its BFD survives a control-plane restart (RFC 5882 §4.3). */
  readonly remoteControlPlaneIndependent: boolean;
  readonly pollActive: boolean;
  /** Clock time of the last state change. */
  readonly lastChangeMs: number;
  readonly counters: { sent: number; received: number; discarded: number; upCount: number };
}
