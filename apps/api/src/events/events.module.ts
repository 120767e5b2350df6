import { Global, Module } from '@nestjs/common';
import { EventsController } from './events.controller.js';
import { EventStream } from './event-stream.service.js';
import { EventsService } from './events.service.js';

@Global()
@Module({ controllers: [EventsController], providers: [EventsService, EventStream], exports: [EventsService, EventStream] })
export class EventsModule {}
