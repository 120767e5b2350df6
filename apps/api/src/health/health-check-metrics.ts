import { Injectable } from '@nestjs/common';
import type { HealthCheck } from '../domain.js';
import { Metrics } from '../metrics/metrics.js';

/** Seconds: health checks time out after at most a minute. */
const BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Each stored check, counted by environment and result, and its response time. Counted by the
 * instance that ran the check: with several instances, sum over them.
 */
@Injectable()
export class HealthCheckMetrics {
  private readonly results;
  private readonly latency;

  constructor(metrics: Metrics) {
    this.results = metrics.counter('workflow_health_checks_total', 'Health checks run, by environment id and result status.', [
      'environment_id',
      'status',
    ]);
    this.latency = metrics.histogram(
      'workflow_health_check_response_seconds',
      'Response time of health checks that got an answer, by environment id.',
      ['environment_id'],
      BUCKETS,
    );
  }

  observe(check: HealthCheck): void {
    this.results.inc({ environment_id: check.environment_id, status: check.status });
    if (check.response_time_ms !== null) this.latency.observe({ environment_id: check.environment_id }, check.response_time_ms / 1000);
  }
}
