import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AutoIncidents } from './auto-incidents.js';
import { DailyUptime } from './daily-uptime.js';
import { EnvironmentHealthEntity } from './environment-health.entity.js';
import { EnvironmentMetricsEntity } from './environment-metrics.entity.js';
import { EnvironmentMetricsService } from './environment-metrics.service.js';
import { HealthCheckHourlyEntity } from './health-check-hourly.entity.js';
import { HealthCheckEntity } from './health-check.entity.js';
import { HealthCheckClaims } from './health-check-claims.js';
import { HealthChecksAround } from './health-checks-around.js';
import { HealthCheckMetrics } from './health-check-metrics.js';
import { HealthCheckRunner } from './health-check.runner.js';
import { HealthCheckScheduler } from './health-check.scheduler.js';
import { HealthChecker } from './health-checker.js';
import { HealthController } from './health.controller.js';
import { HealthHistoryService } from './health-history.service.js';
import { HealthResultsService } from './health-results.service.js';
import { HealthRetentionService } from './health-retention.service.js';
import { HealthStatsService } from './health-stats.service.js';
import { HealthTools } from './health.tools.js';
import { HostMetrics } from './host-metrics.js';
import { SystemHealthController } from './system-health.controller.js';
import { SystemHealthService } from './system-health.service.js';

/**
 * System health: checks (scheduled, on demand, after deployments), their storage and retention,
 * auto-incidents, reported and host metrics, and the summaries built from them.
 */
@Module({
  imports: [TypeOrmModule.forFeature([HealthCheckEntity, HealthCheckHourlyEntity, EnvironmentHealthEntity, EnvironmentMetricsEntity])],
  controllers: [SystemHealthController, HealthController],
  providers: [
    HealthChecker,
    HealthResultsService,
    AutoIncidents,
    HealthCheckRunner,
    HealthCheckMetrics,
    HealthCheckClaims,
    HealthCheckScheduler,
    HealthRetentionService,
    HealthStatsService,
    HealthHistoryService,
    EnvironmentMetricsService,
    HostMetrics,
    SystemHealthService,
    HealthTools,
    HealthChecksAround,
    DailyUptime,
  ],
  exports: [HealthCheckScheduler, HealthRetentionService, HealthChecksAround, DailyUptime],
})
export class HealthModule {}
