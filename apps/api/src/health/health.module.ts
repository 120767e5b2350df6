import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { EnvironmentsModule } from '../environments/environments.module.js';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { AutoIncidents } from './auto-incidents.js';
import { EnvironmentMetricsService } from './environment-metrics.service.js';
import { HealthCheckRunner } from './health-check.runner.js';
import { HealthCheckScheduler } from './health-check.scheduler.js';
import { HealthChecker } from './health-checker.js';
import { HealthController } from './health.controller.js';
import { HealthResultsService } from './health-results.service.js';
import { HealthRetentionService } from './health-retention.service.js';
import { HealthStatsService } from './health-stats.service.js';
import { HostMetrics } from './host-metrics.js';

/** The health engine: checks (scheduled, on demand, after deployments), their storage and retention, auto-incidents, metrics. */
@Module({
  imports: [ScheduleModule.forRoot(), EnvironmentsModule, IncidentsModule],
  controllers: [HealthController],
  providers: [
    HealthChecker,
    HealthResultsService,
    AutoIncidents,
    HealthCheckRunner,
    HealthCheckScheduler,
    HealthRetentionService,
    HealthStatsService,
    EnvironmentMetricsService,
    HostMetrics,
  ],
  exports: [HealthCheckRunner, HealthCheckScheduler, HealthRetentionService, HealthStatsService, EnvironmentMetricsService, HostMetrics],
})
export class HealthModule {}
