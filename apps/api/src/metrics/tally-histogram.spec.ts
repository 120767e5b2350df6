import { describe, expect, it } from '@jest/globals';
import { Registry, type Metric } from 'prom-client';
import { TallyHistogram } from './tally-histogram.js';

describe('TallyHistogram', () => {
  const scrape = async (histogram: TallyHistogram<'route'>) => {
    const registry = new Registry();
    registry.registerMetric(histogram as unknown as Metric);
    return registry.metrics();
  };

  it('is exposed as a Prometheus histogram: cumulative buckets, +Inf, sum and count per label set', async () => {
    const histogram = new TallyHistogram('request_seconds', 'How long.', ['route'], [0.1, 1]);
    const a = histogram.labels({ route: '/a' });
    for (const seconds of [0.05, 0.1, 0.5, 3]) a.observe(seconds);
    histogram.observe({ route: '/b' }, 0.2);
    // Not a number: nothing to count.
    a.observe(Number.NaN);
    const text = await scrape(histogram);
    expect(text).toContain('# TYPE request_seconds histogram');
    expect(text).toContain('request_seconds_bucket{route="/a",le="0.1"} 2');
    expect(text).toContain('request_seconds_bucket{route="/a",le="1"} 3');
    expect(text).toContain('request_seconds_bucket{route="/a",le="+Inf"} 4');
    expect(text).toContain('request_seconds_sum{route="/a"} 3.65');
    expect(text).toContain('request_seconds_count{route="/a"} 4');
    expect(text).toContain('request_seconds_bucket{route="/b",le="0.1"} 0');
    expect(text).toContain('request_seconds_count{route="/b"} 1');
  });

  it('keeps the handles it gave out counting after a reset', async () => {
    const histogram = new TallyHistogram('request_seconds', 'How long.', ['route'], [1]);
    const a = histogram.labels({ route: '/a' });
    a.observe(0.5);
    histogram.reset();
    a.observe(2);
    const text = await scrape(histogram);
    expect(text).toContain('request_seconds_bucket{route="/a",le="1"} 0');
    expect(text).toContain('request_seconds_count{route="/a"} 1');
  });

  it('refuses a label set without every label', () => {
    const histogram = new TallyHistogram('request_seconds', 'How long.', ['route'], [1]);
    expect(() => histogram.labels({} as { route: string })).toThrow('the label route is missing');
  });
});
