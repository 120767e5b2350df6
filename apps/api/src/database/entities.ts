import { DeploymentEntity } from '../deployments/deployment.entity.js';
import { EnvironmentEntity } from '../environments/environment.entity.js';
import { ChangeEventEntity } from '../events/change-event.entity.js';
import { EnvironmentHealthEntity } from '../health/environment-health.entity.js';
import { EnvironmentMetricsEntity } from '../health/environment-metrics.entity.js';
import { HealthCheckHourlyEntity } from '../health/health-check-hourly.entity.js';
import { HealthCheckEntity } from '../health/health-check.entity.js';
import { IncidentEntity } from '../incidents/incident.entity.js';
import { TimelineEntryEntity } from '../timeline/timeline-entry.entity.js';
import { InitialSchema1764201600000 } from './migrations/1764201600000-initial-schema.js';
import { HealthEngine1764460800000 } from './migrations/1764460800000-health-engine.js';
import { HealthCheckIdsBigint1764547200000 } from './migrations/1764547200000-health-check-ids-bigint.js';
import { ListIndexes1764633600000 } from './migrations/1764633600000-list-indexes.js';

export const ENTITIES = [
  EnvironmentEntity,
  DeploymentEntity,
  IncidentEntity,
  TimelineEntryEntity,
  ChangeEventEntity,
  HealthCheckEntity,
  HealthCheckHourlyEntity,
  EnvironmentMetricsEntity,
  EnvironmentHealthEntity,
];
export const MIGRATIONS = [
  InitialSchema1764201600000,
  HealthEngine1764460800000,
  HealthCheckIdsBigint1764547200000,
  ListIndexes1764633600000,
];
