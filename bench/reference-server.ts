import Fastify from 'fastify';
import { randomBytes } from 'node:crypto';
import { INCIDENT_STATUSES, INCIDENT_TYPES, SEVERITIES } from '../libs/domain/src/index.js';
import { openStore, SORT_KEYS, SORT_SQL, type Filter, type Row } from './reference-store.js';

/**
 * The yardstick: bare Fastify over the database driver, answering the product's paths with the same
 * rows in the same order from the same indexes, and doing only what a hand-written service must: no
 * count per page, no validation beyond what the query needs, no hooks. The product is measured as a
 * share of what this does on the same machine in the same run.
 */

function incidentJson(row: Row) {
  const { severity_rank: _s, status_rank: _r, ...rest } = row;
  return { ...rest, affected_services: JSON.parse(String(row.affected_services)), tags: JSON.parse(String(row.tags)) };
}

export async function startReferenceServer(database: string): Promise<{ url: string; close: () => Promise<void> }> {
  const store = openStore(database);
  const app = Fastify({ logger: false });

  app.get('/api/incidents', async (request) => {
    const query = request.query as Record<string, string | undefined>;
    const sort = query.sort_by && SORT_SQL[query.sort_by] ? query.sort_by : 'created_desc';
    const filters: Filter[] = [];
    // Severity and status by rank, as the product matches them, so both use the same index.
    if (query.severity) filters.push({ column: 'severity_rank', value: SEVERITIES.indexOf(query.severity as never) });
    if (query.status) filters.push({ column: 'status_rank', value: INCIDENT_STATUSES.indexOf(query.status as never) });
    if (query.environment_id) filters.push({ column: 'environment_id', value: query.environment_id });
    const limit = Math.min(Number(query.limit ?? 50), 200);
    const rows = await store.list(filters, sort, limit + 1);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    const more = rows.length > limit && last !== undefined;
    return {
      items: items.map(incidentJson),
      limit,
      has_more: more,
      next_cursor: more ? Buffer.from(JSON.stringify(SORT_KEYS[sort]!.map((k) => last[k]))).toString('base64url') : null,
    };
  });

  app.get('/api/incidents/:id', async (request, reply) => {
    const id = (request.params as { id: string }).id;
    const row = await store.get(id);
    if (!row) return reply.status(404).send({ statusCode: 404, error: 'not_found', message: 'No incident' });
    const timeline = (await store.timeline(id)).reverse().map((t) => ({
      id: Number(t.id),
      kind: t.kind,
      source: t.source,
      actor: t.actor,
      message: t.message,
      created_at: t.created_at,
      changes: t.changes ? JSON.parse(String(t.changes)) : null,
      data: t.data ? JSON.parse(String(t.data)) : null,
    }));
    return { ...incidentJson(row), timeline };
  });

  app.post('/api/incidents', async (request, reply) => {
    const body = request.body as Record<string, unknown>;
    if (
      typeof body?.title !== 'string' ||
      !SEVERITIES.includes(body.severity as never) ||
      !INCIDENT_TYPES.includes(body.incident_type as never)
    ) {
      return reply.status(400).send({ statusCode: 400, error: 'validation_failed', message: 'bad input' });
    }
    const now = new Date().toISOString();
    const row = {
      id: `inc-${randomBytes(9).toString('base64url')}`,
      title: body.title,
      description: String(body.description ?? ''),
      severity: body.severity,
      severity_rank: SEVERITIES.indexOf(body.severity as never),
      incident_type: body.incident_type,
      status: 'open',
      status_rank: INCIDENT_STATUSES.indexOf('open'),
      affected_services: JSON.stringify(body.affected_services ?? []),
      tags: JSON.stringify(body.tags ?? []),
      created_at: now,
    };
    await store.create(row);
    return reply.status(201).send({ ...row, affected_services: JSON.parse(row.affected_services), tags: JSON.parse(row.tags) });
  });

  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}
