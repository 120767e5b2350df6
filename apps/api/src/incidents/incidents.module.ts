import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IncidentEntity } from './incident.entity.js';
import { IncidentMetrics } from './incident-metrics.js';
import { IncidentsController } from './incidents.controller.js';
import { IncidentsService } from './incidents.service.js';
import { IncidentsTools } from './incidents.tools.js';

@Module({
  imports: [TypeOrmModule.forFeature([IncidentEntity])],
  controllers: [IncidentsController],
  providers: [IncidentsService, IncidentsTools, IncidentMetrics],
  exports: [IncidentsService],
})
export class IncidentsModule {}
