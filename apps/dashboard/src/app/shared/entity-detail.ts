import { type Signal, computed, effect, inject, signal, untracked } from '@angular/core';
import { errorBody } from '../core/api-error';
import { type LiveEntity, LiveUpdates } from '../core/live-updates';

export interface EntityDetailOptions<T> {
  /** The id from the route. */
  id: Signal<string>;
  fetch: (id: string) => Promise<T>;
  /** Its kind: a change to it (this id) loads it again. */
  entity: LiveEntity;
  /** Kinds the page shows things of (names, versions): any change to them loads it again. */
  alsoOn?: readonly LiveEntity[];
}

/**
 * The entity a detail page shows, read by the id in the route and read again when it changes
 * anywhere (REST, MCP, another tab) or the live connection comes back. Create it in a component's
 * injection context.
 */
export class EntityDetail<T> {
  private readonly loaded = signal<T | null>(null);
  /** The service does not know the id: deleted, or never there. */
  readonly missing = signal(false);
  /** What to show: null while loading and when missing. */
  readonly value = computed(() => (this.missing() ? null : this.loaded()));

  constructor(private readonly options: EntityDetailOptions<T>) {
    effect(() => {
      const id = options.id();
      untracked(() => {
        this.loaded.set(null);
        this.missing.set(false);
        void this.load(id);
      });
    });
    const alsoOn = options.alsoOn ?? [];
    inject(LiveUpdates).watch([options.entity, ...alsoOn], (batch) => {
      const id = options.id();
      if (batch.kind === 'resync' || batch.events.some((e) => alsoOn.includes(e.entity) || e.entity_id === id)) void this.load(id);
    });
  }

  /** Shows what the service answered to a change, without asking again. */
  set(value: T): void {
    this.loaded.set(value);
  }

  reload(): Promise<void> {
    return this.load(this.options.id());
  }

  private async load(id: string): Promise<void> {
    try {
      const value = await this.options.fetch(id);
      // The route may have moved on to another id meanwhile.
      if (id === this.options.id()) this.loaded.set(value);
    } catch (error) {
      if (errorBody(error)?.statusCode === 404) this.missing.set(true);
    }
  }
}
