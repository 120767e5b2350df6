import { Injectable, signal } from '@angular/core';

const STORAGE_KEY = 'workflow-mcp.access-token';

function readStored(): string | null {
  try {
    return globalThis.sessionStorage?.getItem(STORAGE_KEY) || null;
  } catch {
    return null;
  }
}

/**
 * An access token given on the sign-in page (the service's ACCESS_TOKEN, or a personal token), kept
 * in sessionStorage, so it lasts for this tab's session and no longer. Signed-in people need none:
 * their session cookie is sent by the browser.
 */
@Injectable({ providedIn: 'root' })
export class AccessToken {
  readonly value = signal<string | null>(readStored());
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
}
