import type {
  DeploymentConfig,
  DeploymentSort,
  DeploymentStatus,
  DeploymentType,
  Environment,
  EnvironmentSort,
  EnvironmentStatus,
  EnvironmentType,
  HealthCheckSettings,
  HealthStatus,
  Incident,
  IncidentSort,
  IncidentStatus,
  IncidentType,
  Severity,
} from '@workflow-mcp/domain';

/** Request bodies and query shapes as the REST API documents them (field names as on the wire). */

export interface IncidentInput {
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
}

export type IncidentChanges = Partial<IncidentInput> & { revision?: number };

export interface IncidentQuery {
  severity?: Severity;
  status?: IncidentStatus;
  incident_type?: IncidentType;
  environment_id?: string;
  search?: string;
  sort_by?: IncidentSort;
  limit?: number;
  cursor?: string;
}

export interface EnvironmentInput {
  name: string;
  environment_type: EnvironmentType;
  description: string;
  url: string | null;
  status: EnvironmentStatus;
  tags: string[];
  health_check: Partial<HealthCheckSettings>;
  deploy_hook_url: string | null;
  current_version: string | null;
}

export type EnvironmentChanges = Partial<EnvironmentInput> & { revision?: number };

export interface EnvironmentQuery {
  environment_type?: EnvironmentType;
  status?: EnvironmentStatus;
  search?: string;
  sort_by?: EnvironmentSort;
  limit?: number;
  cursor?: string;
}

export interface DeploymentInput {
  title: string;
  description: string;
  environment_id: string;
  version: string;
  deployment_type: DeploymentType;
  deployment_config: DeploymentConfig;
  scheduled_at: string | null;
  rollback_version: string | null;
  tags: string[];
  notes: string;
}

export type DeploymentChanges = Partial<DeploymentInput> & { revision?: number };

export interface DeploymentQuery {
  environment_id?: string;
  status?: DeploymentStatus;
  deployment_type?: DeploymentType;
  search?: string;
  sort_by?: DeploymentSort;
  limit?: number;
  cursor?: string;
}

export interface StatsWindow {
  since?: string;
  until?: string;
}

/**
 * GET /api/environments/{id}/status. Health checks are being added on the service side: until an
 * environment has been checked, latest_check and the uptime figures are null.
 */
export interface EnvironmentStatusReport {
  environment: Environment;
  health: {
    status: HealthStatus;
    latest_check: {
      status?: HealthStatus;
      response_time_ms?: number | null;
      checked_at?: string;
      status_code?: number | null;
      error_message?: string | null;
    } | null;
    /** Percent of checks that were not critical, per window. */
    uptime: Record<string, number | null> | null;
    response_time_ms?: { window_hours: number; count: number; p50: number | null; p95: number | null } | null;
  };
  current_version: string | null;
  open_incidents: { count: number; items: Incident[] };
  last_deployment: { id: string; title: string; version: string; status: string; completed_at: string | null; created_at: string } | null;
}
