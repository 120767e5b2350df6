import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChangeEventEntity } from './change-event.entity.js';
import { ChangeNotifications } from './change-notifications.js';
import { ChangeLogRetention } from './change-log-retention.service.js';
import { DomainEvents } from './domain-events.js';
import { EventsController } from './events.controller.js';
import { EventStream } from './event-stream.service.js';
import { EventStreamMetrics } from './event-stream-metrics.js';
import { EventsService } from './events.service.js';

/**
 * The change log with its live stream and retention, and the in-process domain events features
 * meet through. (The retention's @Interval runs on the ScheduleModule the app registers once.)
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ChangeEventEntity])],
  controllers: [EventsController],
  providers: [EventsService, EventStream, EventStreamMetrics, ChangeNotifications, ChangeLogRetention, DomainEvents],
  exports: [EventsService, EventStream, ChangeLogRetention, DomainEvents],
})
export class EventsModule {}
