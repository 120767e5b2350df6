import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Observable, Subscription } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { UnitOfWork } from './unit-of-work.js';

/** How long a count may be used at most, also when no write was seen: it bounds what a missed notification could leave stale. */
export const LIST_COUNT_MAX_AGE_MS = 1_000;
const COUNTS_MAX = 500;

/** What tells this process that another one (an instance, a stdio MCP server) committed a write. */
export interface OtherWriters {
  /** Emits after another process's commit could have changed what lists show, and on each (re)connection. */
  readonly wakes: Observable<void>;
  /** Whether a missed commit would be noticed: false while the connection that hears them is down. */
  readonly listening: boolean;
  start(): void;
}

export interface CountTicket {
  generation: number;
  at: number;
}

/**
 * The bounded count a list page carries (`total`, `total_capped`), kept on PostgreSQL between pages of
 * the same filter while nothing was written: reading up to 1,001 index entries for every page is most
 * of what a page costs the database beyond its rows. Every commit through the unit of work (this
 * process) and every change notification (any other) drops them all, and so does a lost notification
 * connection; a count is also never used after LIST_COUNT_MAX_AGE_MS. So a total trails another
 * instance's write by at most the notification's delay, and this instance's own writes not at all.
 *
 * Not on SQLite: there a stdio MCP server writing the same file is seen only by polling, and counting
 * in SQLite costs a small part of a page.
 */
@Injectable()
export class ListCounts implements OnModuleDestroy {
  private generation = 0;
  private readonly counts = new Map<string, { total: number; at: number }>();
  private others: OtherWriters | null = null;
  private readonly subscriptions: Subscription[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    unitOfWork: UnitOfWork,
  ) {
    this.subscriptions.push(unitOfWork.commits.subscribe(() => this.changed()));
  }

  /** Called once by whatever hears other processes' commits; until then (and while it does not listen) nothing is kept. */
  follow(others: OtherWriters): void {
    if (this.others) return;
    this.others = others;
    this.subscriptions.push(others.wakes.subscribe(() => this.changed()));
  }

  /** The count kept for `key`, if it may be used. */
  get(key: string): number | undefined {
    if (!this.usable()) return undefined;
    const found = this.counts.get(key);
    if (found && performance.now() - found.at <= LIST_COUNT_MAX_AGE_MS) return found.total;
    return undefined;
  }

  /** Taken before counting: a count is kept only if nothing was written while it was read, and ages from then. */
  ticket(): CountTicket {
    return { generation: this.generation, at: performance.now() };
  }

  put(key: string, total: number, ticket: CountTicket): void {
    if (ticket.generation !== this.generation || !this.usable()) return;
    if (this.counts.size >= COUNTS_MAX) this.counts.clear();
    this.counts.set(key, { total, at: ticket.at });
  }

  private usable(): boolean {
    if (this.config.database.kind !== 'postgres' || !this.others) return false;
    this.others.start();
    return this.others.listening;
  }

  private changed(): void {
    this.generation++;
    this.counts.clear();
  }

  onModuleDestroy(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }
}
