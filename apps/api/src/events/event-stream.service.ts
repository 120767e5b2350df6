import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Subject, type Subscription } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { ChangeEvent } from '../domain.js';
import { EventsService } from './events.service.js';

const BATCH = 500;

/**
 * Fans the change log out to live subscribers. The database is the only source:
 * one poller reads new rows for everyone, so writes by another process on the same
 * database arrive exactly like local ones; local commits just make it look at once.
 */
@Injectable()
export class EventStream implements OnModuleDestroy {
  private readonly logger = new Logger(EventStream.name);
  private readonly live = new Subject<ChangeEvent>();
  private subscribers = 0;
  private lastSeq: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private pollAgain = false;
  private readonly commits: Subscription;

  constructor(
    private readonly events: EventsService,
    unitOfWork: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.commits = unitOfWork.commits.subscribe(() => {
      if (this.subscribers > 0) void this.poll();
    });
  }

  /**
   * Calls `onEvent` for each event after `afterSeq` (or only new ones when null), in order;
   * `onEnd` when the service shuts down, so open streams never hold up a restart.
   */
  async subscribe(afterSeq: number | null, onEvent: (event: ChangeEvent) => void, onEnd: () => void): Promise<() => void> {
    // The poller's starting point is fixed before catching up, so no event falls between the two.
    if (this.lastSeq === null) this.lastSeq = await this.events.latestSeq();
    let sent = afterSeq ?? this.lastSeq;
    let catchingUp = true;
    const queued: ChangeEvent[] = [];
    const deliver = (event: ChangeEvent) => {
      if (event.seq <= sent) return;
      sent = event.seq;
      onEvent(event);
    };
    const subscription = this.live.subscribe({ next: (event) => (catchingUp ? queued.push(event) : deliver(event)), complete: onEnd });
    this.addSubscriber();
    for (;;) {
      const batch = await this.events.after(sent, BATCH);
      batch.forEach(deliver);
      if (batch.length < BATCH) break;
    }
    catchingUp = false;
    queued.forEach(deliver);
    return () => {
      subscription.unsubscribe();
      this.removeSubscriber();
    };
  }

  private addSubscriber(): void {
    this.subscribers += 1;
    if (this.timer === null) this.timer = setInterval(() => void this.poll(), this.config.eventsPollMs);
  }

  private removeSubscriber(): void {
    this.subscribers -= 1;
    if (this.subscribers === 0 && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
      this.lastSeq = null;
    }
  }

  private poll(): Promise<void> {
    if (this.polling) {
      this.pollAgain = true;
      return this.polling;
    }
    this.polling = this.readNew()
      .catch((error: unknown) => this.logger.error(`Reading the change log failed: ${String(error)}`))
      .finally(() => {
        this.polling = null;
        if (this.pollAgain) {
          this.pollAgain = false;
          void this.poll();
        }
      });
    return this.polling;
  }

  private async readNew(): Promise<void> {
    if (this.lastSeq === null) this.lastSeq = await this.events.latestSeq();
    for (;;) {
      const batch = await this.events.after(this.lastSeq, BATCH);
      for (const event of batch) {
        this.lastSeq = event.seq;
        this.live.next(event);
      }
      if (batch.length < BATCH) return;
    }
  }

  onModuleDestroy(): void {
    this.commits.unsubscribe();
    if (this.timer !== null) clearInterval(this.timer);
    this.live.complete();
  }
}
