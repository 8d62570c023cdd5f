// A token bucket on an injected clock (pure): `burst` tokens, one more every `refillIntervalMs`. The
// event recorder keeps one per involved object, as client-go's EventSourceObjectSpamFilter does.
export class TokenBucket {
  private tokens: number;
  private lastRefillMs: number;

  constructor(
    private readonly burst: number,
    private readonly refillIntervalMs: number,
    nowMs: number,
  ) {
    this.tokens = burst;
    this.lastRefillMs = nowMs;
  }

  /** Takes a token if there is one. */
  take(nowMs: number): boolean {
    this.refill(nowMs);
    if (this.tokens < 1) return false;
    this.tokens--;
    return true;
  }

  /** Milliseconds until the next token (0 when one is there). */
  waitMs(nowMs: number): number {
    this.refill(nowMs);
    return this.tokens >= 1 ? 0 : this.lastRefillMs + this.refillIntervalMs - nowMs;
  }

  private refill(nowMs: number): void {
    const earned = Math.floor((nowMs - this.lastRefillMs) / this.refillIntervalMs);
    if (earned <= 0) return;
    this.tokens = Math.min(this.burst, this.tokens + earned);
    this.lastRefillMs =
      this.tokens === this.burst ? nowMs : this.lastRefillMs + earned * this.refillIntervalMs;
  }
}
