import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Observable, Subscription } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { UnitOfWork } from './unit-of-work.js';

/** How long a kept read may be used at most, also when no write was seen: it bounds what a missed notification could leave stale. */
export const KEPT_READ_MAX_AGE_MS = 1_000;
const KEPT_MAX = 500;

/** What tells this process that another one (an instance, a stdio MCP server) committed a write. */
export interface OtherWriters {
  /** Emits after another process's commit could have changed what was read, and on each (re)connection. */
  readonly wakes: Observable<void>;
  /** Whether a missed commit would be noticed: false while the connection that hears them is down. */
  readonly listening: boolean;
  start(): void;
}

export interface ReadTicket {
  generation: number;
  at: number;
}

/**
 * Small answers that every page would otherwise read again, kept on PostgreSQL while nothing was
 * written: a list's bounded count (`total`, `total_capped`: up to 1,001 index entries, most of what a
 * page costs the database beyond its rows) and the environment a filter's name or id stands for.
 * Every commit through the unit of work (this process) and every change notification (any other)
 * drops them all, and so does a lost notification connection; none is used after
 * KEPT_READ_MAX_AGE_MS. So a kept answer trails another instance's write by at most the
 * notification's delay, and this instance's own writes not at all. Keys name what they hold
 * (`count:…`, `environment:…`).
 *
 * Not on SQLite: there a stdio MCP server writing the same file is seen only by polling, and these
 * reads cost SQLite a small part of a page.
 */
@Injectable()
export class KeptReads implements OnModuleDestroy {
  private generation = 0;
  private readonly kept = new Map<string, { value: string | number; at: number }>();
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

  /** The answer kept for `key`, if it may be used. */
  get(key: string): string | number | undefined {
    if (!this.usable()) return undefined;
    const found = this.kept.get(key);
    if (found && performance.now() - found.at <= KEPT_READ_MAX_AGE_MS) return found.value;
    return undefined;
  }

  /** Taken before reading: an answer is kept only if nothing was written while it was read, and ages from then. */
  ticket(): ReadTicket {
    return { generation: this.generation, at: performance.now() };
  }

  put(key: string, value: string | number, ticket: ReadTicket): void {
    if (ticket.generation !== this.generation || !this.usable()) return;
    if (this.kept.size >= KEPT_MAX) this.kept.clear();
    this.kept.set(key, { value, at: ticket.at });
  }

  private usable(): boolean {
    if (this.config.database.kind !== 'postgres' || !this.others) return false;
    this.others.start();
    return this.others.listening;
  }

  private changed(): void {
    this.generation++;
    this.kept.clear();
  }

  onModuleDestroy(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }
}
