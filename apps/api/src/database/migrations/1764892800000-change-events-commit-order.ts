import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * On PostgreSQL, `change_events.seq` is given in commit order, and every commit that adds events
 * wakes the listeners of every instance (SPEC §11 "Scale-out").
 *
 * Readers follow the log with `seq > last seen`. A sequence number taken at insert becomes visible
 * only at commit, so with concurrent writers a later number could commit first and a reader would
 * move past an earlier one that commits a moment later, and never see it. So a number is not final
 * until commit:
 *
 * - An insert gets a negative placeholder (from change_events_pending_seq), which no reader asks for.
 * - A deferred constraint trigger, which PostgreSQL runs as part of COMMIT, after everything else the
 *   transaction did, takes a transaction-scoped advisory lock and gives each of the transaction's
 *   events its number from the column's own sequence, in insert order. The lock is released only
 *   after the commit is visible, so a number is always taken after every smaller one has become
 *   visible or been rolled back: a reader that sees seq N sees every event below N it will ever see.
 *   Taken at commit, the lock is held only for the commit itself and never while the transaction
 *   still waits for a row lock, so it cannot deadlock with the writes' own locks, whatever a
 *   transaction does after recording its event.
 * - The same trigger sends NOTIFY workflow_change_events (delivered at commit; one per transaction,
 *   as equal notifications are merged), which each instance LISTENs to so its stream polls at once.
 *
 * SQLite has one writer at a time, so its numbers are in commit order already; nothing changes there.
 */
const FUNCTION = 'change_events_in_commit_order';
const TRIGGER = 'change_events_in_commit_order';
const PENDING_SEQUENCE = 'change_events_pending_seq';
/** 'WFCE', a one-key advisory lock: other advisory locks of this service use other keys or two keys, so none conflicts. */
const LOCK_KEY = 0x57464345;
/** Frozen as of this migration: CHANGE_EVENTS_CHANNEL in events/change-notifications.ts. */
const CHANNEL = 'workflow_change_events';

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

export class ChangeEventsCommitOrder1764892800000 implements MigrationInterface {
  name = 'ChangeEventsCommitOrder1764892800000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'postgres') return;
    const sequence = await this.serialSequence(q);
    await q.query(`CREATE SEQUENCE "${PENDING_SEQUENCE}" AS integer CYCLE`);
    await q.query(`ALTER TABLE "change_events" ALTER COLUMN "seq" SET DEFAULT -nextval(${literal(PENDING_SEQUENCE)})`);
    await q.query(`
      CREATE FUNCTION "${FUNCTION}"() RETURNS trigger LANGUAGE plpgsql AS $body$
      BEGIN
        PERFORM pg_advisory_xact_lock(${LOCK_KEY});
        IF NEW.seq < 0 THEN
          UPDATE change_events SET seq = nextval(${literal(sequence)}) WHERE seq = NEW.seq;
        END IF;
        PERFORM pg_notify(${literal(CHANNEL)}, '');
        RETURN NULL;
      END
      $body$`);
    await q.query(
      `CREATE CONSTRAINT TRIGGER "${TRIGGER}" AFTER INSERT ON "change_events" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "${FUNCTION}"()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'postgres') return;
    const sequence = await this.serialSequence(q);
    await q.query(`DROP TRIGGER "${TRIGGER}" ON "change_events"`);
    await q.query(`DROP FUNCTION "${FUNCTION}"()`);
    await q.query(`ALTER TABLE "change_events" ALTER COLUMN "seq" SET DEFAULT nextval(${literal(sequence)})`);
    await q.query(`DROP SEQUENCE "${PENDING_SEQUENCE}"`);
  }

  /** The sequence behind the serial `seq` column, as created by the initial schema. */
  private async serialSequence(q: QueryRunner): Promise<string> {
    const rows: Array<{ name: string | null }> = await q.query(`SELECT pg_get_serial_sequence('change_events', 'seq') AS name`);
    const name = rows[0]?.name;
    if (!name) throw new Error('change_events.seq has no sequence of its own');
    return name;
  }
}
