import { Module } from '@nestjs/common';
import { EnvironmentsModule } from '../environments/environments.module.js';
import { SystemHealthController } from './system-health.controller.js';
import { SystemHealthService } from './system-health.service.js';

@Module({ imports: [EnvironmentsModule], controllers: [SystemHealthController], providers: [SystemHealthService], exports: [SystemHealthService] })
export class SystemHealthModule {}
