import type {
  ChangeSource,
  HealthCheckTrigger,
  HealthErrorKind,
  DeploymentStatus,
  DeploymentType,
  EnvironmentStatus,
  EnvironmentType,
  HealthStatus,
  IncidentStatus,
  IncidentType,
  Severity,
} from './vocabulary.js';

/** What every interface returns. Timestamps are ISO-8601 UTC strings; ids are opaque. */

export interface TimelineEntry {
  id: number;
  kind: string;
  source: ChangeSource;
  actor: string | null;
  message: string;
  changes: Record<string, { from: unknown; to: unknown }> | null;
  data: Record<string, unknown> | null;
  created_at: string;
}

export interface Incident {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  incident_type: IncidentType;
  status: IncidentStatus;
  affected_services: string[];
  tags: string[];
  environment_id: string | null;
  deployment_id: string | null;
  commander: string | null;
  resolution_notes: string | null;
  root_cause: string | null;
  revision: number;
  created_at: string;
  updated_at: string;
  acknowledged_at: string | null;
  resolved_at: string | null;
}

export interface IncidentDetail extends Incident {
  timeline: TimelineEntry[];
}

export interface HealthCheckSettings {
  /** A path joined to the environment's url, or a full http(s) URL. */
  target: string | null;
  expected_status: number;
  timeout_ms: number;
  interval_seconds: number;
  /** Responses slower than this are a warning. */
  slow_threshold_ms: number;
  enabled: boolean;
  /**
   * Whether N consecutive critical checks open an incident by themselves. Effective value:
   * when never set (or set to null) it follows the type, on for production only.
   */
  auto_incident_enabled: boolean;
  /** N: how many critical checks in a row open an incident. */
  critical_threshold: number;
}

export interface Environment {
  id: string;
  name: string;
  environment_type: EnvironmentType;
  description: string;
  url: string | null;
  status: EnvironmentStatus;
  tags: string[];
  health_check: HealthCheckSettings;
  deploy_hook_url: string | null;
  current_version: string | null;
  previous_version: string | null;
  revision: number;
  created_at: string;
  updated_at: string;
}

export interface DeploymentConfig {
  instances?: number;
  rollout_percentage?: number;
  health_check_url?: string;
  [key: string]: unknown;
}

export interface Deployment {
  id: string;
  title: string;
  description: string;
  environment_id: string;
  version: string;
  deployment_type: DeploymentType;
  status: DeploymentStatus;
  deployment_config: DeploymentConfig;
  scheduled_at: string | null;
  rollback_version: string | null;
  /** The environment's version when this deployment completed; the default rollback target. */
  previous_version: string | null;
  tags: string[];
  notes: string;
  progress_percentage: number | null;
  progress_message: string | null;
  failure_reason: string | null;
  rollback_reason: string | null;
  rolled_back_to: string | null;
  allowed_actions: string[];
  revision: number;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  completed_at: string | null;
}

export interface DeploymentDetail extends Deployment {
  timeline: TimelineEntry[];
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  has_more: boolean;
  /** Pass as `cursor` to get the next page; null on the last page. */
  next_cursor: string | null;
}

export interface DurationStats {
  count: number;
  median_seconds: number | null;
  p90_seconds: number | null;
}

export interface IncidentStats {
  window: { since: string; until: string };
  total: number;
  open_count: number;
  by_severity: Record<Severity, number>;
  by_status: Record<IncidentStatus, number>;
  open_by_severity: Record<Severity, number>;
  mtta: DurationStats;
  mttr: DurationStats;
}

export interface DeploymentStats {
  window: { since: string; until: string };
  total: number;
  by_status: Record<DeploymentStatus, number>;
  /** completed / (completed + failed + rolled_back); null when none has finished. */
  success_rate: number | null;
}

export interface ChangeEvent {
  seq: number;
  entity: 'incident' | 'environment' | 'deployment' | 'health';
  entity_id: string;
  action: string;
  source: ChangeSource;
  actor: string | null;
  occurred_at: string;
}

export interface HealthCheckSummary {
  environment_id: string;
  status: HealthStatus;
  response_time: number | null;
  checked_at: string;
}

/** One health check as stored: what was asked, what came back, how it was judged. */
export interface HealthCheck {
  id: number;
  environment_id: string;
  status: Exclude<HealthStatus, 'unknown'>;
  /** HTTP status of the answer; null when none came (timeout, refused, …). */
  status_code: number | null;
  /** Milliseconds until the answer's status and headers arrived; null when none came. */
  response_time_ms: number | null;
  error_kind: HealthErrorKind | null;
  error_message: string | null;
  url: string;
  trigger: HealthCheckTrigger;
  /** Set for the check made right after this deployment completed. */
  deployment_id: string | null;
  checked_at: string;
}

/** Share of checks that were not critical; null when there was no check in the window. */
export interface Uptime {
  '24h': number | null;
  '7d': number | null;
  '30d': number | null;
}

/** Response times (ms) of the answers received in a window; all null when none came. */
export interface ResponseTimeStats {
  window_hours: number;
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  min: number | null;
  max: number | null;
  mean: number | null;
}

/** Metrics an environment reported about itself; a metric it did not report is absent. */
export interface EnvironmentMetrics {
  environment_id: string;
  cpu_usage?: number;
  memory_usage?: number;
  disk_usage?: number;
  network_latency?: number;
  reported_at: string;
}

/** The service host's own figures, each measured; a figure that could not be measured is absent. */
export interface HostMetrics {
  measured_at: string;
  /** Length of the window the cpu and event-loop figures cover (since the previous reading). */
  window_seconds: number;
  cpu: { cores: number; host_usage_percent?: number; process_usage_percent?: number; load_average_1m: number };
  memory: {
    host_total_bytes: number;
    host_used_bytes: number;
    host_used_percent: number;
    process_rss_bytes: number;
    process_heap_used_bytes: number;
  };
  disk?: { path: string; total_bytes: number; free_bytes: number; used_percent: number };
  event_loop: { utilization_percent: number; delay_ms?: { mean: number; p50: number; p99: number; max: number } };
}

/** The health-check scheduler's own figures, where it runs. */
export interface HealthSchedulerStats {
  scheduled_environments: number;
  checks_in_flight: number;
  checks_waiting: number;
  checks_started: number;
  /** How late checks started, over the most recent ones; null before any. */
  start_lag_ms: { samples: number; p50: number; p99: number; max: number } | null;
}

/** System health `detailed_metrics`: only measured numbers. */
export interface DetailedMetrics {
  host: HostMetrics;
  /** Present when scheduled checks run in the process that answered. */
  health_checks?: HealthSchedulerStats;
  /** The latest report of each environment that reported metrics. */
  environments: EnvironmentMetrics[];
}

/** GET /api/environments/{id}/status and get_environment_status. */
export interface EnvironmentStatusReport {
  environment: Environment;
  health: {
    status: HealthStatus;
    /** When the latest status began; null before any check. */
    status_since: string | null;
    consecutive_critical: number;
    latest_check: HealthCheck | null;
    uptime: Uptime;
    response_time_ms: ResponseTimeStats;
  };
  /** The latest metrics the environment reported; null when it never did. */
  reported_metrics: EnvironmentMetrics | null;
  current_version: string | null;
  open_incidents: { count: number; items: Incident[] };
  last_deployment: { id: string; title: string; version: string; status: string; completed_at: string | null; created_at: string } | null;
}

export interface SystemHealth {
  success: true;
  system_health: {
    summary: {
      total_environments: number;
      healthy_environments: number;
      warning_environments: number;
      critical_environments: number;
      unknown_environments: number;
      last_check: string | null;
    };
    environments: Array<{ environment_id: string; name: string; status: HealthStatus; environment_status: EnvironmentStatus }>;
    recent_checks: HealthCheckSummary[];
    detailed_metrics?: DetailedMetrics;
  };
}
