import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChangeEventEntity } from './change-event.entity.js';
import { DomainEvents } from './domain-events.js';
import { EventsController } from './events.controller.js';
import { EventStream } from './event-stream.service.js';
import { EventsService } from './events.service.js';

/** The change log with its live stream, and the in-process domain events features meet through. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ChangeEventEntity])],
  controllers: [EventsController],
  providers: [EventsService, EventStream, DomainEvents],
  exports: [EventsService, EventStream, DomainEvents],
})
export class EventsModule {}
