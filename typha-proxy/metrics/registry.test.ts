import { expect } from 'chai';

import { MetricsRegistry } from './registry.js';

describe('MetricsRegistry', () => {
  it('renders counters with labels, gauges read on scrape and cumulative histograms', () => {
    const registry = new MetricsRegistry();
    const counter = registry.counter('t_total', 'Things.');
    let level = 3;
    registry.gauge('t_level', 'Level.', () => level);
    const histogram = registry.histogram('t_seconds', 'Latency.', [0.1, 1]);
    counter.inc({ reason: 'a"b' });
    counter.inc({ reason: 'a"b' }, 2);
    histogram.observe(0.05);
    histogram.observe(0.5);
    histogram.observe(5);
    level = 4;
    expect(registry.render()).to.equal(
      [
        '# HELP t_total Things.',
        '# TYPE t_total counter',
        't_total{reason="a\\"b"} 3',
        '# HELP t_level Level.',
        '# TYPE t_level gauge',
        't_level 4',
        '# HELP t_seconds Latency.',
        '# TYPE t_seconds histogram',
        't_seconds_bucket{le="0.1"} 1',
        't_seconds_bucket{le="1"} 2',
        't_seconds_bucket{le="+Inf"} 3',
        't_seconds_sum 5.55',
        't_seconds_count 3',
        '',
      ].join('\n'),
    );
  });
});
