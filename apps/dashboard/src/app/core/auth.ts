import { Injectable, InjectionToken, computed, inject, signal } from '@angular/core';
import { ROLES, type Role, type Session } from '@workflow-mcp/domain';
import { AccessToken } from './access-token';

/**
 * unknown: not asked yet, or the service could not say (unreachable, or a version without sign-in);
 * everything is shown as before. signed-in: a session (team mode) or local mode. signed-out: the
 * service answered 401, so the sign-in page is shown.
 */
export type AuthStatus = 'unknown' | 'signed-in' | 'signed-out';

/** Why signing in failed: the service's own message (for 429 it says how long to wait). */
export class SignInRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The browser's fetch; tests give their own. */
export const AUTH_FETCH = new InjectionToken<typeof fetch>('AUTH_FETCH', {
  providedIn: 'root',
  factory: () => (input, init) => globalThis.fetch(input, init),
});

const rank = (role: Role) => ROLES.indexOf(role);

/**
 * Who is using the dashboard: the session the service reports (`GET /api/auth/session`), loaded once
 * at start. Plain fetch rather than HttpClient: the shell shows who is signed in, and HttpClient lives
 * in the lazily loaded pages so the initial bundle stays small. The session cookie (HttpOnly) is sent
 * by the browser; a token given on the sign-in page goes as a Bearer header.
 */
@Injectable({ providedIn: 'root' })
export class Auth {
  private readonly fetch = inject(AUTH_FETCH);
  private readonly token = inject(AccessToken);
  readonly status = signal<AuthStatus>('unknown');
  readonly session = signal<Session | null>(null);
  readonly mode = computed(() => this.session()?.mode ?? null);
  readonly role = computed<Role | null>(() => this.session()?.role ?? null);
  /** Team mode and an admin: the admin pages are offered. */
  readonly isAdmin = computed(() => this.mode() === 'team' && this.role() === 'admin');
  /** What the header shows for the person (or token) signed in. */
  readonly displayName = computed(() => {
    const session = this.session();
    if (!session) return '';
    return session.user?.display_name || session.user?.username || session.token_name || session.actor || '';
  });
  private loading: Promise<AuthStatus> | null = null;
  private readonly listeners = new Set<(status: AuthStatus) => void>();

  /** Called whenever someone signs in or out (the live stream reconnects). */
  onChange(listener: (status: AuthStatus) => void): void {
    this.listeners.add(listener);
  }

  /**
   * Whether the person may do what needs `role` (the buttons that change things ask this). A
   * read-only token given on the sign-in page changes nothing. While the service has not said who
   * is calling (unreachable, or no sign-in there), nothing is hidden: the service still refuses what it must.
   */
  can(role: Role): boolean {
    if (this.status() === 'signed-out' || this.session()?.read_only) return false;
    const current = this.role();
    return current === null || rank(current) >= rank(role);
  }

  /** Asks the service who is calling, once; `refresh` asks again. */
  load(refresh = false): Promise<AuthStatus> {
    if (this.loading && !refresh) return this.loading;
    const loading = this.request('GET', '/api/auth/session').then(
      async (response) => {
        if (response.ok) this.setSession((await response.json()) as Session);
        else if (response.status === 401) this.setSignedOut();
        return this.status();
      },
      () => this.status(),
    );
    this.loading = loading;
    return loading;
  }

  /** Signs in with a password: the service sets the session cookie. Throws SignInRefused with its message. */
  async signIn(username: string, password: string): Promise<Session> {
    const response = await this.request('POST', '/api/auth/sign-in', { username, password });
    if (!response.ok) throw await refusal(response);
    const session = (await response.json()) as Session;
    // A token given earlier would otherwise speak for this tab instead of the person now signed in.
    this.token.set(null);
    this.setSession(session);
    this.loading = Promise.resolve(this.status());
    return session;
  }

  /** Signs in with an access token (a personal one, or the service's ACCESS_TOKEN): kept for this tab only. */
  async signInWithToken(token: string): Promise<boolean> {
    const previous = this.token.value();
    this.token.set(token);
    if ((await this.load(true)) === 'signed-in') return true;
    this.token.set(previous === token ? null : previous);
    return false;
  }

  /** Ends the session (the service clears the cookie) and forgets any token given in this tab. */
  async signOut(): Promise<void> {
    try {
      await this.request('POST', '/api/auth/sign-out');
    } catch {
      /* unreachable: the cookie stays, but this tab shows the sign-in page anyway */
    }
    this.token.set(null);
    this.setSignedOut();
  }

  /** The service answered 401 to some call: the session ended (expired, revoked, signed out elsewhere). */
  setSignedOut(): void {
    this.session.set(null);
    this.loading = Promise.resolve<AuthStatus>('signed-out');
    this.setStatus('signed-out');
  }

  private setSession(session: Session): void {
    this.session.set(session);
    this.setStatus('signed-in');
  }

  private setStatus(status: AuthStatus): void {
    const changed = status !== this.status();
    this.status.set(status);
    if (changed) for (const listener of this.listeners) listener(status);
  }

  private request(method: string, url: string, body?: unknown): Promise<Response> {
    const token = this.token.value();
    return this.fetch(url, {
      method,
      credentials: 'same-origin',
      headers: {
        'X-Client': 'dashboard',
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
}

async function refusal(response: Response): Promise<SignInRefused> {
  let message = `${response.status} ${response.statusText}`.trim();
  try {
    const body = (await response.json()) as { message?: unknown };
    if (typeof body.message === 'string') message = body.message;
  } catch {
    /* not JSON: keep the status */
  }
  return new SignInRefused(response.status, message);
}
