import type { DeploymentStatus, DurationStats, Severity } from '../domain.js';

/** A deployment as delivery metrics read it: its outcome and the times lead time is measured between. */
export interface DeliveryDeployment {
  id: string;
  status: DeploymentStatus;
  created_at: string;
  commit_at: string | null;
  started_at: string;
  completed_at: string | null;
}

/** Incidents of a window, already aggregated by the incidents feature. */
export interface DeliveryIncidentFigures {
  /** Opened per UTC day (YYYY-MM-DD) and severity; `unresolved` of them are not resolved now. */
  opened: Array<{ day: string; severity: Severity; count: number; unresolved: number }>;
  /** Opened → resolved, for those resolved in the window. */
  restore: DurationStats;
}

/** The environment a metrics request names; the environments feature provides it. */
export abstract class DeliveryEnvironments {
  /** The id of the environment given by id or name; refused as a 400 on `field` when there is none. */
  abstract environmentId(reference: string, field: string): Promise<string>;
}

/** What delivery metrics read of deployments; the deployments feature provides it. */
export abstract class DeliveryDeployments {
  /** Deployments executed (started_at) in [since, until], of one environment or of all (null). */
  abstract executedBetween(since: string, until: string, environmentId: string | null): Promise<DeliveryDeployment[]>;
}

/** What delivery metrics read of incidents; the incidents feature provides it. */
export abstract class DeliveryIncidents {
  abstract figures(since: string, until: string, environmentId: string | null): Promise<DeliveryIncidentFigures>;
  /** Which of these deployments an incident names as its suspected cause (deployment_id). */
  abstract deploymentsNamed(deploymentIds: string[]): Promise<Set<string>>;
}
