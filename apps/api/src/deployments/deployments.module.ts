import { Module } from '@nestjs/common';
import { EnvironmentsModule } from '../environments/environments.module.js';
import { HealthModule } from '../health/health.module.js';
import { DeployHookCaller } from './deploy-hook.caller.js';
import { DeploymentsController } from './deployments.controller.js';
import { DeploymentsService } from './deployments.service.js';
import { DeploymentsTools } from './deployments.tools.js';

@Module({
  imports: [EnvironmentsModule, HealthModule],
  controllers: [DeploymentsController],
  providers: [DeploymentsService, DeployHookCaller, DeploymentsTools],
  exports: [DeploymentsService, DeploymentsTools],
})
export class DeploymentsModule {}
