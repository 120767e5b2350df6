import { Injectable, Logger } from '@nestjs/common';
import type { Deployment } from '../domain.js';

/** What one feature announces for others to act on, after the change is committed. */
export interface DomainEventPayloads {
  'deployment.completed': { deployment: Deployment };
}
export type DomainEventType = keyof DomainEventPayloads;
type Handler<K extends DomainEventType> = (payload: DomainEventPayloads[K]) => Promise<void> | void;

/**
 * In-process domain events: the publisher never waits for, or knows, who listens. A listener's
 * failure is logged and never reaches the publisher's caller.
 */
@Injectable()
export class DomainEvents {
  private readonly logger = new Logger('DomainEvents');
  private readonly handlers = new Map<DomainEventType, Array<Handler<never>>>();

  on<K extends DomainEventType>(type: K, handler: Handler<K>): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler as Handler<never>]);
  }

  emit<K extends DomainEventType>(type: K, payload: DomainEventPayloads[K]): void {
    for (const handler of this.handlers.get(type) ?? []) {
      void Promise.resolve()
        .then(() => (handler as Handler<K>)(payload))
        .catch((error: unknown) => this.logger.error(`A ${type} listener failed: ${String(error)}`));
    }
  }
}
