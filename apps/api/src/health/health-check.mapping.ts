import type { HealthCheck, HealthCheckSummary } from '../domain.js';
import type { HealthCheckEntity } from './health-check.entity.js';

/** A stored check; its URL is kept once in health_check_urls and passed in. */
export function toHealthCheck(e: HealthCheckEntity, url: string): HealthCheck {
  return {
    id: Number(e.id),
    environment_id: e.environment_id,
    status: e.status,
    status_code: e.status_code,
    response_time_ms: e.response_time_ms,
    error_kind: e.error_kind,
    error_message: e.error_message,
    url,
    trigger: e.trigger,
    deployment_id: e.deployment_id,
    checked_at: e.checked_at,
  };
}

/** The guide's short form of a check (recent_checks). */
export function toCheckSummary(
  check: Pick<HealthCheck, 'environment_id' | 'status' | 'response_time_ms' | 'checked_at'>,
): HealthCheckSummary {
  return {
    environment_id: check.environment_id,
    status: check.status,
    response_time: check.response_time_ms,
    checked_at: check.checked_at,
  };
}

/** One line for people: "healthy, 200 in 45 ms" or "critical: connection refused by …". */
export function describeCheck(check: Pick<HealthCheck, 'status' | 'status_code' | 'response_time_ms' | 'error_message'>): string {
  if (check.error_message) return `${check.status}: ${check.error_message}`;
  return `${check.status}, ${check.status_code} in ${check.response_time_ms} ms`;
}
