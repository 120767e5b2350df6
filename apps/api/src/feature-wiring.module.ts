import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { DeliveryDeployments, DeliveryEnvironments, DeliveryIncidents } from './delivery-metrics/delivery-metrics.ports.js';
import { DeploymentEnvironments } from './deployments/deployment.ports.js';
import { DeploymentsModule } from './deployments/deployments.module.js';
import { DeploymentEntity } from './deployments/deployment.entity.js';
import { DeploymentsService, toDeployment } from './deployments/deployments.service.js';
import { EnvironmentReferences } from './environments/environment-references.js';
import { EnvironmentsModule } from './environments/environments.module.js';
import { EnvironmentsService, toEnvironment } from './environments/environments.service.js';
import { DailyUptime } from './health/daily-uptime.js';
import { HealthModule } from './health/health.module.js';
import { HealthDeployments, HealthEnvironments, HealthIncidents, HealthMaintenance } from './health/health.ports.js';
import { IncidentLinks } from './incidents/incident.ports.js';
import { IncidentsModule } from './incidents/incidents.module.js';
import { IncidentEntity } from './incidents/incident.entity.js';
import { IncidentsService, toIncident } from './incidents/incidents.service.js';
import { NotificationSubjects } from './notifications/notifications.ports.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { NotificationsService } from './notifications/notifications.service.js';
import { HealthChecksAround } from './health/health-checks-around.js';
import { PostmortemDeployments, PostmortemEnvironments, PostmortemHealth, PostmortemIncidents } from './postmortems/postmortem.ports.js';
import { StatusEnvironments, StatusHealth, StatusIncidents, StatusMaintenance } from './status-page/status-page.ports.js';

/**
 * Where features meet. Each one states what it needs from the others as a small interface of its
 * own (its ports); this module, and only this one, binds those interfaces to the features that
 * own the records, so no feature imports another.
 */
@Global()
@Module({
  imports: [EnvironmentsModule, IncidentsModule, DeploymentsModule, NotificationsModule, HealthModule],
  providers: [
    {
      provide: PostmortemIncidents,
      inject: [IncidentsService, DataSource],
      useFactory: (incidents: IncidentsService, dataSource: DataSource): PostmortemIncidents => ({
        get: (id) => incidents.get(id),
        titles: async (ids) => {
          const unique = [...new Set(ids)];
          if (unique.length === 0) return new Map();
          const rows = await dataSource
            .getRepository(IncidentEntity)
            .find({ select: { id: true, title: true }, where: { id: In(unique) } });
          return new Map(rows.map((row) => [row.id, row.title]));
        },
        recordPostmortemSaved: async (m, incidentId, message, by, data) => {
          await incidents.addNoteWith(m, incidentId, message, by, data);
        },
      }),
    },
    {
      provide: PostmortemDeployments,
      inject: [DataSource],
      useFactory: (dataSource: DataSource): PostmortemDeployments => ({
        find: async (id) => {
          const found = await dataSource.getRepository(DeploymentEntity).findOne({ where: { id } });
          return found ? toDeployment(found) : null;
        },
      }),
    },
    {
      provide: PostmortemEnvironments,
      inject: [EnvironmentsService],
      useFactory: (environments: EnvironmentsService): PostmortemEnvironments => ({
        resolve: async (reference, field) => {
          const found = await environments.resolveReference(reference, field);
          return { id: found.id, name: found.name };
        },
        name: async (id) => (await environments.namesOf([id])).get(id) ?? null,
      }),
    },
    {
      provide: PostmortemHealth,
      inject: [HealthChecksAround],
      useFactory: (checks: HealthChecksAround): PostmortemHealth => ({
        around: (environmentId, since, until, max) => checks.between(environmentId, since, until, max),
      }),
    },
    {
      provide: IncidentLinks,
      inject: [EnvironmentsService, DeploymentsService],
      useFactory: (environments: EnvironmentsService, deployments: DeploymentsService): IncidentLinks => ({
        environmentId: (reference, field, m) => environments.idOf(reference, field, m),
        requireDeployment: (id, m) => deployments.requireReference(id, m),
        environmentNames: (ids) => environments.namesOf(ids),
      }),
    },
    {
      provide: DeploymentEnvironments,
      inject: [EnvironmentsService],
      useFactory: (environments: EnvironmentsService): DeploymentEnvironments => ({
        resolve: async (reference, field, m) => toEnvironment(await environments.resolveReference(reference, field, m)),
        require: async (reference, m) => toEnvironment(await environments.require(reference, m)),
        setCurrentVersion: (m, environmentId, version, by) => environments.setCurrentVersion(m, environmentId, version, by),
        names: (ids) => environments.namesOf(ids),
      }),
    },
    {
      provide: HealthEnvironments,
      inject: [EnvironmentsService],
      useFactory: (environments: EnvironmentsService): HealthEnvironments => ({
        all: () => environments.all(),
        byIds: (ids) => environments.all(ids),
        find: async (reference, m) => {
          const found = await environments.find(reference, m);
          return found ? toEnvironment(found) : null;
        },
        require: async (reference, m) => toEnvironment(await environments.require(reference, m)),
      }),
    },
    {
      provide: HealthIncidents,
      inject: [IncidentsService],
      useFactory: (incidents: IncidentsService): HealthIncidents => ({
        open: (m, incident, by) => incidents.createWith(m, incident, by),
        addNote: async (m, incidentId, note, by, data) => {
          await incidents.addNoteWith(m, incidentId, note, by, data);
        },
        findUnresolved: (m, incidentId) => incidents.findUnresolved(m, incidentId),
        findOpenOutage: (m, environmentId) => incidents.findOpenOutage(m, environmentId),
        openFor: (environmentId, limit) => incidents.openFor(environmentId, limit),
      }),
    },
    {
      provide: HealthDeployments,
      inject: [DeploymentsService],
      useFactory: (deployments: DeploymentsService): HealthDeployments => ({
        lastStarted: (m, environmentId) => deployments.lastStarted(m, environmentId),
        lastPlanned: (environmentId) => deployments.lastPlanned(environmentId),
      }),
    },
    {
      provide: NotificationSubjects,
      inject: [EnvironmentsService],
      useFactory: (environments: EnvironmentsService): NotificationSubjects => ({
        incident: async (m, id) => {
          const found = await m.findOne(IncidentEntity, { where: { id } });
          return found ? toIncident(found) : null;
        },
        deployment: async (m, id) => {
          const found = await m.findOne(DeploymentEntity, { where: { id } });
          return found ? toDeployment(found) : null;
        },
        environment: async (m, reference) => {
          const found = await environments.find(reference, m);
          return found ? toEnvironment(found) : null;
        },
      }),
    },
    {
      provide: DeliveryEnvironments,
      inject: [EnvironmentsService],
      useFactory: (environments: EnvironmentsService): DeliveryEnvironments => ({
        environmentId: async (reference, field) => (await environments.resolveReference(reference, field)).id,
      }),
    },
    {
      provide: DeliveryDeployments,
      inject: [DeploymentsService],
      useFactory: (deployments: DeploymentsService): DeliveryDeployments => ({
        executedBetween: (since, until, environmentId) => deployments.executedBetween(since, until, environmentId),
      }),
    },
    {
      provide: DeliveryIncidents,
      inject: [IncidentsService],
      useFactory: (incidents: IncidentsService): DeliveryIncidents => ({
        figures: (since, until, environmentId) => incidents.deliveryFigures(since, until, environmentId),
        deploymentsNamed: (ids) => incidents.deploymentsNamed(ids),
      }),
    },
    {
      provide: HealthMaintenance,
      inject: [NotificationsService],
      useFactory: (notifications: NotificationsService): HealthMaintenance => ({
        isActive: (environmentId, at, m) => notifications.inMaintenance(environmentId, at, m),
      }),
    },
    // The status page is handed only what may be shown to anyone (see status-page.ports.ts).
    {
      provide: StatusEnvironments,
      inject: [EnvironmentsService],
      useFactory: (environments: EnvironmentsService): StatusEnvironments => ({
        listPublic: async () => (await environments.publicOnes()).map(({ id, name }) => ({ id, name })),
      }),
    },
    {
      provide: StatusHealth,
      inject: [DailyUptime],
      useFactory: (uptime: DailyUptime): StatusHealth => ({
        current: (ids) => uptime.current(ids),
        dailyUptime: (ids, days) => uptime.daily(ids, days),
      }),
    },
    {
      provide: StatusIncidents,
      inject: [IncidentsService],
      useFactory: (incidents: IncidentsService): StatusIncidents => ({
        openPublic: async (limit) =>
          (await incidents.openPublic(limit)).map(({ incident, statuses }) => ({
            id: incident.id,
            title: incident.title,
            severity: incident.severity,
            status: incident.status,
            started_at: incident.created_at,
            environment_id: incident.environment_id,
            updates: statuses,
          })),
      }),
    },
    {
      provide: StatusMaintenance,
      inject: [NotificationsService],
      useFactory: (notifications: NotificationsService): StatusMaintenance => ({
        upcoming: (ids) => notifications.upcomingWindows(ids),
      }),
    },
  ],
  exports: [
    PostmortemIncidents,
    PostmortemDeployments,
    PostmortemEnvironments,
    PostmortemHealth,
    IncidentLinks,
    DeploymentEnvironments,
    HealthEnvironments,
    HealthIncidents,
    HealthDeployments,
    NotificationSubjects,
    HealthMaintenance,
    StatusEnvironments,
    StatusHealth,
    StatusIncidents,
    StatusMaintenance,
    DeliveryEnvironments,
    DeliveryDeployments,
    DeliveryIncidents,
  ],
})
export class FeatureWiringModule implements OnModuleInit {
  constructor(
    private readonly references: EnvironmentReferences,
    private readonly incidents: IncidentsService,
    private readonly deployments: DeploymentsService,
  ) {}

  onModuleInit(): void {
    // An environment that incidents or deployments point at is not deleted.
    this.references.add('incident', (environmentId, m) => this.incidents.countForEnvironment(environmentId, m));
    this.references.add('deployment', (environmentId, m) => this.deployments.countForEnvironment(environmentId, m));
  }
}
