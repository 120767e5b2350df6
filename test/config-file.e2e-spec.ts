import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBundleToExit, startBundle } from './support/bundle.js';

const onSqlite = process.env.TEST_POSTGRES_URL ? describe.skip : describe;

onSqlite('CONFIG_FILE, read by the built service', () => {
  it('starts with the settings of a YAML file, its paths taken from the file’s folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'workflow-mcp-config-'));
    writeFileSync(join(dir, 'workflow.yaml'), 'DATABASE_PATH: data/ops.db\nEVENTS_MAX_CONNECTIONS: 1\n');
    const service = await startBundle({ CONFIG_FILE: join(dir, 'workflow.yaml') });
    try {
      expect(service.output()).toContain(`(data: ${join(dir, 'data/ops.db')})`);
      const first = await fetch(`${service.baseUrl}/api/events`);
      expect(first.status).toBe(200);
      const second = await fetch(`${service.baseUrl}/api/events`);
      expect(second.status).toBe(503);
      await first.body?.cancel();
    } finally {
      service.child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 40_000);

  it('stops on a bad file with one line per bad setting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'workflow-mcp-config-'));
    const path = join(dir, 'workflow.yaml');
    writeFileSync(path, 'PORT: eighty\nLOG_LEVEL: loud\nHEALTH_CHECKS: false\n');
    try {
      const { code, output } = await runBundleToExit({ CONFIG_FILE: path, PORT: '' }, 20_000);
      expect(code).toBe(2);
      expect(output.trim().split('\n')).toEqual([
        `Invalid setting PORT: "eighty" is not a whole number (in ${path})`,
        `Invalid setting LOG_LEVEL: use one of error, warn, log, debug, verbose (in ${path})`,
        `Invalid setting HEALTH_CHECKS: not a setting this service reads with the others given; check its spelling (in ${path})`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
