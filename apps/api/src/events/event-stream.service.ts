import type { ServerResponse } from 'node:http';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { ChangeEvent } from '../domain.js';
import { ChangeNotifications } from './change-notifications.js';
import { EventsService } from './events.service.js';
import { type ResponseHeaders, SseClient } from './sse-client.js';

/** Events read from the log at once, by the poller and by a client catching up; also the most written to a socket before it must drain. */
const READ_BATCH = 500;
/** Frames of the newest events kept in memory (shared by every client), so clients that keep up never query the log. */
const RECENT_FRAMES = 1_000;

/** One event as written on the wire. */
interface Frame {
  seq: number;
  text: string;
}

const frameOf = (event: ChangeEvent): Frame => ({ seq: event.seq, text: `id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n` });

interface Subscriber {
  client: SseClient;
  /** The last seq written to this client. */
  sent: number;
  /** Its starting point is known (a resumed or new stream), so it can be fed. */
  ready: boolean;
  pumping: boolean;
  /** Woken while pumping: look again when done. */
  again: boolean;
}

/**
 * Fans the change log out to Server-Sent Events clients. The database is the only source: one
 * poller reads new rows for everyone (every EVENTS_POLL_MS, at once after a local commit, and on
 * PostgreSQL at once when any instance commits events, by LISTEN/NOTIFY), so writes by another
 * process on the same database arrive exactly like local ones. Reading `seq > head` never skips an
 * event: on PostgreSQL numbers are given in commit order (migration 1764892800000), on SQLite
 * there is one writer at a time.
 *
 * Each client is fed only as fast as its socket drains: a client that is up to date gets the new
 * frames from a small shared buffer of recent events; one that is behind (resuming, or slow) reads
 * the log itself, one batch per drain. Nothing is queued per client beyond one batch, whatever the
 * size of the log. A client whose socket does not drain for EVENTS_STALLED_CLIENT_SECONDS is
 * disconnected (it reconnects with Last-Event-ID and resumes). At most EVENTS_MAX_CONNECTIONS
 * streams are open at once. A client resuming from before events the retention deleted is sent
 * `event: reset` and continues from the newest event.
 */
@Injectable()
export class EventStream implements OnModuleDestroy {
  private readonly logger = new Logger(EventStream.name);
  private readonly subscribers = new Set<Subscriber>();
  private stopping = false;
  private readonly commits: Subscription;
  private readonly notified: Subscription;
  /** Reads of the log under way for clients, awaited at shutdown before the database closes. */
  private readonly reading = new Set<Promise<unknown>>();

  // The poller's state, while anyone listens: every event with seq in (recentFrom, head] is in `recent`.
  private head: number | null = null;
  private recent: Frame[] = [];
  private recentFrom = 0;
  /** Changes when the poller stops, so a read still in flight from before is dropped. */
  private generation = 0;
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private pollAgain = false;

  constructor(
    private readonly events: EventsService,
    unitOfWork: UnitOfWork,
    private readonly notifications: ChangeNotifications,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const wake = () => {
      if (this.subscribers.size > 0) void this.poll();
    };
    this.commits = unitOfWork.commits.subscribe(wake);
    this.notified = notifications.wakes.subscribe(wake);
  }

  /** Open streams, including ones still starting. */
  get connections(): number {
    return this.subscribers.size;
  }

  /** Whether one more stream may open now (below EVENTS_MAX_CONNECTIONS, and not shutting down). */
  hasRoom(): boolean {
    return !this.stopping && this.subscribers.size < this.config.eventStream.maxConnections;
  }

  get shuttingDown(): boolean {
    return this.stopping;
  }

  /**
   * Streams the change log to `raw`, a response already taken over from the framework, from after
   * `afterSeq` (or only new events when null) until the client goes away or the service stops.
   * Takes one place at once: call right after `hasRoom()`, with nothing awaited in between.
   */
  serve(raw: ServerResponse, afterSeq: number | null, headers: ResponseHeaders = {}): void {
    const heartbeatMs = this.config.eventStream.heartbeatSeconds * 1_000;
    const stalledSeconds = this.config.eventStream.stalledClientSeconds;
    const subscriber: Subscriber = { client: null as unknown as SseClient, sent: 0, ready: false, pumping: false, again: false };
    this.subscribers.add(subscriber);
    this.startPolling();
    subscriber.client = new SseClient(raw, {
      headers,
      heartbeatMs,
      stalledMs: stalledSeconds * 1_000,
      onWritable: () => this.wake(subscriber),
      onStalled: () =>
        this.logger.warn(
          `Disconnected an event-stream client whose socket did not drain for ${stalledSeconds} s; it can reconnect and resume.`,
        ),
      onClose: () => this.leave(subscriber),
    });
    if (!subscriber.client.open) return;
    this.track(this.begin(subscriber, afterSeq));
  }

  private track(work: Promise<unknown>): void {
    this.reading.add(work);
    void work.catch(() => undefined).finally(() => this.reading.delete(work));
  }

  private async begin(subscriber: Subscriber, afterSeq: number | null): Promise<void> {
    try {
      subscriber.sent = afterSeq ?? this.head ?? (await this.events.latestSeq());
      subscriber.ready = true;
      this.wake(subscriber);
    } catch (error) {
      this.failed(subscriber, error);
    }
  }

  private leave(subscriber: Subscriber): void {
    this.subscribers.delete(subscriber);
    if (this.subscribers.size === 0) this.stopPolling();
  }

  private failed(subscriber: Subscriber, error: unknown): void {
    if (!this.stopping) this.logger.error(`Streaming the change log to a client failed: ${String(error)}`);
    subscriber.client.destroy();
  }

  /** Feeds a client while its socket takes data and there is something to send. */
  private wake(subscriber: Subscriber): void {
    if (!subscriber.ready || !subscriber.client.writable) return;
    if (subscriber.pumping) {
      subscriber.again = true;
      return;
    }
    subscriber.pumping = true;
    subscriber.again = false;
    this.track(
      this.pump(subscriber)
        .catch((error: unknown) => this.failed(subscriber, error))
        .finally(() => {
          subscriber.pumping = false;
          if (subscriber.again) this.wake(subscriber);
        }),
    );
  }

  private async pump(subscriber: Subscriber): Promise<void> {
    while (subscriber.client.writable && !this.stopping) {
      const frames = this.recentAfter(subscriber.sent) ?? (await this.fromLog(subscriber));
      if (frames.length === 0 || !subscriber.client.open) return;
      subscriber.sent = frames[frames.length - 1]!.seq;
      // One write per batch: if the socket's buffer is full, this batch is all that waits in memory.
      subscriber.client.write(frames.map((frame) => frame.text).join(''));
    }
  }

  /** The next frames after `seq` from the shared buffer, or null when they are not all there (read the log). */
  private recentAfter(seq: number): Frame[] | null {
    if (this.head === null || seq < this.recentFrom) return null;
    let low = 0;
    let high = this.recent.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.recent[mid]!.seq <= seq) low = mid + 1;
      else high = mid;
    }
    return this.recent.slice(low, low + READ_BATCH);
  }

  /** The next batch after the client's position, read from the log; a reset when the retention deleted what it missed. */
  private async fromLog(subscriber: Subscriber): Promise<Frame[]> {
    const after = subscriber.sent;
    const batch = await this.events.after(after, READ_BATCH);
    if (batch.length > 0 && batch[0]!.seq > after + 1) {
      // A gap: events deleted by the retention (or, on PostgreSQL, numbers of rolled-back writes).
      const oldest = await this.events.oldestSeq();
      if (oldest !== null && after + 1 < oldest) {
        const latest = Math.max(await this.events.latestSeq(), batch[batch.length - 1]!.seq);
        const reason = `Events after ${after} are no longer kept (change-log retention): reload everything, then follow from latest_seq.`;
        return [{ seq: latest, text: `event: reset\nid: ${latest}\ndata: ${JSON.stringify({ reason, latest_seq: latest })}\n\n` }];
      }
    }
    return batch.map(frameOf);
  }

  private startPolling(): void {
    if (this.timer !== null || this.stopping) return;
    this.notifications.start();
    this.timer = setInterval(() => void this.poll(), this.config.eventsPollMs);
    void this.poll();
  }

  private stopPolling(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.head = null;
    this.recent = [];
    this.generation += 1;
  }

  private poll(): Promise<void> {
    if (this.polling) {
      this.pollAgain = true;
      return this.polling;
    }
    this.polling = this.readNew()
      .catch((error: unknown) => {
        if (!this.stopping) this.logger.error(`Reading the change log failed: ${String(error)}`);
      })
      .finally(() => {
        this.polling = null;
        if (this.pollAgain) {
          this.pollAgain = false;
          if (this.timer !== null) void this.poll();
        }
      });
    return this.polling;
  }

  private async readNew(): Promise<void> {
    const generation = this.generation;
    if (this.head === null) {
      const latest = await this.events.latestSeq();
      if (generation !== this.generation) return;
      this.head = latest;
      this.recentFrom = latest;
      this.recent = [];
    }
    for (;;) {
      const batch = await this.events.after(this.head, READ_BATCH);
      if (generation !== this.generation) return;
      for (const event of batch) {
        this.recent.push(frameOf(event));
        this.head = event.seq;
      }
      if (this.recent.length > RECENT_FRAMES) {
        const dropped = this.recent.splice(0, this.recent.length - RECENT_FRAMES);
        this.recentFrom = dropped[dropped.length - 1]!.seq;
      }
      // Everyone behind the head looks again, including clients that started before the head was known.
      for (const subscriber of this.subscribers) if (subscriber.sent < this.head) this.wake(subscriber);
      if (batch.length < READ_BATCH) return;
    }
  }

  /** Ends every stream, so open streams never hold up a restart, and lets reads under way finish before the database closes. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    this.commits.unsubscribe();
    this.notified.unsubscribe();
    this.stopPolling();
    for (const subscriber of [...this.subscribers]) subscriber.client.end();
    await Promise.allSettled([...this.reading, this.polling]);
  }
}
