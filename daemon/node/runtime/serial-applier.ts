// One apply at a time, coalesced, retried with backoff: the loop the kernel route table and the
// encapsulation stage share. The work reads the latest desired state, so one pass catches up with any
// number of changes. Coalescing must not cost latency when the node is idle (a new pod's route waits for
// nothing but the kernel), and must bound the work when it is busy:
//  - idle: the first ask starts a pass at the end of the current task (a microtask), so every ask made
//    in the same synchronous run (one graph pass, one batch of best paths) is in it, and no turn of the
//    event loop, let alone a timer, is waited for;
//  - busy: asks made while a pass runs fold into ONE more pass, started after it on the next turn of the
//    event loop (so whatever else piled up meanwhile is in it too), however many asks there were.
// A failed pass is logged and tried again later, ever more slowly, until one succeeds or the applier is
// closed.
import { errorMessage, type Logger } from '../../../common/index.js';
import { Backoff } from '../../../routing/routetable/index.js';

/** What a pass is told about itself (for timing logs). */
export interface PassInfo {
  /** From the first ask this pass serves to its start. */
  readonly queuedMs: number;
  /** Asks this pass serves. */
  readonly asks: number;
}

export interface SerialApplierOptions {
  /** Names the work in the log (`kernel route apply failed; retrying`). */
  readonly what: string;
  readonly log: Logger;
  /** One pass over the latest desired state; throws to be retried. */
  readonly apply: (pass: PassInfo) => Promise<void>;
  readonly backoff?: Backoff;
  /** Milliseconds now (tests); default `performance.now()`. */
  readonly now?: () => number;
}

export class SerialApplier {
  /** Asks not yet served by a started pass: when the first came, and how many. */
  private waiting: { sinceMs: number; asks: number } | undefined;
  private loop: Promise<void> | undefined;
  private failureCount = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private readonly backoff: Backoff;
  private readonly now: () => number;

  constructor(private readonly options: SerialApplierOptions) {
    this.backoff = options.backoff ?? new Backoff();
    this.now = options.now ?? (() => performance.now());
  }

  /** Consecutive failed passes (0 after a success). */
  get failures(): number {
    return this.failureCount;
  }

  /** Asks for a pass: started at once when idle, folded into one follow-up pass when busy. */
  schedule(): void {
    if (this.closed) return;
    if (this.waiting !== undefined) {
      this.waiting.asks++;
      return;
    }
    this.waiting = { sinceMs: this.now(), asks: 1 };
    if (this.loop === undefined) this.loop = this.drain();
  }

  /** Resolves when the passes asked for so far have run. */
  async settled(): Promise<void> {
    while (this.loop !== undefined) await this.loop;
  }

  /** No more passes (one already running finishes); nothing is undone. */
  close(): void {
    this.closed = true;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
  }

  private async drain(): Promise<void> {
    // Idle start: after the caller's synchronous run (a microtask), not after a turn of the loop.
    await Promise.resolve();
    try {
      for (let first = true; this.waiting !== undefined && !this.closed; first = false) {
        // Busy follow-up: one turn of the event loop lets the work that piled up join this pass.
        if (!first) await new Promise<void>((resolve) => setImmediate(resolve));
        const { sinceMs, asks } = this.waiting;
        this.waiting = undefined;
        await this.pass({ queuedMs: this.now() - sinceMs, asks });
      }
    } finally {
      this.loop = undefined;
      this.waiting = undefined;
    }
  }

  private async pass(info: PassInfo): Promise<void> {
    try {
      await this.options.apply(info);
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
