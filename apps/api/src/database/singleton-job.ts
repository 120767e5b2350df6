import type { DataSource } from 'typeorm';

/** First key of every advisory lock this service takes for "one instance at a time" work ('WFSJ'). */
export const SINGLETON_JOB_LOCK_NAMESPACE = 0x5746534a;

/** A stable 32-bit signed key for a job name (FNV-1a), the second key of its advisory lock. */
export function lockKey(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/**
 * Runs `work` on one instance at a time among the processes sharing a PostgreSQL database: a
 * connection of its own takes a session-level `pg_try_advisory_lock` for the job and keeps it
 * while the work runs (in transactions of its own; no transaction is held open meanwhile); another
 * instance finding the lock taken skips its run and gets `null`. The lock is released when the work
 * ends, or with the session if the process dies. On SQLite (one process runs periodic jobs) the
 * work simply runs.
 */
export async function runSingletonJob<T>(dataSource: DataSource, job: string, work: () => Promise<T>): Promise<T | null> {
  if (dataSource.options.type !== 'postgres') return work();
  const runner = dataSource.createQueryRunner();
  const key = [SINGLETON_JOB_LOCK_NAMESPACE, lockKey(job)];
  try {
    const rows: Array<{ acquired: boolean }> = await runner.query('SELECT pg_try_advisory_lock($1, $2) AS acquired', key);
    if (!rows[0]?.acquired) return null;
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1, $2)', key).catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}
