// Exponential backoff for routes the kernel refused: a gateway that is not reachable yet (ENETUNREACH)
// usually becomes reachable when its interface comes up, so keep trying, but ever more slowly.

export interface BackoffOptions {
  readonly initialMs?: number;
  readonly maxMs?: number;
}

export class Backoff {
  readonly initialMs: number;
  readonly maxMs: number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 500;
    this.maxMs = options.maxMs ?? 30_000;
  }

  /** Delay before retry number `attempts` (1 = after the first failure). */
  delayMs(attempts: number): number {
    return Math.min(this.maxMs, this.initialMs * 2 ** Math.max(0, attempts - 1));
  }
}
