import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeployHookCaller } from './deploy-hook.caller.js';
import { DeploymentEntity } from './deployment.entity.js';
import { DeploymentMetrics } from './deployment-metrics.js';
import { DeploymentsController } from './deployments.controller.js';
import { DeploymentsService } from './deployments.service.js';
import { DeploymentsTools } from './deployments.tools.js';

@Module({
  imports: [TypeOrmModule.forFeature([DeploymentEntity])],
  controllers: [DeploymentsController],
  providers: [DeploymentsService, DeployHookCaller, DeploymentsTools, DeploymentMetrics],
  exports: [DeploymentsService],
})
export class DeploymentsModule {}
