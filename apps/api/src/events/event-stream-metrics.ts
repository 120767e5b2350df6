import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Metrics } from '../metrics/metrics.js';
import { EventStream } from './event-stream.service.js';

/** How many clients follow the event stream now (dashboards, scripts), against EVENTS_MAX_CONNECTIONS. */
@Injectable()
export class EventStreamMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly stream: EventStream,
  ) {}

  onModuleInit(): void {
    this.metrics.gauge('workflow_event_stream_clients', 'Open event-stream (/api/events) connections on this instance.', [], () => [
      [{}, this.stream.connections],
    ]);
  }
}
