import { type WritableSignal, computed, inject, signal } from '@angular/core';
import type { Page } from '@workflow-mcp/domain';
import { type LiveEntity, LiveUpdates } from '../core/live-updates';

/** Which page to fetch, as the service's list routes take it. */
export interface PageRequest {
  limit: number;
  cursor: string | undefined;
}

export interface PagedListOptions<T> {
  /** Fetches one page with the page's current filters. */
  fetch: (request: PageRequest) => Promise<Page<T>>;
  limit: number;
  /** The current page is fetched again when any of these change (anywhere: REST, MCP, another tab). */
  reloadOn?: readonly LiveEntity[];
}

/**
 * A list read from the service a page at a time. The service pages by cursor (keyset), not by
 * page number, so going back reuses the cursors of the pages already seen. Create it in an
 * injection context when it reloads on live changes.
 */
export class PagedList<T> {
  readonly page = signal<Page<T> | null>(null);
  readonly limit: WritableSignal<number>;
  /** Cursors of the pages before the current one; the current page's own cursor is `cursor`. */
  private readonly before = signal<Array<string | undefined>>([]);
  private cursor: string | undefined;
  private loads = 0;
  readonly hasPrevious = computed(() => this.before().length > 0);
  /** The position of the page's first row in the whole list, from 1. */
  readonly first = computed(() => this.before().length * this.limit() + 1);

  constructor(private readonly options: PagedListOptions<T>) {
    this.limit = signal(options.limit);
    if (options.reloadOn?.length) inject(LiveUpdates).watch(options.reloadOn, () => void this.load());
  }

  next(): void {
    const next = this.page()?.next_cursor;
    if (!next) return;
    this.before.update((cursors) => [...cursors, this.cursor]);
    this.cursor = next;
    void this.load();
  }

  previous(): void {
    const cursors = this.before();
    if (cursors.length === 0) return;
    this.cursor = cursors[cursors.length - 1];
    this.before.set(cursors.slice(0, -1));
    void this.load();
  }

  /** Back to the first page: the filters, the sort or the page size changed. */
  restart(): void {
    this.cursor = undefined;
    this.before.set([]);
    void this.load();
  }

  setLimit(limit: number): void {
    this.limit.set(limit);
    this.restart();
  }

  /** Fetches the current page again. */
  async load(): Promise<void> {
    const ticket = ++this.loads;
    try {
      const page = await this.options.fetch({ limit: this.limit(), cursor: this.cursor });
      // An answer to an older request (filters changed meanwhile) is dropped.
      if (ticket !== this.loads) return;
      // A page emptied by deletions elsewhere: go back to the first page.
      if (page.items.length === 0 && this.cursor !== undefined) return this.restart();
      this.page.set(page);
    } catch {
      /* the interceptor showed the API's message; keep what is on screen */
    }
  }
}
