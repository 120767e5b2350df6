import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { AccessModule } from './access/access.module.js';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import type { Clock } from './common/clock.js';
import type { AppConfig } from './config/app-config.js';
import { DatabaseModule } from './database/database.module.js';
import { DeliveryMetricsModule } from './delivery-metrics/delivery-metrics.module.js';
import { DeploymentsModule } from './deployments/deployments.module.js';
import { EnvironmentsModule } from './environments/environments.module.js';
import { EventsModule } from './events/events.module.js';
import { FeatureWiringModule } from './feature-wiring.module.js';
import { HealthModule } from './health/health.module.js';
import { IncidentsModule } from './incidents/incidents.module.js';
import { McpModule } from './mcp/mcp.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { PostmortemsModule } from './postmortems/postmortems.module.js';
import { StatusPageModule } from './status-page/status-page.module.js';
import { TimelineModule } from './timeline/timeline.module.js';

/** What a host (main, the stdio server, tests) may supply besides configuration. */
export interface AppOptions {
  clock?: Clock;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DatabaseModule.forRoot(config, options.clock),
        // Periodic jobs of any feature (health checks, retention of checks and of the change log).
        ScheduleModule.forRoot(),
        MetricsModule,
        EventsModule,
        TimelineModule,
        McpModule,
        AccessModule,
        EnvironmentsModule,
        DeploymentsModule,
        IncidentsModule,
        HealthModule,
        NotificationsModule,
        PostmortemsModule,
        StatusPageModule,
        DeliveryMetricsModule,
        FeatureWiringModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
