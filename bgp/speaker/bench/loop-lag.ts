/**
 * Event-loop lag: a 10 ms timer notes how late each tick fires. perf_hooks' monitorEventLoopDelay
 * reported nothing here for a loop that was busy for seconds at a time (its samples come from the same
 * kind of timer, but it gave p99 0 while this one saw the stalls), so the benchmark keeps its own samples.
 */
const TICK_MS = 10;

export class LoopLag {
  private readonly samples: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private expected = 0;

  enable(): void {
    this.expected = performance.now() + TICK_MS;
    this.timer = setInterval(() => {
      const now = performance.now();
      this.samples.push(Math.max(0, now - this.expected));
      this.expected = now + TICK_MS;
    }, TICK_MS);
  }

  disable(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Milliseconds late at the given percentile of ticks (0 without samples). */
  percentile(p: number): number {
    if (this.samples.length === 0) return 0;
    const sorted = [...this.samples].sort((x, y) => x - y);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
  }

  max(): number {
    return this.samples.reduce((x, y) => Math.max(x, y), 0);
  }
}
