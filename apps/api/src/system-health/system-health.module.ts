import { Module } from '@nestjs/common';
import { EnvironmentsModule } from '../environments/environments.module.js';
import { HealthModule } from '../health/health.module.js';
import { SystemHealthController } from './system-health.controller.js';
import { SystemHealthService } from './system-health.service.js';
import { SystemHealthTools } from './system-health.tools.js';

@Module({
  imports: [EnvironmentsModule, HealthModule],
  controllers: [SystemHealthController],
  providers: [SystemHealthService, SystemHealthTools],
  exports: [SystemHealthService, SystemHealthTools],
})
export class SystemHealthModule {}
