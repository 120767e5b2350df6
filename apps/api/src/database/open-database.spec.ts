import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataSourceOptions } from './data-source-options.js';
import { NewerSchemaError, openDatabase } from './open-database.js';

describe('openDatabase', () => {
  it('migrates a new database, opens it again, and refuses one a newer release migrated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'workflow-mcp-schema-'));
    const options = dataSourceOptions({ kind: 'sqlite', path: join(dir, 'workflow.db') });
    try {
      const first = await openDatabase(options);
      const applied = (await first.query('SELECT COUNT(*) AS n FROM migrations')) as Array<{ n: number }>;
      expect(applied[0]!.n).toBe(first.migrations.length);
      await first.destroy();

      const again = await openDatabase(options);
      await again.query("INSERT INTO migrations (timestamp, name) VALUES (1999999999999, 'FromTheFuture1999999999999')");
      await again.destroy();

      const refused = openDatabase(options);
      await expect(refused).rejects.toThrow(NewerSchemaError);
      await expect(refused).rejects.toThrow(/newer release .*FromTheFuture1999999999999.*downgrades are not supported/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
