import { Injectable } from '@nestjs/common';
import { DataSource, Not } from 'typeorm';
import { DeploymentEntity } from '../deployments/deployment.entity.js';
import type { Environment, EnvironmentStatus, HealthStatus, Incident, SystemHealth } from '../domain.js';
import { EnvironmentEntity } from '../environments/environment.entity.js';
import { EnvironmentsService, toEnvironment } from '../environments/environments.service.js';
import { IncidentEntity } from '../incidents/incident.entity.js';
import { toIncident } from '../incidents/incidents.service.js';

const OPEN_INCIDENTS_SHOWN = 20;

export interface EnvironmentStatusReport {
  environment: Environment;
  health: { status: HealthStatus; latest_check: null; uptime: { '24h': number | null; '7d': number | null; '30d': number | null } };
  current_version: string | null;
  open_incidents: { count: number; items: Incident[] };
  last_deployment: { id: string; title: string; version: string; status: string; completed_at: string | null; created_at: string } | null;
}

/**
 * System health in the guide's shape. No check has run yet in this build, so every
 * environment is `unknown` and no number appears that nobody measured.
 */
@Injectable()
export class SystemHealthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly environments: EnvironmentsService,
  ) {}

  async systemHealth(environmentId: string | undefined, includeDetails: boolean): Promise<SystemHealth> {
    const rows = environmentId
      ? [await this.environments.require(environmentId)]
      : await this.dataSource.getRepository(EnvironmentEntity).find({ select: { id: true, name: true, status: true }, order: { name: 'ASC' } });
    const environments = rows.map((e) => ({ environment_id: e.id, name: e.name, status: 'unknown' as HealthStatus, environment_status: e.status as EnvironmentStatus }));
    const count = (status: HealthStatus) => environments.filter((e) => e.status === status).length;
    return {
      success: true,
      system_health: {
        summary: {
          total_environments: environments.length,
          healthy_environments: count('healthy'),
          warning_environments: count('warning'),
          critical_environments: count('critical'),
          unknown_environments: count('unknown'),
          last_check: null,
        },
        environments,
        recent_checks: [],
        ...(includeDetails ? { detailed_metrics: {} } : {}),
      },
    };
  }

  async environmentStatus(idOrName: string): Promise<EnvironmentStatusReport> {
    const environment = await this.environments.require(idOrName);
    const openWhere = { environment_id: environment.id, status: Not('resolved' as const) };
    const [count, open, last] = await Promise.all([
      this.dataSource.getRepository(IncidentEntity).count({ where: openWhere }),
      this.dataSource.getRepository(IncidentEntity).find({ where: openWhere, order: { severity_rank: 'ASC', created_at: 'DESC' }, take: OPEN_INCIDENTS_SHOWN }),
      this.dataSource.getRepository(DeploymentEntity).findOne({ where: { environment_id: environment.id }, order: { created_at: 'DESC', id: 'DESC' } }),
    ]);
    return {
      environment: toEnvironment(environment),
      health: { status: 'unknown', latest_check: null, uptime: { '24h': null, '7d': null, '30d': null } },
      current_version: environment.current_version,
      open_incidents: { count, items: open.map(toIncident) },
      last_deployment: last
        ? { id: last.id, title: last.title, version: last.version, status: last.status, completed_at: last.completed_at, created_at: last.created_at }
        : null,
    };
  }
}
