/**
 * The Restarting Speaker's wait (RFC 4724 §4.1): after our own restart, route selection (and so
 * advertisement) is deferred until every peer has sent End-of-RIB for each family in use, or the
 * Selection_Deferral_Timer expires. Peers that did not advertise the capability, or advertised it with the
 * Restart State bit (they are restarting too and wait for us), are not waited for. A configured peer that
 * has not come up yet is waited for, up to the timer: its routes may be the best ones.
 */
import type { Clock, TimerHandle } from '../../common/index.js';
import type { Family } from '../wire/index.js';
import type { GracefulRestartCapability } from './graceful-restart-helper.js';

interface Waiting {
  /** Families still owing End-of-RIB; undefined while the session is not up. */
  families: Set<Family> | undefined;
}

export type DeferralEnd = 'end-of-rib' | 'timer';

export class SelectionDeferral {
  private readonly waiting = new Map<string, Waiting>();
  private timer: TimerHandle | undefined;
  private endedBy: DeferralEnd | undefined;
  private readonly dueAtMs: number;

  constructor(
    private readonly clock: Clock,
    timeSec: number,
    private readonly onEnd: (by: DeferralEnd) => void,
  ) {
    this.dueAtMs = clock.now() + timeSec * 1000;
    this.timer = clock.setTimeout(() => this.end('timer'), timeSec * 1000);
  }

  get active(): boolean {
    return this.endedBy === undefined;
  }

  /** How it ended, for status; undefined while deferring. */
  get ended(): DeferralEnd | undefined {
    return this.endedBy;
  }

  remainingSec(): number {
    return Math.max(0, Math.ceil((this.dueAtMs - this.clock.now()) / 1000));
  }

  /** Peers still owed End-of-RIB (for status and logs). */
  pendingPeers(): string[] {
    return [...this.waiting.keys()];
  }

  addPeer(peerId: string): void {
    if (this.active && !this.waiting.has(peerId)) this.waiting.set(peerId, { families: undefined });
  }

  removePeer(peerId: string): void {
    this.waiting.delete(peerId);
    this.check();
  }

  established(peerId: string, cap: GracefulRestartCapability | undefined, families: readonly Family[]): void {
    const w = this.waiting.get(peerId);
    if (w === undefined) return;
    if (cap === undefined || cap.restartState || families.length === 0) this.waiting.delete(peerId);
    else w.families = new Set(families);
    this.check();
  }

  endOfRib(peerId: string, family: Family): void {
    const w = this.waiting.get(peerId);
    if (w?.families === undefined) return;
    w.families.delete(family);
    if (w.families.size === 0) this.waiting.delete(peerId);
    this.check();
  }

  dispose(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private check(): void {
    if (this.active && this.waiting.size === 0) this.end('end-of-rib');
  }

  private end(by: DeferralEnd): void {
    if (!this.active) return;
    this.endedBy = by;
    this.dispose();
    this.waiting.clear();
    this.onEnd(by);
  }
}
