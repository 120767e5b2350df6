import { DeploymentEntity } from '../deployments/deployment.entity.js';
import { EnvironmentEntity } from '../environments/environment.entity.js';
import { ChangeEventEntity } from '../events/change-event.entity.js';
import { IncidentEntity } from '../incidents/incident.entity.js';
import { TimelineEntryEntity } from '../timeline/timeline-entry.entity.js';
import { InitialSchema1764201600000 } from './migrations/1764201600000-initial-schema.js';

export const ENTITIES = [EnvironmentEntity, DeploymentEntity, IncidentEntity, TimelineEntryEntity, ChangeEventEntity];
export const MIGRATIONS = [InitialSchema1764201600000];
