import { InitialSchema1764201600000 } from './1764201600000-initial-schema.js';
import { HealthEngine1764460800000 } from './1764460800000-health-engine.js';
import { HealthCheckIdsBigint1764547200000 } from './1764547200000-health-check-ids-bigint.js';
import { ListIndexes1764633600000 } from './1764633600000-list-indexes.js';
import { IncidentImpact1764720000000 } from './1764720000000-incident-impact.js';
import { OneDeploymentInProgress1764806400000 } from './1764806400000-one-deployment-in-progress.js';
import { ChangeEventsCommitOrder1764892800000 } from './1764892800000-change-events-commit-order.js';
import { TeamAccess1764980000000 } from './1764980000000-team-access.js';
import { Notifications1765065600000 } from './1765065600000-notifications.js';
import { Postmortems1765152000000 } from './1765152000000-postmortems.js';
import { DeploymentCommitTime1765238400000 } from './1765238400000-deployment-commit-time.js';
import { PublicVisibility1765324800000 } from './1765324800000-public-visibility.js';
import { CheckKinds1765411200000 } from './1765411200000-check-kinds.js';
import { HealthStorage1765497600000 } from './1765497600000-health-storage.js';
import { ListIndexesEverySort1765584000000 } from './1765584000000-list-indexes-every-sort.js';
import { IncidentIndexesByRank1765670400000 } from './1765670400000-incident-indexes-by-rank.js';

/** Every schema change, oldest first; each runs once, in a transaction, on start. */
export const MIGRATIONS = [
  InitialSchema1764201600000,
  HealthEngine1764460800000,
  HealthCheckIdsBigint1764547200000,
  ListIndexes1764633600000,
  IncidentImpact1764720000000,
  OneDeploymentInProgress1764806400000,
  ChangeEventsCommitOrder1764892800000,
  TeamAccess1764980000000,
  Notifications1765065600000,
  Postmortems1765152000000,
  DeploymentCommitTime1765238400000,
  PublicVisibility1765324800000,
  CheckKinds1765411200000,
  HealthStorage1765497600000,
  ListIndexesEverySort1765584000000,
  IncidentIndexesByRank1765670400000,
];
