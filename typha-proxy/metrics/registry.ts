import { Counter, Gauge } from './counter.js';
import { Histogram } from './histogram.js';
import type { Metric } from './metric-types.js';

/**
 * A tiny Prometheus registry (prom-client is not a dependency yet): counters, read-on-scrape gauges
 * and histograms, rendered in the text exposition format.
 */
export class MetricsRegistry {
  private readonly metrics: Metric[] = [];

  counter(name: string, help: string): Counter {
    return this.add(new Counter(name, help));
  }

  gauge(name: string, help: string, read: () => number): Gauge {
    return this.add(new Gauge(name, help, read));
  }

  histogram(name: string, help: string, bounds?: readonly number[]): Histogram {
    return this.add(new Histogram(name, help, bounds));
  }

  render(): string {
    return this.metrics.map((metric) => metric.render()).join('');
  }

  private add<M extends Metric>(metric: M): M {
    this.metrics.push(metric);
    return metric;
  }
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
