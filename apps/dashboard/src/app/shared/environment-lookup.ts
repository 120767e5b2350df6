import { computed, inject, signal } from '@angular/core';
import type { Environment } from '@workflow-mcp/domain';
import { ApiClient } from '../core/api-client';
import { LiveUpdates } from '../core/live-updates';

/**
 * The environments, for pages about something else: their names beside ids, and the choices of
 * an environment filter or field. Create it in an injection context; it starts loading at once.
 */
export class EnvironmentLookup {
  private readonly api = inject(ApiClient);
  readonly all = signal<Environment[]>([]);
  private readonly names = computed(() => new Map(this.all().map((env) => [env.id, env.name])));

  /** `live`: fetch them again when an environment changes (lists stay open for long). */
  constructor(options: { live?: boolean } = {}) {
    if (options.live) inject(LiveUpdates).watch(['environment'], () => void this.load());
    void this.load();
  }

  /** The environment's name; its id while the names are not known (yet). */
  name(id: string): string {
    return this.names().get(id) ?? id;
  }

  private async load(): Promise<void> {
    try {
      this.all.set((await this.api.listEnvironments()).items);
    } catch {
      /* shown by the interceptor; ids stand in for names */
    }
  }
}
