import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry, collectDefaultMetrics, type Metric } from 'prom-client';
import { TallyHistogram } from './tally-histogram.js';

type Labels<T extends string> = Partial<Record<T, string | number>>;

/**
 * The service's Prometheus metrics, served at `/metrics`. One registry per service instance (tests
 * start several in one process). Features add their own metrics here; a gauge's `collect` runs on
 * each scrape, so counts are read when asked for and never kept up to date in between.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  constructor() {
    // Process CPU, memory, event-loop lag, open handles: the standard `process_*` and `nodejs_*` series.
    collectDefaultMetrics({ register: this.registry });
  }

  counter<T extends string>(name: string, help: string, labelNames: readonly T[]): Counter<T> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  histogram<T extends string>(name: string, help: string, labelNames: readonly T[], buckets: number[]): TallyHistogram<T> {
    const histogram = new TallyHistogram(name, help, labelNames, buckets);
    this.registry.registerMetric(histogram as unknown as Metric);
    return histogram;
  }

  /** A gauge read on each scrape: `read` returns the current value of each label set. */
  gauge<T extends string>(
    name: string,
    help: string,
    labelNames: readonly T[],
    read: () => Promise<Array<[Labels<T>, number]>> | Array<[Labels<T>, number]>,
  ): Gauge<T> {
    return new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        const values = await read();
        this.reset();
        for (const [labels, value] of values) this.set(labels, value);
      },
    });
  }

  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
