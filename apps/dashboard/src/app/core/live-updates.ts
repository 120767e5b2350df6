import { DestroyRef, Injectable, InjectionToken, inject, signal } from '@angular/core';
import type { ChangeEvent } from '@workflow-mcp/domain';
import { AccessToken } from './access-token';
import { Auth } from './auth';

export type LiveEntity = ChangeEvent['entity'];
export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'offline';

/**
 * What a watcher is told: the changes since its last call, or that it must reload everything (after a
 * reconnect, or when the service no longer has the changes it missed).
 */
export type LiveBatch = { kind: 'changes'; events: ChangeEvent[] } | { kind: 'resync' };

/** The part of EventSource this service uses; tests supply a fake. */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent<string>) => void) | null;
  onerror: ((event: Event) => void) | null;
  /** Named events: the service sends `event: reset` when it no longer has what this client missed. */
  addEventListener?(type: 'reset', listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

export const EVENT_SOURCE_FACTORY = new InjectionToken<((url: string) => EventSourceLike) | null>('EVENT_SOURCE_FACTORY', {
  providedIn: 'root',
  factory: () => (typeof EventSource === 'undefined' ? null : (url: string) => new EventSource(url)),
});

const CLOSED = 2;
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 15_000;
/** Several changes in a burst cause one refetch. */
export const LIVE_DEBOUNCE_MS = 250;

interface Watcher {
  entities: ReadonlySet<LiveEntity>;
  handler: (batch: LiveBatch) => void;
  pending: ChangeEvent[];
  resync: boolean;
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * One connection to /api/events for the whole app. Pages watch the entities they show and refetch
 * when those change. After the connection drops (the service restarted, the network blinked) and
 * comes back, every watcher is told to reload, so nothing on screen stays stale; the same when the
 * service says (`event: reset`) that the changes missed are no longer kept.
 */
@Injectable({ providedIn: 'root' })
export class LiveUpdates {
  private readonly factory = inject(EVENT_SOURCE_FACTORY);
  private readonly token = inject(AccessToken);
  private readonly auth = inject(Auth);
  readonly state = signal<LiveState>('connecting');
  private source: EventSourceLike | null = null;
  private readonly watchers = new Set<Watcher>();
  private lastSeq: number | null = null;
  private lost = false;
  private retryMs = RETRY_MIN_MS;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private started = false;

  constructor() {
    // A new access token (given after a 401) opens a new stream with it.
    this.token.onChange(() => {
      if (this.started) this.open();
    });
    // Signing in opens the stream with the new session cookie; signing out closes it.
    this.auth.onChange(() => {
      if (this.started) this.open();
    });
  }

  /** Opens the stream once; later calls do nothing. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.open();
  }

  /**
   * Calls `handler` (at most every LIVE_DEBOUNCE_MS) when any of `entities` changes, and with
   * `resync` after a reconnect. Stops when the caller's injection context is destroyed.
   */
  watch(entities: readonly LiveEntity[], handler: (batch: LiveBatch) => void, destroyRef: DestroyRef = inject(DestroyRef)): () => void {
    const watcher: Watcher = { entities: new Set(entities), handler, pending: [], resync: false, timer: null };
    this.watchers.add(watcher);
    this.start();
    const stop = () => {
      if (watcher.timer) clearTimeout(watcher.timer);
      this.watchers.delete(watcher);
    };
    destroyRef.onDestroy(stop);
    return stop;
  }

  private url(): string {
    const query = new URLSearchParams();
    const token = this.token.value();
    if (token) query.set('access_token', token);
    if (this.lastSeq !== null) query.set('after', String(this.lastSeq));
    const text = query.toString();
    return text ? `/api/events?${text}` : '/api/events';
  }

  private open(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.source?.close();
    this.source = null;
    if (this.auth.status() === 'signed-out') {
      this.state.set('offline');
      return;
    }
    if (!this.factory) {
      this.state.set('offline');
      return;
    }
    const source = this.factory(this.url());
    this.source = source;
    if (this.state() !== 'reconnecting') this.state.set('connecting');
    source.onopen = () => {
      this.state.set('live');
      this.retryMs = RETRY_MIN_MS;
      if (this.lost) {
        this.lost = false;
        this.resyncAll();
      }
    };
    source.onmessage = (message) => this.receive(message.data, message.lastEventId);
    source.addEventListener?.('reset', (message) => this.reset(message.data, message.lastEventId));
    source.onerror = () => {
      if (this.source !== source) return;
      this.lost = true;
      this.state.set('reconnecting');
      // EventSource retries by itself after a dropped connection; after an HTTP error answer
      // (401, a proxy's 502) it gives up, so this service retries with a growing delay.
      if (source.readyState === CLOSED) {
        this.retryTimer = setTimeout(() => this.open(), this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
      }
    };
  }

  private receive(data: string, lastEventId: string): void {
    let event: ChangeEvent;
    try {
      event = JSON.parse(data) as ChangeEvent;
    } catch {
      return;
    }
    const seq = Number(lastEventId || event.seq);
    if (Number.isFinite(seq)) this.lastSeq = seq;
    for (const watcher of this.watchers) {
      if (!watcher.entities.has(event.entity)) continue;
      watcher.pending.push(event);
      this.schedule(watcher);
    }
  }

  /** The service no longer has what was missed: everything may have changed; follow on from its newest event. */
  private reset(data: string, lastEventId: string): void {
    let latest = lastEventId ? Number(lastEventId) : NaN;
    try {
      const parsed = JSON.parse(data) as { latest_seq?: unknown };
      if (typeof parsed.latest_seq === 'number') latest = parsed.latest_seq;
    } catch {
      /* the id alone will do */
    }
    if (Number.isFinite(latest)) this.lastSeq = latest;
    this.resyncAll();
  }

  private resyncAll(): void {
    for (const watcher of this.watchers) {
      watcher.resync = true;
      this.schedule(watcher);
    }
  }

  private schedule(watcher: Watcher): void {
    watcher.timer ??= setTimeout(() => {
      watcher.timer = null;
      const batch: LiveBatch = watcher.resync ? { kind: 'resync' } : { kind: 'changes', events: watcher.pending };
      watcher.pending = [];
      watcher.resync = false;
      watcher.handler(batch);
    }, LIVE_DEBOUNCE_MS);
  }
}
