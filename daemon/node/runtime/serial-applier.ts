// One apply at a time, coalesced, retried with backoff: the loop the kernel route table and the
// encapsulation stage share. Requests made while an apply runs fold into one more apply after it (the
// work reads the latest desired state, so one pass catches up with any number of changes); a failed pass
// is logged and tried again later, ever more slowly, until one succeeds or the applier is closed.
import { errorMessage, type Logger } from '../../../common/index.js';
import { Backoff } from '../../../routing/routetable/index.js';

export interface SerialApplierOptions {
  /** Names the work in the log (`kernel route apply failed; retrying`). */
  readonly what: string;
  readonly log: Logger;
  /** One pass over the latest desired state; throws to be retried. */
  readonly apply: () => Promise<void>;
  readonly backoff?: Backoff;
}

export class SerialApplier {
  private scheduled = false;
  private running: Promise<void> = Promise.resolve();
  private failureCount = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private readonly backoff: Backoff;

  constructor(private readonly options: SerialApplierOptions) {
    this.backoff = options.backoff ?? new Backoff();
  }

  /** Consecutive failed passes (0 after a success). */
  get failures(): number {
    return this.failureCount;
  }

  /** Asks for a pass; several asks before it starts make one pass. */
  schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.running = this.running.then(() => this.pass());
    });
  }

  /** Resolves when the passes asked for so far have run. */
  async settled(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    await this.running;
  }

  /** No more passes (one already running finishes); nothing is undone. */
  close(): void {
    this.closed = true;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
  }

  private async pass(): Promise<void> {
    if (this.closed) return;
    try {
      await this.options.apply();
      this.failureCount = 0;
    } catch (error) {
      this.failureCount++;
      const retryInMs = this.backoff.delayMs(this.failureCount);
      this.options.log.error(`${this.options.what} failed; retrying`, {
        error: errorMessage(error),
        attempts: this.failureCount,
        retryInMs,
      });
      if (!this.closed) this.retryTimer = setTimeout(() => this.schedule(), retryInMs);
    }
  }
}
