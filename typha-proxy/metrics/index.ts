export { Counter, Gauge } from './counter.js';
export { Histogram, LATENCY_BUCKETS_SEC } from './histogram.js';
export { MetricsRegistry, PROMETHEUS_CONTENT_TYPE } from './registry.js';
export type { Labels, Metric } from './metric-types.js';
