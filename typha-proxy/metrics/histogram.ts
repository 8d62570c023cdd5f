import { header, numberText, type Metric } from './metric-types.js';

/** Fan-out latencies run from well under a millisecond (idle, few clients) to seconds (overload). */
export const LATENCY_BUCKETS_SEC = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
] as const;

/** Cumulative buckets, sum and count, as Prometheus expects; observe() is O(buckets). */
export class Histogram implements Metric {
  private readonly counts: number[];
  private sum = 0;
  private total = 0;

  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly bounds: readonly number[] = LATENCY_BUCKETS_SEC,
  ) {
    this.counts = bounds.map(() => 0);
  }

  observe(value: number): void {
    this.sum += value;
    this.total++;
    for (let i = 0; i < this.bounds.length; i++) {
      if (value <= (this.bounds[i] as number)) this.counts[i] = (this.counts[i] as number) + 1;
    }
  }

  get count(): number {
    return this.total;
  }

  render(): string {
    let text = header(this.name, this.help, 'histogram');
    this.bounds.forEach((bound, i) => {
      text += `${this.name}_bucket{le="${numberText(bound)}"} ${this.counts[i] as number}\n`;
    });
    text += `${this.name}_bucket{le="+Inf"} ${this.total}\n`;
    text += `${this.name}_sum ${numberText(this.sum)}\n${this.name}_count ${this.total}\n`;
    return text;
  }
}
