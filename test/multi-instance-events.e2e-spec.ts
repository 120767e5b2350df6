import { afterEach, describe, expect, it } from '@jest/globals';
import { minimalIncident } from './support/fixtures.js';
import { startInstances, type Instance, type Instances } from './support/instances.js';
import { openSse, type SseConnection } from './support/sse.js';

/**
 * SPEC §11 "Scale-out": on PostgreSQL, every event reaches every instance's stream exactly once
 * and in order, also while many clients write at once through several instances. A sequence
 * number is taken at insert but visible only at commit; a reader that moved past a number whose
 * transaction had not committed yet would lose that event for good.
 *
 * Runs the built bundle (`npm run build:api`), on PostgreSQL only (TEST_POSTGRES_URL).
 */

const WRITERS = 20;
const INCIDENTS = 300;
/** How long a stream may stay silent while events are still missing before the test stops waiting. */
const QUIET_MS = 5_000;

/** The application_name of each instance's listening connection (events/change-notifications.ts). */
const LISTENER = 'workflow-mcp change-events listener';

const suite = process.env.TEST_POSTGRES_URL ? describe : describe.skip;

async function until(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Received {
  seqs: number[];
  /** Frames whose `id:` differs from the event's own seq (must be none). */
  mismatched: number;
}

/** Reads a stream until it has passed `last`, or it stays silent for QUIET_MS. */
async function readUntil(connection: SseConnection, last: number): Promise<Received> {
  const received: Received = { seqs: [], mismatched: 0 };
  while ((received.seqs.at(-1) ?? 0) < last) {
    let message;
    try {
      message = await connection.next(QUIET_MS);
    } catch {
      break;
    }
    if (message.event !== null) continue;
    const seq = (JSON.parse(message.data) as { seq: number }).seq;
    if (String(seq) !== message.id) received.mismatched += 1;
    received.seqs.push(seq);
  }
  return received;
}

/** What a stream got wrong against the log: events it never got, got twice, or got out of order. */
function verdict(received: Received, expected: number[]) {
  const got = new Set(received.seqs);
  const seen = new Set<number>();
  const duplicates: number[] = [];
  for (const seq of received.seqs) {
    if (seen.has(seq)) duplicates.push(seq);
    seen.add(seq);
  }
  const expectedSet = new Set(expected);
  return {
    missing: expected.filter((seq) => !got.has(seq)),
    unexpected: [...got].filter((seq) => !expectedSet.has(seq)),
    duplicates,
    outOfOrder: received.seqs.filter((seq, i) => i > 0 && seq <= received.seqs[i - 1]!).length,
    mismatchedIds: received.mismatched,
  };
}

const clean = { missing: [], unexpected: [], duplicates: [], outOfOrder: 0, mismatchedIds: 0 };

suite('live events with concurrent writers on PostgreSQL (SPEC §11 scale-out)', () => {
  let running: Instances | null = null;
  let streams: SseConnection[] = [];
  afterEach(async () => {
    for (const stream of streams) stream.close();
    streams = [];
    await running?.stop();
    running = null;
  });

  it.each([
    { instances: 3, label: `3 instances, ${WRITERS} writers round-robin` },
    { instances: 1, label: `1 instance, ${WRITERS} writers` },
  ])(
    '$label: every stream receives every event exactly once, in order',
    async ({ instances: count }) => {
      running = await startInstances(count);
      const { instances, query } = running;
      const latest = (await query<{ latest: number }>('SELECT COALESCE(MAX(seq), 0)::int AS latest FROM change_events'))[0]!.latest;
      streams = await Promise.all(instances.map((instance) => openSse(`${instance.baseUrl}/api/events?after=${latest}`)));
      for (const stream of streams) expect(stream.status).toBe(200);

      let next = 0;
      const failures: string[] = [];
      const writer = async () => {
        for (let n = next++; n < INCIDENTS; n = next++) {
          const { baseUrl } = instances[n % instances.length]!;
          const res = await fetch(`${baseUrl}/api/incidents`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(minimalIncident({ title: `concurrent write ${n}` })),
          });
          if (res.status !== 201) failures.push(`${res.status} ${await res.text()}`);
          else await res.arrayBuffer();
        }
      };
      await Promise.all(Array.from({ length: WRITERS }, writer));
      expect(failures).toEqual([]);

      const expected = (
        await query<{ seq: number }>('SELECT seq::int AS seq FROM change_events WHERE seq > $1 ORDER BY seq', [latest])
      ).map((row) => row.seq);
      expect(expected.length).toBe(INCIDENTS);
      const last = expected.at(-1)!;
      // The streams buffer what arrived meanwhile; each is read until it has passed the last event.
      const results = await Promise.all(streams.map((stream) => readUntil(stream, last)));

      const verdicts = results.map((received) => verdict(received, expected));
      const lost = verdicts.reduce((sum, v) => sum + v.missing.length, 0);
      const summary = verdicts.map((v, i) => ({ instance: i, ...v, missing: v.missing.length, received: results[i]!.seqs.length }));
      expect({ lost, perStream: summary }).toEqual({ lost: 0, perStream: summary.map((s) => ({ ...s, ...clean, missing: 0 })) });
      for (const [i, received] of results.entries()) {
        expect({ instance: i, ...verdicts[i]! }).toEqual({ instance: i, ...clean });
        expect(received.seqs).toEqual(expected);
      }
    },
    60_000,
  );

  it('wakes every instance at once by LISTEN/NOTIFY, also after its listening connection drops', async () => {
    // Polling once a minute: what arrives within seconds from another instance came by notification.
    running = await startInstances(2, { EVENTS_POLL_MS: '60000' });
    const [writer, reader] = running.instances as [Instance, Instance];
    const { query } = running;
    const latest = (await query<{ latest: number }>('SELECT COALESCE(MAX(seq), 0)::int AS latest FROM change_events'))[0]!.latest;
    const stream = await openSse(`${reader.baseUrl}/api/events?after=${latest}`);
    streams = [stream];
    const listeners = () =>
      query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1', [LISTENER]);
    const create = async (title: string) => {
      const res = await fetch(`${writer.baseUrl}/api/incidents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(minimalIncident({ title })),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    const arrives = async (id: string) => {
      const event = JSON.parse((await stream.next(3_000)).data) as { entity_id: string; action: string };
      expect(event).toMatchObject({ entity_id: id, action: 'created' });
    };

    await until(async () => (await listeners()).length === 1, 5_000, 'the reader listens');
    await arrives(await create('first'));

    // The connection drops; a write while it is down arrives once the listener is back.
    await query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1', [
      LISTENER,
    ]);
    await arrives(await create('while reconnecting'));
    await until(async () => (await listeners()).length === 1, 5_000, 'the reader listens again');
    await arrives(await create('after reconnecting'));
    expect(reader.output()).toMatch(/reconnecting/);
  }, 60_000);
});
