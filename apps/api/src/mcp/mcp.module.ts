import { Module } from '@nestjs/common';
import { DeploymentsModule } from '../deployments/deployments.module.js';
import { EnvironmentsModule } from '../environments/environments.module.js';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { SystemHealthModule } from '../system-health/system-health.module.js';
import { McpHttpController } from './mcp-http.controller.js';
import { McpServerFactory } from './mcp-server.factory.js';

@Module({
  imports: [IncidentsModule, EnvironmentsModule, DeploymentsModule, SystemHealthModule],
  controllers: [McpHttpController],
  providers: [McpServerFactory],
  exports: [McpServerFactory],
})
export class McpModule {}
