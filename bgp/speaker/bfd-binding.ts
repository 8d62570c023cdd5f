/**
 * BFD as a client protocol of BGP (RFC 5882 §4.3, RFC 5883 §6 for multihop). Choices:
 * - The BGP session starts at once and does not wait for the first BFD Up (a peer without BFD still
 *   peers; its BFD column then stays Down, which shows the misconfiguration).
 * - BFD going from Up to Down takes the BGP session down at once (Cease / BFD Down, RFC 9384) and holds
 *   it in Idle — no connection out, incoming ones refused — until BFD is Up again (RFC 5882 §4.3's
 *   dampening: do not bring BGP back over a path BFD still calls down). Status shows
 *   "BFD down: <diagnostic>" as the last error.
 * - Down because the peer signalled AdminDown is not a failure (RFC 5882 §3.2): BGP is left alone.
 * - Graceful restart hook (RFC 5882 §4.3.2): `PeerSession.downBy` is 'bfd' when the session ended this
 *   way, set before the FSM stops so `SessionEvents.down` handlers see it; the peer's C bit is in
 *   `status().remoteControlPlaneIndependent`. The speaker passes both to the GR helper: with the C bit
 *   clear the failure may be a control-plane restart and GR keeps the routes; with it set they go.
 */
import { errorMessage, type IpAddress, type Logger } from '../../common/index.js';
import { BFD_DEFAULTS, describeDiag, type BfdConfig, type BfdStateChange } from '../bfd/index.js';
import { CeaseSubcode } from '../fsm/index.js';
import type { BfdPeerHandle, BfdService, PeerSession } from '../session/index.js';
import type { PeerBfdConfig } from './speaker-config.js';

/** What `twillctl bgp peers` shows about a peer's BFD session (intervals in milliseconds). */
export interface BfdPeerStatus {
  readonly state: string;
  readonly remoteState: string;
  readonly diag: string;
  readonly remoteDiag: string;
  readonly multihop: boolean;
  readonly minTxMs: number;
  readonly minRxMs: number;
  readonly multiplier: number;
  /** Negotiated: max(our minTx, the peer's minRx); 1000 while not Up. */
  readonly txIntervalMs: number | undefined;
  /** Negotiated: peer multiplier × max(our minRx, the peer's minTx). */
  readonly detectionTimeMs: number | undefined;
  readonly remoteMultiplier: number | undefined;
  readonly localDiscriminator: number | undefined;
  readonly remoteDiscriminator: number | undefined;
  /** The peer's C bit (RFC 5880 §4.1). */
  readonly remoteControlPlaneIndependent: boolean;
  /** BGP is held in Idle until BFD is Up again. */
  readonly holdingBgp: boolean;
  readonly authentication: string | undefined;
  readonly error: string | undefined;
}

export function bfdConfigOf(c: PeerBfdConfig): BfdConfig {
  return {
    minTxMs: c.minTxMs ?? BFD_DEFAULTS.minTxMs,
    minRxMs: c.minRxMs ?? BFD_DEFAULTS.minRxMs,
    multiplier: c.multiplier ?? BFD_DEFAULTS.multiplier,
    multihop: c.multihop ?? BFD_DEFAULTS.multihop,
    ...(c.auth === undefined ? {} : { auth: c.auth }),
  };
}

export class BfdBinding {
  private handle: BfdPeerHandle | undefined;
  private holding = false;
  private disposed = false;
  private error: string | undefined;
  private readonly log: Logger;

  constructor(
    private readonly session: PeerSession,
    private readonly config: BfdConfig,
    log: Logger,
  ) {
    this.log = log.child({ peer: session.id });
  }

  start(service: BfdService, peer: IpAddress, source: IpAddress | undefined): void {
    service
      .add(peer, this.config, source, (c) => this.onStateChange(c))
      .then(
        (handle) => {
          if (this.disposed) handle.dispose();
          else this.handle = handle;
        },
        (err: unknown) => {
          this.error = errorMessage(err);
          this.log.error('BFD session not started', { error: this.error });
        },
      );
  }

  dispose(): void {
    this.disposed = true;
    this.handle?.dispose();
    this.handle = undefined;
  }

  status(): BfdPeerStatus {
    const s = this.handle?.status();
    return {
      state: s?.state ?? 'Down',
      remoteState: s?.remoteState ?? 'Down',
      diag: describeDiag(s?.localDiag ?? 0),
      remoteDiag: describeDiag(s?.remoteDiag ?? 0),
      multihop: this.config.multihop,
      minTxMs: this.config.minTxMs,
      minRxMs: this.config.minRxMs,
      multiplier: this.config.multiplier,
      txIntervalMs: s?.txIntervalMs,
      detectionTimeMs: s?.detectionTimeMs,
      remoteMultiplier: s?.remoteMultiplier,
      localDiscriminator: s?.localDiscriminator,
      remoteDiscriminator: s?.remoteDiscriminator,
      remoteControlPlaneIndependent: s?.remoteControlPlaneIndependent ?? false,
      holdingBgp: this.holding,
      authentication: this.config.auth?.type,
      error: this.error,
    };
  }

  private onStateChange(c: BfdStateChange): void {
    if (this.disposed) return;
    if (c.to === 'Up') {
      if (!this.holding) return;
      this.holding = false;
      this.session.downBy = undefined;
      this.log.info('BFD up: BGP may start again');
      this.session.start();
      return;
    }
    if (c.from !== 'Up') return;
    // RFC 5882 §3.2: the peer going AdminDown is not a path failure.
    if (this.handle?.status().remoteState === 'AdminDown') return;
    const reason = `BFD down: ${describeDiag(c.diag)}`;
    this.holding = true;
    this.session.downBy = 'bfd';
    this.log.warn('BFD down: stopping the BGP session', { diag: c.diag, reason });
    this.session.stop(CeaseSubcode.BfdDown);
    this.session.lastError = reason;
  }
}
