// twill_datastore_lag_seconds, defined honestly: etcd does not keep the wall-clock time of a write (a mod
// revision has no timestamp), and a Kubernetes resourceVersion has none either, so the time from an
// operator's write to the syncer's watch cannot be measured from the node. What is measured is the
// node's own lag: from the moment the syncer hands the runtime a batch of updates (its watch delivered
// them) until the dataplane work that batch caused has finished (the kernel route apply and the
// nftables policy sync that were pending after the calculation graph ran, applied or failed).
// While such work is still running, the gauge is the age of the oldest batch waiting for it, so a stuck
// apply shows as a growing lag rather than as the last good figure.
export class DatastoreLag {
  /** Receipt time of the oldest batch whose dataplane work has not been waited for yet. */
  private waitingSinceMs: number | undefined;
  /** Receipt time of the batch being waited for now. */
  private measuringSinceMs: number | undefined;
  private lastLagMs: number | undefined;

  constructor(
    /** Resolves when the dataplane work asked for so far has finished. */
    private readonly settled: () => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The syncer delivered a batch at `receivedAtMs` and the calculation graph has run on it. */
  received(receivedAtMs: number): void {
    this.waitingSinceMs ??= receivedAtMs;
    if (this.measuringSinceMs === undefined) void this.measure();
  }

  /** Seconds, or undefined before the first batch was applied. */
  lagSec(): number | undefined {
    const running = this.measuringSinceMs === undefined ? 0 : this.now() - this.measuringSinceMs;
    if (this.lastLagMs === undefined && this.measuringSinceMs === undefined) return undefined;
    return Math.max(this.lastLagMs ?? 0, running) / 1000;
  }

  private async measure(): Promise<void> {
    while (this.waitingSinceMs !== undefined) {
      this.measuringSinceMs = this.waitingSinceMs;
      this.waitingSinceMs = undefined;
      try {
        await this.settled();
      } finally {
        this.lastLagMs = this.now() - this.measuringSinceMs;
        this.measuringSinceMs = undefined;
      }
    }
  }
}
