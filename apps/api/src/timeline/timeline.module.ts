import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TimelineEntryEntity } from './timeline-entry.entity.js';
import { TimelineService } from './timeline.service.js';

/** The timelines of incidents and deployments: one table, written by the features that own the records. */
@Global()
@Module({ imports: [TypeOrmModule.forFeature([TimelineEntryEntity])], providers: [TimelineService], exports: [TimelineService] })
export class TimelineModule {}
