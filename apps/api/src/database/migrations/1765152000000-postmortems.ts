import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex, type TableColumnOptions } from 'typeorm';
import { FOLLOW_UP_STATUSES } from '../../domain.js';

/**
 * Postmortems: one per incident, written after it is resolved, and their follow-up actions (kept in
 * a table of their own so open ones can be listed across incidents by status, owner and due date).
 * Deleting an incident deletes its postmortem. Schema builder only, so it runs on SQLite and
 * PostgreSQL alike.
 */

const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '32', isNullable: nullable });
const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const text = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });

export class Postmortems1765152000000 implements MigrationInterface {
  name = 'Postmortems1765152000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'postmortems',
        columns: [
          { ...str('id', 40), isPrimary: true },
          str('incident_id', 40),
          text('summary'),
          text('impact'),
          text('root_cause', true),
          text('contributing_factors'),
          text('timeline_excerpt'),
          { name: 'revision', type: 'integer' },
          time('created_at'),
          time('updated_at'),
          str('updated_by', 100, true),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['incident_id'],
            referencedTableName: 'incidents',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
        // One postmortem per incident, also when two first saves race.
        indices: [new TableIndex({ name: 'idx_postmortems_incident', columnNames: ['incident_id'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'postmortem_follow_ups',
        columns: [
          { ...str('id', 40), isPrimary: true },
          str('postmortem_id', 40),
          str('incident_id', 40),
          str('environment_id', 40, true),
          { name: 'position', type: 'integer' },
          str('title', 200),
          str('owner', 100),
          str('due_date', 10),
          str('status', 16),
          time('created_at'),
          time('updated_at'),
        ],
        checks: [{ name: 'chk_follow_up_status', expression: `"status" IN (${FOLLOW_UP_STATUSES.map((v) => `'${v}'`).join(', ')})` }],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['postmortem_id'],
            referencedTableName: 'postmortems',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
        indices: [
          // The list across incidents: by state, then due date.
          new TableIndex({ name: 'idx_follow_ups_status_due', columnNames: ['status', 'due_date', 'id'] }),
          new TableIndex({ name: 'idx_follow_ups_due', columnNames: ['due_date', 'id'] }),
          new TableIndex({ name: 'idx_follow_ups_postmortem', columnNames: ['postmortem_id', 'position'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('postmortem_follow_ups');
    await q.dropTable('postmortems');
  }
}
