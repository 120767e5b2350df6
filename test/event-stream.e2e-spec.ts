import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DataSource } from 'typeorm';
import { ChangeEventEntity } from '../apps/api/src/events/change-event.entity.js';
import { ChangeLogRetention } from '../apps/api/src/events/change-log-retention.service.js';
import { EventStream } from '../apps/api/src/events/event-stream.service.js';
import { minimalIncident } from './support/fixtures.js';
import { openSse } from './support/sse.js';
import { SettableClock, startService, tempDatabasePath, type RunningService } from './support/service.js';

/**
 * The live event stream cannot be used to exhaust the service: clients that stop reading hold
 * bounded memory and are disconnected, streams are limited in number, idle streams carry a
 * heartbeat, and the change log is pruned, with clients resuming from before the pruned events
 * told to reload.
 */

const LOG_SIZE = 50_000;
const STALLED_CLIENTS = 10;
const MB = 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Memory this process holds after collecting garbage: V8's heap plus buffers outside it. */
function retainedBytes(): number {
  gc();
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** Fills the change log directly, 500 rows per insert. */
async function seedLog(svc: RunningService, count: number, occurredAt = new Date().toISOString()): Promise<void> {
  const dataSource = svc.app.get(DataSource);
  await dataSource.transaction(async (manager) => {
    for (let start = 0; start < count; start += 500) {
      const rows = Array.from({ length: Math.min(500, count - start) }, (_, i) => ({
        entity: 'incident' as const,
        entity_id: `inc-${String(start + i).padStart(12, '0')}`,
        action: 'updated',
        source: 'rest' as const,
        actor: null,
        occurred_at: occurredAt,
      }));
      await manager.createQueryBuilder().insert().into(ChangeEventEntity).values(rows).execute();
    }
  });
}

/** A client that asks for the whole log and then never reads: its socket stays paused. */
function stalledClient(svc: RunningService, path = '/api/events?after=0'): Promise<Socket> {
  const { port } = new URL(svc.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.pause();
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\n\r\n`);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Reads what a socket still has until the service's end of it, and returns it as text. */
function readToEnd(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.once('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.resume();
  });
}

describe('clients that stop reading, on a 50,000-event log', () => {
  const db = tempDatabasePath();
  let svc: RunningService;
  let stream: EventStream;

  beforeAll(async () => {
    svc = await startService({ dbPath: db.path, env: { EVENTS_STALLED_CLIENT_SECONDS: '60', EVENTS_MAX_CONNECTIONS: '20' } });
    stream = svc.app.get(EventStream);
    await seedLog(svc, LOG_SIZE);
  }, 60_000);
  afterAll(async () => {
    await svc.close();
    db.cleanup();
  });

  it('hold bounded memory while connected, and nothing once they are gone', async () => {
    // Warm up the path once, so what is measured is what the clients hold.
    const warm = await openSse(`${svc.baseUrl}/api/events?after=${LOG_SIZE - 3}`);
    expect((await warm.next()).id).toBe(String(LOG_SIZE - 2));
    warm.close();
    await until(() => stream.connections === 0, 5_000, 'warm-up stream closed');
    const before = retainedBytes();

    const clients = await Promise.all(Array.from({ length: STALLED_CLIENTS }, () => stalledClient(svc)));
    await until(() => stream.connections === STALLED_CLIENTS, 15_000, 'all stalled clients connected');
    // Long enough for the service to push all it would: without backpressure the whole log per client.
    await sleep(2_500);
    const connected = retainedBytes() - before;
    expect(clients.every((socket) => !socket.destroyed)).toBe(true);
    expect(stream.connections).toBe(STALLED_CLIENTS);
    // Without backpressure each of these clients pins ~33 MB (the log as frames); with it, one batch each.
    expect(connected).toBeLessThan(50 * MB);

    clients.forEach((socket) => socket.destroy());
    await until(() => stream.connections === 0, 10_000, 'streams of closed clients released');
    await sleep(200);
    expect(retainedBytes() - before).toBeLessThan(10 * MB);
  }, 30_000);

  it('disconnects a client whose socket has not drained for EVENTS_STALLED_CLIENT_SECONDS; it resumes from its last event', async () => {
    const strict = await startService({ dbPath: db.path, env: { EVENTS_STALLED_CLIENT_SECONDS: '1' } });
    try {
      const strictStream = strict.app.get(EventStream);
      const socket = await stalledClient(strict);
      const opened = Date.now();
      await until(() => strictStream.connections === 1, 5_000, 'stalled client connected');
      await until(() => strictStream.connections === 0, 6_000, 'stalled client disconnected');
      const elapsed = Date.now() - opened;
      expect(elapsed).toBeGreaterThanOrEqual(900);
      expect(elapsed).toBeLessThan(5_000);

      // What reached the client before the cut ends in whole events; it resumes after the last one.
      const received = await readToEnd(socket);
      const ids = [...received.matchAll(/id: (\d+)\ndata: [^\n]*\n\n/g)].map((m) => Number(m[1]));
      expect(ids.length).toBeGreaterThan(0);
      expect(ids).toEqual(ids.map((_, i) => i + 1));
      const last = ids[ids.length - 1]!;
      expect(last).toBeLessThan(LOG_SIZE);

      const resumed = await openSse(`${strict.baseUrl}/api/events`, { 'last-event-id': String(last) });
      expect(resumed.status).toBe(200);
      const next = await resumed.next();
      expect(next.event).toBeNull();
      expect(next.id).toBe(String(last + 1));
      resumed.close();
    } finally {
      await strict.close();
    }
  }, 30_000);
});

describe('limits and heartbeat', () => {
  it('refuses streams beyond EVENTS_MAX_CONNECTIONS with 503, Retry-After and the error body; a freed place is taken again', async () => {
    const svc = await startService({ env: { EVENTS_MAX_CONNECTIONS: '2' } });
    try {
      const stream = svc.app.get(EventStream);
      const first = await openSse(`${svc.baseUrl}/api/events`);
      const second = await openSse(`${svc.baseUrl}/api/events?after=0`);
      expect([first.status, second.status]).toEqual([200, 200]);

      const third = await fetch(`${svc.baseUrl}/api/events`, { headers: { accept: 'text/event-stream' } });
      expect(third.status).toBe(503);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(third.headers.get('content-type')).toContain('application/json');
      const body = (await third.json()) as { statusCode: number; error: string; message: string };
      expect(body).toMatchObject({ statusCode: 503, error: 'unavailable' });
      expect(body.message).toContain('EVENTS_MAX_CONNECTIONS');

      // Other routes are not affected.
      expect((await svc.call('GET', '/api/incidents')).status).toBe(200);

      first.close();
      await until(() => stream.connections === 1, 5_000, 'closed stream released');
      const again = await openSse(`${svc.baseUrl}/api/events`);
      expect(again.status).toBe(200);
      again.close();
      second.close();
    } finally {
      await svc.close();
    }
  });

  it('sends a heartbeat comment every EVENTS_HEARTBEAT_SECONDS on an idle stream', async () => {
    const svc = await startService({ env: { EVENTS_HEARTBEAT_SECONDS: '1' } });
    try {
      const stream = await openSse(`${svc.baseUrl}/api/events`);
      const started = Date.now();
      expect(await stream.nextComment(3_000)).toBe('keep-alive');
      expect(await stream.nextComment(3_000)).toBe('keep-alive');
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
      stream.close();
    } finally {
      await svc.close();
    }
  });

  it('ends open streams, reading or not, when the service shuts down', async () => {
    const svc = await startService();
    const stream = await openSse(`${svc.baseUrl}/api/events`);
    const stalled = await stalledClient(svc);
    await until(() => svc.app.get(EventStream).connections === 2, 5_000, 'both connected');
    const started = Date.now();
    await svc.close();
    await stream.ended(5_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    stalled.destroy();
  });
});

describe('change-log retention', () => {
  const OLD = '2025-01-01T10:00:00.000Z';
  const NOW = '2025-03-01T10:00:00.000Z'; // 59 days later; the default retention is 30 days

  async function seqs(svc: RunningService): Promise<number[]> {
    const rows: Array<{ seq: number | string }> = await svc.app.get(DataSource).query('SELECT seq FROM change_events ORDER BY seq');
    return rows.map((r) => Number(r.seq));
  }

  it('deletes events older than EVENTS_RETENTION_DAYS (also run twice at once); resuming from before them gives a reset, from within retention exactly the missed events', async () => {
    const db = tempDatabasePath();
    const clock = new SettableClock(OLD);
    const svc = await startService({ dbPath: db.path, clock });
    const other = await startService({ dbPath: db.path, clock }); // another instance on the same database
    try {
      // More old events than one batch deletes, so the two runs below overlap over several batches.
      await seedLog(svc, 2_500, OLD);
      for (let i = 0; i < 5; i += 1) await svc.call('POST', '/api/incidents', minimalIncident({ title: `old ${i}` }));
      const old = await seqs(svc);
      clock.set(NOW);
      const recent: string[] = [];
      for (let i = 0; i < 3; i += 1)
        recent.push((await svc.call('POST', '/api/incidents', minimalIncident({ title: `new ${i}` }))).body.id);
      const all = await seqs(svc);
      const kept = all.slice(old.length);
      expect(kept).toHaveLength(3);

      // Twice at once, by two instances: together they delete each old event once.
      const [first, again] = await Promise.all([svc.app.get(ChangeLogRetention).prune(), other.app.get(ChangeLogRetention).prune()]);
      expect(first + again).toBe(old.length);
      expect(await seqs(svc)).toEqual(kept);
      expect(await svc.app.get(ChangeLogRetention).prune()).toBe(0);

      // From before the deleted events: told to reload, then live from the newest event.
      const latest = kept[kept.length - 1]!;
      const fromOld = await openSse(`${svc.baseUrl}/api/events`, { 'last-event-id': String(old[1]) });
      const reset = await fromOld.next();
      expect(reset.event).toBe('reset');
      expect(reset.id).toBe(String(latest));
      const data = JSON.parse(reset.data) as { reason: string; latest_seq: number };
      expect(data.latest_seq).toBe(latest);
      expect(data.reason).toMatch(/retention/);
      const created = (await svc.call('POST', '/api/incidents', minimalIncident({ title: 'after the reset' }))).body;
      const live = JSON.parse((await fromOld.next()).data) as { seq: number; entity_id: string };
      expect(live).toMatchObject({ seq: latest + 1, entity_id: created.id });
      fromOld.close();

      // ?after= works the same; after=0 asks for everything, which is no longer there.
      const fromStart = await openSse(`${other.baseUrl}/api/events?after=0`);
      expect((await fromStart.next()).event).toBe('reset');
      fromStart.close();

      // From the last deleted event, or within what is kept: exactly what was missed, no reset.
      const fromEdge = await openSse(`${svc.baseUrl}/api/events?after=${old[old.length - 1]}`);
      const edge = [await fromEdge.next(), await fromEdge.next(), await fromEdge.next(), await fromEdge.next()];
      expect(edge.map((m) => m.event)).toEqual([null, null, null, null]);
      expect(edge.map((m) => Number(m.id))).toEqual([...kept, latest + 1]);
      await expect(fromEdge.next(300)).rejects.toThrow('no event');
      fromEdge.close();

      const within = await openSse(`${svc.baseUrl}/api/events`, { 'last-event-id': String(kept[0]) });
      const missed = [await within.next(), await within.next(), await within.next()];
      expect(missed.map((m) => JSON.parse(m.data).entity_id)).toEqual([recent[1], recent[2], created.id]);
      await expect(within.next(300)).rejects.toThrow('no event');
      within.close();
    } finally {
      await svc.close();
      await other.close();
      db.cleanup();
    }
  });

  it('keeps the newest event even when all are old, so the log keeps its position', async () => {
    const clock = new SettableClock(OLD);
    const svc = await startService({ clock });
    try {
      for (let i = 0; i < 3; i += 1) await svc.call('POST', '/api/incidents', minimalIncident({ title: `old ${i}` }));
      const all = await seqs(svc);
      clock.set(NOW);
      expect(await svc.app.get(ChangeLogRetention).prune()).toBe(all.length - 1);
      expect(await seqs(svc)).toEqual([all[all.length - 1]]);
      const created = (await svc.call('POST', '/api/incidents', minimalIncident({ title: 'next' }))).body;
      const stream = await openSse(`${svc.baseUrl}/api/events?after=${all[all.length - 1]}`);
      expect(JSON.parse((await stream.next()).data)).toMatchObject({ seq: all[all.length - 1]! + 1, entity_id: created.id });
      stream.close();
    } finally {
      await svc.close();
    }
  });
});
