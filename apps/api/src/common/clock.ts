import { Injectable } from '@nestjs/common';

/** The service's notion of "now" as an ISO-8601 UTC string; injected so tests can replay known timelines. */
@Injectable()
export class Clock {
  now(): string {
    return new Date().toISOString();
  }
}
