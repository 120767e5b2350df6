import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * At most one deployment per environment is in progress (SPEC §11 "Deployments"), held by the
 * database itself: a partial unique index, which SQLite and PostgreSQL both have, refuses the
 * second of two executes that raced past the service's own check.
 *
 * Before it can exist, a database written by earlier versions may already hold several running
 * deployments of one environment. They are resolved, not left to fail the start:
 *
 * - Every running deployment first gets the version before it (previous_version) where it has
 *   none, from its environment's current_version: a running deployment has not replaced it yet,
 *   so that is the version it started from. It is the default rollback target from now on.
 * - Per environment, the deployment started last stays in progress: it is the one whose version
 *   the environment is being moved to, and the one its pipeline reports on most recently. Every
 *   earlier one is marked failed, with a failure_reason and a timeline entry that name the
 *   deployment kept, so nobody wonders what happened. Failed is a state it could reach anyway
 *   (its history stays; it can still be rolled back, now with a known target); completing or
 *   rolling back on its behalf would claim something nobody reported.
 *
 * A pipeline still reporting on a deployment failed here gets a clear 409 naming its status.
 */
const ONE_IN_PROGRESS_INDEX = 'idx_deployments_one_in_progress';

/** Frozen as of this migration: DEPLOYMENT_STATUSES.indexOf('failed'). */
const FAILED_RANK = 3;

interface Running {
  id: string;
  title: string;
  version: string;
  environment_id: string;
  revision: number | string;
}

export class OneDeploymentInProgress1764806400000 implements MigrationInterface {
  name = 'OneDeploymentInProgress1764806400000';

  async up(q: QueryRunner): Promise<void> {
    const run = async <T>(text: string, params: Record<string, unknown> = {}): Promise<T> => {
      const [sql, values] = q.connection.driver.escapeQueryWithParameters(text, params);
      return (await q.query(sql, values)) as T;
    };

    await run(
      `UPDATE deployments SET previous_version =
         (SELECT e.current_version FROM environments e WHERE e.id = deployments.environment_id)
       WHERE status = 'in_progress' AND previous_version IS NULL`,
    );

    const running = await run<Running[]>(
      `SELECT id, title, version, environment_id, revision FROM deployments WHERE status = 'in_progress'
       ORDER BY environment_id, COALESCE(started_at, created_at) DESC, id DESC`,
    );
    const kept = new Map<string, Running>();
    const now = new Date().toISOString();
    for (const d of running) {
      const newest = kept.get(d.environment_id);
      if (!newest) {
        kept.set(d.environment_id, d);
        continue;
      }
      const reason =
        `Marked failed on upgrade: deployment ${newest.id} "${newest.title}" (${newest.version}) of the same environment started later, ` +
        'and an environment now runs one deployment at a time. If this one still matters, roll it back or plan it again.';
      await run(
        `UPDATE deployments SET status = 'failed', status_rank = :rank, failure_reason = :reason, revision = :revision, updated_at = :now
         WHERE id = :id`,
        { rank: FAILED_RANK, reason, revision: Number(d.revision) + 1, now, id: d.id },
      );
      await run(
        `INSERT INTO timeline_entries (subject_type, subject_id, kind, source, actor, message, changes, data, created_at)
         VALUES ('deployment', :id, 'failed', 'system', NULL, :message, :changes, :data, :now)`,
        {
          id: d.id,
          message: `Failed: ${reason}`,
          changes: JSON.stringify({ status: { from: 'in_progress', to: 'failed' } }),
          data: JSON.stringify({ reason, kept_in_progress: newest.id }),
          now,
        },
      );
    }

    await q.query(`CREATE UNIQUE INDEX "${ONE_IN_PROGRESS_INDEX}" ON "deployments" ("environment_id") WHERE "status" = 'in_progress'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "${ONE_IN_PROGRESS_INDEX}"`);
  }
}
