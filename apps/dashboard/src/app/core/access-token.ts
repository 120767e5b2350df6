import { Injectable, Injector, inject, signal } from '@angular/core';

const STORAGE_KEY = 'workflow-mcp.access-token';

function readStored(): string | null {
  try {
    return globalThis.sessionStorage?.getItem(STORAGE_KEY) || null;
  } catch {
    return null;
  }
}

/**
 * The service's access token, when it has one: asked for once (on the first 401) and kept in
 * sessionStorage, so it lasts for this tab's session and no longer.
 */
@Injectable({ providedIn: 'root' })
export class AccessToken {
  private readonly injector = inject(Injector);
  readonly value = signal<string | null>(readStored());
  private asking: Promise<string | null> | null = null;
  private readonly listeners = new Set<(token: string | null) => void>();

  /** Called with each new token (the live stream reopens with it). */
  onChange(listener: (token: string | null) => void): void {
    this.listeners.add(listener);
  }

  set(token: string | null): void {
    const changed = token !== this.value();
    this.value.set(token);
    if (changed) for (const listener of this.listeners) listener(token);
    try {
      if (token) globalThis.sessionStorage?.setItem(STORAGE_KEY, token);
      else globalThis.sessionStorage?.removeItem(STORAGE_KEY);
    } catch {
      /* storage unavailable: the token lasts for this page only */
    }
  }

  /** Asks the person for the token; concurrent callers share one dialog. Resolves null if they cancel. */
  ask(refused: boolean): Promise<string | null> {
    this.asking ??= import('./token-dialog')
      .then(({ openTokenDialog }) => openTokenDialog(this.injector, refused))
      .then((token) => {
        if (token) this.set(token);
        return token;
      })
      .finally(() => {
        this.asking = null;
      });
    return this.asking;
  }
}
