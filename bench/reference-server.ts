import type { Statement } from 'better-sqlite3';
import { Database } from '../apps/api/src/database/sqlite-driver.js';
import Fastify from 'fastify';
import { randomBytes } from 'node:crypto';
import { INCIDENT_STATUSES, INCIDENT_TYPES, SEVERITIES } from '../libs/domain/src/index.js';

/**
 * The yardstick: bare Fastify and better-sqlite3 with prepared statements answering the same
 * queries on the same data, with none of the product's layers. The product is measured as a
 * share of what this does on the same machine in the same run.
 */

const SORT_SQL: Record<string, string> = {
  created_desc: 'created_at DESC, id DESC',
  severity: 'severity_rank ASC, created_at DESC, id DESC',
  status: 'status_rank ASC, created_at DESC, id DESC',
};

interface IncidentRow {
  [column: string]: unknown;
  affected_services: string;
  tags: string;
}

function incidentJson(row: IncidentRow) {
  const { severity_rank: _s, status_rank: _r, ...rest } = row;
  return { ...rest, affected_services: JSON.parse(row.affected_services) as string[], tags: JSON.parse(row.tags) as string[] };
}

export async function startReferenceServer(path: string): Promise<{ url: string; close: () => Promise<void> }> {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');

  const listStatements = new Map<string, { page: Statement; count: Statement }>();
  const listStatement = (filters: string[], sort: string) => {
    const key = `${filters.join(',')}|${sort}`;
    let statements = listStatements.get(key);
    if (!statements) {
      const where = filters.length ? `WHERE ${filters.map((f) => `${f} = @${f}`).join(' AND ')}` : '';
      statements = {
        page: db.prepare(`SELECT * FROM incidents ${where} ORDER BY ${SORT_SQL[sort]} LIMIT @limit`),
        count: db.prepare(`SELECT COUNT(*) AS n FROM incidents ${where}`),
      };
      listStatements.set(key, statements);
    }
    return statements;
  };
  const getIncident = db.prepare('SELECT * FROM incidents WHERE id = ?');
  const getTimeline = db.prepare(
    "SELECT * FROM timeline_entries WHERE subject_type = 'incident' AND subject_id = ? ORDER BY id DESC LIMIT 1000",
  );
  const insertIncident =
    db.prepare(`INSERT INTO incidents (id, title, description, severity, severity_rank, incident_type, status, status_rank,
    affected_services, tags, environment_id, deployment_id, commander, resolution_notes, root_cause, revision, created_at, updated_at, acknowledged_at, resolved_at)
    VALUES (@id, @title, @description, @severity, @severity_rank, @incident_type, @status, @status_rank, @affected_services, @tags, NULL, NULL, NULL, NULL, NULL, 1,
    @created_at, @created_at, NULL, NULL)`);
  const insertTimeline =
    db.prepare(`INSERT INTO timeline_entries (subject_type, subject_id, kind, source, actor, message, changes, data, created_at)
    VALUES ('incident', ?, 'created', 'rest', NULL, 'Incident opened', NULL, NULL, ?)`);
  const insertEvent = db.prepare(
    `INSERT INTO change_events (entity, entity_id, action, source, actor, occurred_at) VALUES ('incident', ?, 'created', 'rest', NULL, ?)`,
  );
  const create = db.transaction((row: Record<string, unknown>) => {
    insertIncident.run(row);
    insertTimeline.run(row.id, row.created_at);
    insertEvent.run(row.id, row.created_at);
  });
  const environments = db.prepare('SELECT id, name, status FROM environments ORDER BY name');

  const app = Fastify({ logger: false });
  app.get('/api/incidents', async (request) => {
    const query = request.query as Record<string, string>;
    // The same SQL the product runs: severity is matched by rank so the status index covers it.
    const filters = ['severity_rank', 'status', 'incident_type'].filter((f) => query[f === 'severity_rank' ? 'severity' : f] !== undefined);
    const params: Record<string, unknown> = Object.fromEntries(
      filters.map((f) => [f, f === 'severity_rank' ? SEVERITIES.indexOf(query.severity as never) : query[f]]),
    );
    const limit = Math.min(Number(query.limit ?? 50), 200);
    const statements = listStatement(filters, query.sort_by ?? 'created_desc');
    const rows = statements.page.all({ ...params, limit: limit + 1 }) as IncidentRow[];
    const total = (statements.count.get(params) as { n: number }).n;
    return {
      items: rows.slice(0, limit).map(incidentJson),
      total,
      limit,
      has_more: rows.length > limit,
      next_cursor: rows.length > limit ? 'x' : null,
    };
  });
  app.get('/api/incidents/:id', async (request, reply) => {
    const row = getIncident.get((request.params as { id: string }).id) as IncidentRow | undefined;
    if (!row) return reply.status(404).send({ statusCode: 404, error: 'not_found', message: 'No incident' });
    const timeline = (getTimeline.all(row.id) as Array<Record<string, unknown>>).reverse().map((t) => ({
      id: t.id,
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
    create(row);
    return reply.status(201).send({ ...row, affected_services: JSON.parse(row.affected_services), tags: JSON.parse(row.tags) });
  });
  app.get('/api/system-health', async () => {
    const rows = environments.all() as Array<{ id: string; name: string; status: string }>;
    const list = rows.map((e) => ({ environment_id: e.id, name: e.name, status: 'unknown', environment_status: e.status }));
    return {
      success: true,
      system_health: {
        summary: {
          total_environments: list.length,
          healthy_environments: 0,
          warning_environments: 0,
          critical_environments: 0,
          unknown_environments: list.length,
          last_check: null,
        },
        environments: list,
        recent_checks: [],
      },
    };
  });

  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    close: async () => {
      await app.close();
      db.close();
    },
  };
}
