export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 200, maxMs: 30_000 };

/**
 * "Equal jitter" exponential backoff: the n-th retry waits a uniform random time in
 * [cap/2, cap], cap = min(max, initial · 2^n). The random spread keeps a thousand nodes that lost the
 * same typha from reconnecting in lock-step; the lower half-cap bound keeps a retry from being instant.
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly options: BackoffOptions = DEFAULT_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {}

  nextDelayMs(): number {
    const cap = Math.min(this.options.maxMs, this.options.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return cap / 2 + this.random() * (cap / 2);
  }

  reset(): void {
    this.attempt = 0;
  }
}
