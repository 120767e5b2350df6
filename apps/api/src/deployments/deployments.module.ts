import { Module } from '@nestjs/common';
import { EnvironmentsModule } from '../environments/environments.module.js';
import { DeployHookCaller } from './deploy-hook.caller.js';
import { DeploymentsController } from './deployments.controller.js';
import { DeploymentsService } from './deployments.service.js';

@Module({
  imports: [EnvironmentsModule],
  controllers: [DeploymentsController],
  providers: [DeploymentsService, DeployHookCaller],
  exports: [DeploymentsService],
})
export class DeploymentsModule {}
