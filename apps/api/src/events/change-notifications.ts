import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type pg from 'pg';
import { Subject } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { KeptReads, type OtherWriters } from '../database/kept-reads.js';
import { postgresClient } from '../database/postgres-client.js';

/**
 * The channel every commit that adds change events notifies, on PostgreSQL: the change log's
 * commit-order trigger sends it (migration 1764892800000-change-events-commit-order, which keeps
 * its own frozen copy of the name).
 */
export const CHANGE_EVENTS_CHANNEL = 'workflow_change_events';

const RECONNECT_FIRST_MS = 250;
const RECONNECT_MAX_MS = 10_000;

/**
 * Wakes the readers of the change log in this process when any instance on the same PostgreSQL
 * database commits events: one dedicated connection LISTENs to CHANGE_EVENTS_CHANNEL (a pooled
 * connection cannot, as LISTEN belongs to a session). A dropped connection is opened again, with
 * growing pauses up to RECONNECT_MAX_MS, and each (re)connection wakes the readers once, for what
 * was committed while nobody listened. The readers' own polling (EVENTS_POLL_MS) stays the fallback,
 * so a lost notification or connection only delays events, never loses them.
 *
 * On SQLite `start` does nothing: the writers are this process (which wakes the readers after each
 * commit) or a stdio MCP server, which the polling picks up.
 */
@Injectable()
export class ChangeNotifications implements OnModuleDestroy, OtherWriters {
  private readonly logger = new Logger(ChangeNotifications.name);
  /** Emits when events may have been committed that the readers have not read yet. */
  readonly wakes = new Subject<void>();
  private client: pg.Client | null = null;
  private started = false;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  private pause = RECONNECT_FIRST_MS;
  /** Set while the connection is down after having been up, so an outage is logged once. */
  private outage = false;
  private connected = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    kept: KeptReads,
  ) {
    // Kept reads are dropped whenever another process may have written.
    kept.follow(this);
  }

  /** Starts listening, once, on PostgreSQL; called when the first reader needs it. */
  start(): void {
    if (this.started || this.stopped || this.config.database.kind !== 'postgres') return;
    this.started = true;
    void this.connect();
  }

  /** Whether the connection is up and listening. */
  get listening(): boolean {
    return this.connected;
  }

  private async connect(): Promise<void> {
    this.retry = null;
    if (this.stopped || this.config.database.kind !== 'postgres') return;
    const client = await postgresClient({
      connectionString: this.config.database.url,
      keepAlive: true,
      application_name: 'workflow-mcp change-events listener',
    });
    if (this.stopped) return;
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel === CHANGE_EVENTS_CHANNEL) this.wakes.next();
    });
    client.on('error', (error: Error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_EVENTS_CHANNEL}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (client !== this.client) return;
    this.connected = true;
    if (this.outage) this.logger.log('Listening for change-log notifications again.');
    this.outage = false;
    this.pause = RECONNECT_FIRST_MS;
    this.wakes.next();
  }

  private lost(client: pg.Client, error: unknown): void {
    if (client !== this.client) return;
    this.client = null;
    this.connected = false;
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    if (!this.outage) {
      this.outage = true;
      this.logger.warn(
        `The change-log notification connection ${error ? `failed (${String(error)})` : 'closed'}; ` +
          `reconnecting, and polling every ${this.config.eventsPollMs} ms meanwhile.`,
      );
    }
    const pause = this.pause;
    this.pause = Math.min(this.pause * 2, RECONNECT_MAX_MS);
    this.retry = setTimeout(() => void this.connect(), pause);
    this.retry.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.retry !== null) clearTimeout(this.retry);
    this.retry = null;
    const client = this.client;
    this.client = null;
    this.connected = false;
    this.wakes.complete();
    await client?.end().catch(() => undefined);
  }
}
