// When to write this node's TwillNodeStatus: the scheduling core, pure but for the injected Clock.
//
// - Batches: any number of changes inside one interval become one write (at most one ordinary write
//   per `intervalMs`; the interval is also the polling period that picks up changes nobody announced,
//   such as prefix counts).
// - Urgent changes (a BGP session changing state) are written after `urgentDelayMs`, so a burst of them
//   (a ToR reboot drops every session at once) coalesces into one write, and never more often than
//   once per `urgentMinIntervalMs`, so a flapping session cannot hammer the API server.
// - Skips the write when nothing but observedAt changed, except every `refreshMs` (a heartbeat that
//   keeps observedAt fresh, so readers can tell a live node from a dead one).
// - Retries a failed write with exponential backoff (with jitter: a thousand nodes that lost the API
//   server together must not return together), one write in flight at a time.
// - Never blocks its caller: notify() only moves a timer.
import type { Clock, Logger, TimerHandle } from '../../../common/index.js';
import { errorMessage } from '../../../common/index.js';
import type { TwillNodeStatusStatus } from '../../../datastore/index.js';
import { statusContent } from './status-builder.js';

/** Where a status goes; the datastore edge (status-sink.ts) does get/create/update with CAS. */
export interface StatusSink {
  write(status: TwillNodeStatusStatus): Promise<void>;
}

export interface StatusWriterTiming {
  readonly intervalMs: number;
  readonly urgentDelayMs: number;
  readonly urgentMinIntervalMs: number;
  readonly refreshMs: number;
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
}

export const DEFAULT_STATUS_WRITER_TIMING: StatusWriterTiming = {
  intervalMs: 10_000,
  urgentDelayMs: 250,
  urgentMinIntervalMs: 1_000,
  refreshMs: 60_000,
  backoffMs: 1_000,
  maxBackoffMs: 60_000,
};

export interface StatusWriterOptions {
  readonly clock: Clock;
  readonly log: Logger;
  /** Builds the status from the current snapshot; called only when a write is due. */
  readonly build: () => TwillNodeStatusStatus;
  readonly sink: StatusSink;
  readonly timing?: Partial<StatusWriterTiming>;
  /** [0, 1); the backoff is scaled by 0.5 + random/2. Injected so tests are exact. */
  readonly random?: () => number;
}

export interface StatusWriterCounts {
  readonly writes: number;
  readonly skipped: number;
  readonly failures: number;
}

export class StatusWriter {
  private readonly timing: StatusWriterTiming;
  private timer: TimerHandle | undefined;
  private dueAtMs = Infinity;
  private inFlight: Promise<void> | undefined;
  private rerun = false;
  private lastContent: string | undefined;
  private lastWriteAtMs = -Infinity;
  private retryAtMs = -Infinity;
  private consecutiveFailures = 0;
  private closed = false;
  private counts = { writes: 0, skipped: 0, failures: 0 };

  constructor(private readonly options: StatusWriterOptions) {
    this.timing = { ...DEFAULT_STATUS_WRITER_TIMING, ...options.timing };
  }

  /** Writes soon (the first write goes out at once), then polls every intervalMs. */
  start(): void {
    this.schedule(this.options.clock.now());
  }

  /** Something changed. Returns at once; the write happens later, batched with other changes. */
  notify(urgent = false): void {
    if (this.closed) return;
    const now = this.options.clock.now();
    const { intervalMs, urgentDelayMs, urgentMinIntervalMs } = this.timing;
    const earliest = urgent
      ? Math.max(now + urgentDelayMs, this.lastWriteAtMs + urgentMinIntervalMs)
      : Math.max(now, this.lastWriteAtMs + intervalMs);
    this.schedule(Math.max(earliest, this.retryAtMs));
  }

  get stats(): StatusWriterCounts {
    return { ...this.counts };
  }

  /** Stops the timers and waits for a write in flight; later notify() calls are ignored. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  private schedule(atMs: number): void {
    if (this.closed) return;
    if (this.timer !== undefined && this.dueAtMs <= atMs) return;
    const { clock } = this.options;
    if (this.timer !== undefined) clock.clearTimeout(this.timer);
    this.dueAtMs = atMs;
    this.timer = clock.setTimeout(
      () => {
        this.timer = undefined;
        this.dueAtMs = Infinity;
        this.attempt();
      },
      Math.max(0, atMs - clock.now()),
    );
  }

  private attempt(): void {
    if (this.closed) return;
    if (this.inFlight !== undefined) {
      this.rerun = true;
      return;
    }
    const { clock, log } = this.options;
    let status: TwillNodeStatusStatus;
    try {
      status = this.options.build();
    } catch (error) {
      // A bug in building must not stop the heartbeat: log, and try again next period.
      log.error('building the node status failed', { error: errorMessage(error) });
      this.schedule(clock.now() + this.timing.intervalMs);
      return;
    }
    const content = statusContent(status);
    const now = clock.now();
    if (content === this.lastContent && now - this.lastWriteAtMs < this.timing.refreshMs) {
      this.counts.skipped += 1;
      this.schedule(Math.min(now + this.timing.intervalMs, this.lastWriteAtMs + this.timing.refreshMs));
      return;
    }
    this.inFlight = this.options.sink.write(status).then(
      () => this.written(content),
      (error: unknown) => this.failed(error),
    );
  }

  private written(content: string): void {
    const now = this.options.clock.now();
    this.inFlight = undefined;
    this.counts.writes += 1;
    this.lastContent = content;
    this.lastWriteAtMs = now;
    this.retryAtMs = -Infinity;
    this.consecutiveFailures = 0;
    this.afterAttempt(now);
  }

  private failed(error: unknown): void {
    const now = this.options.clock.now();
    this.inFlight = undefined;
    this.counts.failures += 1;
    this.consecutiveFailures += 1;
    const { backoffMs, maxBackoffMs } = this.timing;
    const base = Math.min(maxBackoffMs, backoffMs * 2 ** Math.min(30, this.consecutiveFailures - 1));
    const delayMs = Math.round(base * (0.5 + (this.options.random ?? Math.random)() / 2));
    this.retryAtMs = now + delayMs;
    this.options.log.warn('writing the node status failed; retrying', {
      error: errorMessage(error),
      attempt: this.consecutiveFailures,
      retryInMs: delayMs,
    });
    this.rerun = false;
    this.schedule(this.retryAtMs);
  }

  private afterAttempt(now: number): void {
    if (this.rerun) {
      this.rerun = false;
      this.schedule(Math.max(now, this.lastWriteAtMs + this.timing.urgentMinIntervalMs));
    }
    this.schedule(now + this.timing.intervalMs);
  }
}
