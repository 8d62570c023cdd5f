// Percentiles of named latency series, printed as one table (bench output).

/** Nearest-rank percentile of an ascending array (NaN when empty). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export class LatencySeries {
  private readonly series = new Map<string, number[]>();

  add(stage: string, ms: number): void {
    if (!Number.isFinite(ms)) return;
    const list = this.series.get(stage) ?? [];
    list.push(ms);
    this.series.set(stage, list);
  }

  /** One line per stage: count, p50, p95, p99, max (ms), in the order the stages were first added. */
  table(): string[] {
    const width = Math.max(...[...this.series.keys()].map((k) => k.length), 5);
    const head = `${'stage'.padEnd(width)}      n     p50     p95     p99     max  (ms)`;
    const rows = [...this.series].map(([stage, values]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const cells = [50, 95, 99, 100].map((p) => percentile(sorted, p).toFixed(1).padStart(7));
      return `${stage.padEnd(width)} ${String(values.length).padStart(6)} ${cells.join(' ')}`;
    });
    return [head, ...rows];
  }
}
