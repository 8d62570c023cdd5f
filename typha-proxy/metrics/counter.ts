import { header, labelText, numberText, type Labels, type Metric } from './metric-types.js';

/** A monotonically increasing count, optionally split by labels (e.g. disconnects by reason). */
export class Counter implements Metric {
  private readonly series = new Map<string, { labels: Labels; value: number }>();

  constructor(
    readonly name: string,
    private readonly help: string,
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = labelText(labels);
    const entry = this.series.get(key);
    if (entry === undefined) this.series.set(key, { labels, value: by });
    else entry.value += by;
  }

  value(labels: Labels = {}): number {
    return this.series.get(labelText(labels))?.value ?? 0;
  }

  render(): string {
    let text = header(this.name, this.help, 'counter');
    for (const [key, { value }] of this.series) text += `${this.name}${key} ${numberText(value)}\n`;
    return text;
  }
}

/** A value read when scraped, so it can never drift from the state it reports. */
export class Gauge implements Metric {
  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly read: () => number,
  ) {}

  value(): number {
    return this.read();
  }

  render(): string {
    return `${header(this.name, this.help, 'gauge')}${this.name} ${numberText(this.read())}\n`;
  }
}
