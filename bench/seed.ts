import { Database } from '../apps/api/src/database/sqlite-driver.js';
import {
  DEPLOYMENT_STATUSES,
  DEPLOYMENT_TYPES,
  ENVIRONMENT_TYPES,
  INCIDENT_STATUSES,
  INCIDENT_TYPES,
  SEVERITIES,
} from '../libs/domain/src/index.js';

/** Deterministic pseudo-random numbers, so every run measures the same data. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SERVICES = [
  'payment-api',
  'checkout-service',
  'user-service',
  'order-service',
  'search',
  'auth',
  'inventory',
  'notifications',
  'gateway',
  'billing',
];
const TAGS = ['api', 'db', 'network', 'payment', 'performance', 'security', 'customer-facing', 'batch', 'cache', 'k8s'];
const WORDS = [
  'latency',
  'spike',
  'errors',
  'timeout',
  'database',
  'connection',
  'pool',
  'exhausted',
  'memory',
  'leak',
  'disk',
  'full',
  'certificate',
  'expired',
  'queue',
  'backlog',
];

export interface SeedCounts {
  incidents: number;
  environments: number;
  deployments: number;
}

/**
 * Fills a database at `path` with a realistic mix of records; returns an incident id to read.
 * `migrate` creates the schema first: the build being measured runs its own migrations, so the seed
 * always matches the tables it reads.
 */
export async function seedDatabase(
  path: string,
  counts: SeedCounts,
  migrate: (path: string) => Promise<void>,
): Promise<{ sampleIncidentId: string; environmentNames: string[] }> {
  await migrate(path);

  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const random = rng(42);
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
  const some = (values: readonly string[], max: number) => [
    ...new Set(Array.from({ length: 1 + Math.floor(random() * max) }, () => pick(values))),
  ];
  const now = Date.parse('2026-11-01T00:00:00Z');
  const iso = (ms: number) => new Date(ms).toISOString();

  const insertEnvironment =
    db.prepare(`INSERT INTO environments (id, name, environment_type, description, url, status, tags, health_check_target,
    health_check_expected_status, health_check_timeout_ms, health_check_interval_seconds, health_check_slow_ms, health_check_enabled,
    deploy_hook_url, current_version, previous_version, revision, created_at, updated_at)
    VALUES (?, ?, ?, '', ?, 'active', '[]', '/health', 200, 5000, 30, 1000, 0, NULL, 'v1.0.0', NULL, 1, ?, ?)`);
  const insertDeployment =
    db.prepare(`INSERT INTO deployments (id, title, description, environment_id, version, deployment_type, status, status_rank,
    deployment_config, scheduled_at, rollback_version, previous_version, tags, notes, progress_percentage, progress_message, failure_reason,
    rollback_reason, rolled_back_to, revision, created_at, updated_at, started_at, completed_at)
    VALUES (?, ?, '', ?, ?, ?, ?, ?, '{"instances":3}', ?, NULL, NULL, '[]', '', NULL, NULL, NULL, NULL, NULL, 1, ?, ?, NULL, NULL)`);
  const insertIncident =
    db.prepare(`INSERT INTO incidents (id, title, description, severity, severity_rank, incident_type, status, status_rank,
    affected_services, tags, environment_id, deployment_id, commander, resolution_notes, root_cause, revision, created_at, updated_at, acknowledged_at, resolved_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, NULL, 1, ?, ?, ?, ?)`);
  const insertTimeline =
    db.prepare(`INSERT INTO timeline_entries (subject_type, subject_id, kind, source, actor, message, changes, data, created_at)
    VALUES ('incident', ?, ?, ?, ?, ?, ?, NULL, ?)`);

  const environmentIds: string[] = [];
  const environmentNames: string[] = [];
  let sampleIncidentId = '';
  db.transaction(() => {
    for (let i = 0; i < counts.environments; i++) {
      const id = `env-bench${String(i).padStart(7, '0')}`;
      const name = `env-${i}`;
      environmentIds.push(id);
      environmentNames.push(name);
      insertEnvironment.run(
        id,
        name,
        pick(ENVIRONMENT_TYPES),
        `http://127.0.0.1:9/${name}`,
        iso(now - 400 * 86_400_000),
        iso(now - 400 * 86_400_000),
      );
    }
    const running = new Set<string>();
    for (let i = 0; i < counts.deployments; i++) {
      let status = pick(DEPLOYMENT_STATUSES);
      const created = now - Math.floor(random() * 180 * 86_400_000);
      const environmentId = pick(environmentIds);
      // One deployment per environment is in progress (a partial unique index holds it).
      if (status === 'in_progress' && running.has(environmentId)) status = 'failed';
      if (status === 'in_progress') running.add(environmentId);
      insertDeployment.run(
        `dep-bench${String(i).padStart(7, '0')}`,
        `Release ${i}`,
        environmentId,
        `v1.${i}.0`,
        pick(DEPLOYMENT_TYPES),
        status,
        DEPLOYMENT_STATUSES.indexOf(status),
        iso(created),
        iso(created),
        iso(created),
      );
    }
    for (let i = 0; i < counts.incidents; i++) {
      const id = `inc-bench${String(i).padStart(7, '0')}`;
      // Most incidents are old and resolved; a realistic tail is still being worked on.
      const status = random() < 0.8 ? 'resolved' : pick(INCIDENT_STATUSES);
      const severity = random() < 0.1 ? 'critical' : pick(SEVERITIES);
      const created = now - Math.floor(random() * 180 * 86_400_000);
      const acknowledged = status === 'open' ? null : created + Math.floor(random() * 1_800_000);
      const resolved = status === 'resolved' ? acknowledged! + Math.floor(random() * 14_400_000) : null;
      const title = `${pick(SERVICES)} ${pick(WORDS)} ${pick(WORDS)} #${i}`;
      const description = Array.from({ length: 20 }, () => pick(WORDS)).join(' ');
      insertIncident.run(
        id,
        title,
        description,
        severity,
        SEVERITIES.indexOf(severity),
        pick(INCIDENT_TYPES),
        status,
        INCIDENT_STATUSES.indexOf(status),
        JSON.stringify(some(SERVICES, 3)),
        JSON.stringify(some(TAGS, 3)),
        random() < 0.9 ? pick(environmentIds) : null,
        random() < 0.5 ? 'oncall-bot' : null,
        resolved ? 'Mitigated and fixed' : null,
        iso(created),
        iso(resolved ?? acknowledged ?? created),
        acknowledged ? iso(acknowledged) : null,
        resolved ? iso(resolved) : null,
      );
      insertTimeline.run(id, 'created', 'rest', null, `Incident opened (${severity})`, null, iso(created));
      if (acknowledged)
        insertTimeline.run(
          id,
          'status_changed',
          'mcp',
          'claude',
          `Status open → investigating`,
          '{"status":{"from":"open","to":"investigating"}}',
          iso(acknowledged),
        );
      if (random() < 0.5)
        insertTimeline.run(
          id,
          'note',
          'dashboard',
          'kim',
          'Looking at the connection pool metrics',
          null,
          iso((acknowledged ?? created) + 60_000),
        );
      if (resolved)
        insertTimeline.run(
          id,
          'status_changed',
          'rest',
          null,
          `Status investigating → resolved`,
          '{"status":{"from":"investigating","to":"resolved"}}',
          iso(resolved),
        );
      if (i === Math.floor(counts.incidents / 2)) sampleIncidentId = id;
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  db.close();
  return { sampleIncidentId, environmentNames };
}
