import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { fakeFetch, session } from '../../testing/access-fakes';
import { FakeEventSource, fakeApi, incident, page } from '../../testing/fakes';
import { IncidentList } from '../operations/incident-list';
import { AccessToken } from './access-token';
import { AUTH_FETCH, Auth } from './auth';
import { EVENT_SOURCE_FACTORY, LIVE_DEBOUNCE_MS, LiveUpdates, type LiveBatch } from './live-updates';

/** A fake EventSource that also delivers named events, as the service's `event: reset`. */
class ResettableEventSource extends FakeEventSource {
  private readonly resetListeners: Array<(event: MessageEvent<string>) => void> = [];
  addEventListener(type: 'reset', listener: (event: MessageEvent<string>) => void): void {
    if (type === 'reset') this.resetListeners.push(listener);
  }
  /** The service no longer has the events this client missed; it continues from `latestSeq`. */
  reset(latestSeq: number): void {
    const data = JSON.stringify({ reason: 'Events after 3 are no longer kept (change-log retention).', latest_seq: latestSeq });
    for (const listener of this.resetListeners) listener(new MessageEvent('reset', { data, lastEventId: String(latestSeq) }));
  }
  static current(): ResettableEventSource {
    return FakeEventSource.latest() as ResettableEventSource;
  }
}

describe('live updates', () => {
  beforeEach(() => {
    FakeEventSource.opened = [];
    vi.useFakeTimers();
    TestBed.configureTestingModule({ providers: [{ provide: EVENT_SOURCE_FACTORY, useValue: (url: string) => new FakeEventSource(url) }] });
  });
  afterEach(() => vi.useRealTimers());

  function watch(entities: Parameters<LiveUpdates['watch']>[0]) {
    const live = TestBed.inject(LiveUpdates);
    const batches: LiveBatch[] = [];
    TestBed.runInInjectionContext(() => live.watch(entities, (batch) => batches.push(batch)));
    return { live, batches };
  }

  it('opens one stream on /api/events and reports it live once open', () => {
    const { live } = watch(['incident']);
    watch(['deployment']);
    expect(FakeEventSource.opened.map((s) => s.url)).toEqual(['/api/events']);
    expect(live.state()).toBe('connecting');
    FakeEventSource.latest().open();
    expect(live.state()).toBe('live');
  });

  it('calls a watcher once per burst of changes to what it watches, and never for other entities', () => {
    const { batches } = watch(['incident']);
    const source = FakeEventSource.latest();
    source.open();
    source.emit({ seq: 1, entity: 'incident', entity_id: 'inc-1', action: 'created' });
    source.emit({ seq: 2, entity: 'deployment', entity_id: 'dep-1', action: 'created' });
    source.emit({ seq: 3, entity: 'incident', entity_id: 'inc-1', action: 'updated' });
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(LIVE_DEBOUNCE_MS);
    expect(batches).toHaveLength(1);
    const batch = batches[0]!;
    expect(batch.kind === 'changes' && batch.events.map((e) => e.seq)).toEqual([1, 3]);
  });

  it('after the connection drops and comes back (service restart), tells every watcher to reload', () => {
    const { live, batches } = watch(['environment']);
    const source = FakeEventSource.latest();
    source.open();
    source.drop();
    expect(live.state()).toBe('reconnecting');
    source.open();
    vi.advanceTimersByTime(LIVE_DEBOUNCE_MS);
    expect(batches).toEqual([{ kind: 'resync' }]);
    expect(live.state()).toBe('live');
  });

  it('when the service refuses the stream (closed), retries by itself, resuming after the last event', () => {
    watch(['incident']);
    const first = FakeEventSource.latest();
    first.open();
    first.emit({ seq: 7, entity: 'incident', entity_id: 'inc-1', action: 'created' });
    first.readyState = 2;
    first.onerror?.(new Event('error'));
    vi.advanceTimersByTime(1_000);
    expect(FakeEventSource.opened).toHaveLength(2);
    expect(FakeEventSource.latest().url).toBe('/api/events?after=7');
  });

  it('on `reset` (what was missed is no longer kept) tells every watcher to reload, and resumes from the newest event', () => {
    TestBed.overrideProvider(EVENT_SOURCE_FACTORY, { useValue: (url: string) => new ResettableEventSource(url) });
    const incidents = watch(['incident']);
    const deployments = watch(['deployment']);
    const source = ResettableEventSource.current();
    source.open();
    source.emit({ seq: 3, entity: 'incident', entity_id: 'inc-1', action: 'created' });
    source.reset(950);
    vi.advanceTimersByTime(LIVE_DEBOUNCE_MS);
    expect(incidents.batches).toEqual([{ kind: 'resync' }]);
    expect(deployments.batches).toEqual([{ kind: 'resync' }]);
    expect(incidents.live.state()).toBe('live');

    // Later changes arrive as usual; a reconnect resumes after the newest event, not before the reset.
    source.emit({ seq: 951, entity: 'incident', entity_id: 'inc-2', action: 'created' });
    vi.advanceTimersByTime(LIVE_DEBOUNCE_MS);
    expect(incidents.batches[1]).toMatchObject({ kind: 'changes', events: [{ seq: 951 }] });
    source.readyState = 2;
    source.onerror?.(new Event('error'));
    vi.advanceTimersByTime(1_000);
    expect(FakeEventSource.latest().url).toBe('/api/events?after=951');
  });

  it('reopens the stream with a new access token, passed as ?access_token=', () => {
    watch(['incident']);
    TestBed.inject(AccessToken).set('a-long-enough-test-token');
    expect(FakeEventSource.opened[0]!.closed).toBe(true);
    expect(FakeEventSource.latest().url).toBe('/api/events?access_token=a-long-enough-test-token');
    TestBed.inject(AccessToken).set(null);
  });
});

describe('live updates on a page: the incident list refetches when an incident changes', () => {
  beforeEach(() => {
    FakeEventSource.opened = [];
  });

  it('an event for an incident triggers a refetch of the list', async () => {
    const { api, provider } = fakeApi();
    api.listIncidents.mockResolvedValueOnce(page([])).mockResolvedValue(page([incident({ title: 'made through MCP' })]));
    TestBed.configureTestingModule({
      imports: [IncidentList],
      providers: [provider, provideRouter([]), { provide: EVENT_SOURCE_FACTORY, useValue: (url: string) => new FakeEventSource(url) }],
    });
    const fixture = TestBed.createComponent(IncidentList);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid=incidents-empty]')).not.toBeNull();
    expect(api.listIncidents).toHaveBeenCalledTimes(1);

    const source = FakeEventSource.latest();
    source.open();
    source.emit({ seq: 1, entity: 'deployment', entity_id: 'dep-1', action: 'created' });
    await new Promise((resolve) => setTimeout(resolve, LIVE_DEBOUNCE_MS + 50));
    expect(api.listIncidents).toHaveBeenCalledTimes(1);

    source.emit({ seq: 2, entity: 'incident', entity_id: 'inc-1', action: 'created' });
    await new Promise((resolve) => setTimeout(resolve, LIVE_DEBOUNCE_MS + 50));
    await fixture.whenStable();
    expect(api.listIncidents).toHaveBeenCalledTimes(2);
    expect(el.querySelector('[data-testid=incident-table]')?.textContent).toContain('made through MCP');
  });

  it('a reset from the service (missed changes no longer kept) reloads the list', async () => {
    const { api, provider } = fakeApi();
    api.listIncidents.mockResolvedValueOnce(page([])).mockResolvedValue(page([incident({ title: 'changed while away' })]));
    TestBed.configureTestingModule({
      imports: [IncidentList],
      providers: [
        provider,
        provideRouter([]),
        { provide: EVENT_SOURCE_FACTORY, useValue: (url: string) => new ResettableEventSource(url) },
      ],
    });
    const fixture = TestBed.createComponent(IncidentList);
    await fixture.whenStable();
    expect(api.listIncidents).toHaveBeenCalledTimes(1);

    const source = ResettableEventSource.current();
    source.open();
    source.reset(120);
    await new Promise((resolve) => setTimeout(resolve, LIVE_DEBOUNCE_MS + 50));
    await fixture.whenStable();
    expect(api.listIncidents).toHaveBeenCalledTimes(2);
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid=incident-table]')?.textContent).toContain(
      'changed while away',
    );
  });
});

describe('live updates and signing in', () => {
  beforeEach(() => {
    FakeEventSource.opened = [];
  });

  it('opens no stream while signed out, opens it on sign-in (the cookie goes with it) and closes it on sign-out', async () => {
    TestBed.configureTestingModule({
      providers: [
        { provide: EVENT_SOURCE_FACTORY, useValue: (url: string) => new FakeEventSource(url) },
        {
          provide: AUTH_FETCH,
          useValue: fakeFetch({
            'GET /api/auth/session': { status: 401, body: { statusCode: 401, error: 'unauthorized', message: 'Sign in first.' } },
            'POST /api/auth/sign-in': { status: 200, body: session() },
            'POST /api/auth/sign-out': { status: 204 },
          }),
        },
      ],
    });
    const auth = TestBed.inject(Auth);
    await auth.load();
    const live = TestBed.inject(LiveUpdates);
    live.start();
    expect(FakeEventSource.opened).toEqual([]);
    expect(live.state()).toBe('offline');

    await auth.signIn('alice', 'a long enough password');
    expect(FakeEventSource.opened.map((s) => s.url)).toEqual(['/api/events']);
    FakeEventSource.latest().open();
    expect(live.state()).toBe('live');

    await auth.signOut();
    expect(FakeEventSource.latest().closed).toBe(true);
    expect(FakeEventSource.opened).toHaveLength(1);
    expect(live.state()).toBe('offline');
  });
});
