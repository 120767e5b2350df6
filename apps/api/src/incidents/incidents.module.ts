import { Module } from '@nestjs/common';
import { EnvironmentsModule } from '../environments/environments.module.js';
import { IncidentsController } from './incidents.controller.js';
import { IncidentsService } from './incidents.service.js';
import { IncidentsTools } from './incidents.tools.js';

@Module({
  imports: [EnvironmentsModule],
  controllers: [IncidentsController],
  providers: [IncidentsService, IncidentsTools],
  exports: [IncidentsService, IncidentsTools],
})
export class IncidentsModule {}
