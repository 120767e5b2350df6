import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, projectRoot } from './app-config.js';

describe('loadConfig', () => {
  it('defaults to loopback, port 3301 and data/workflow.db', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3301, host: '127.0.0.1', accessToken: null, database: { kind: 'sqlite' } });
    // Relative to the installation, not the working directory, so the stdio server started by an MCP client finds the same file.
    expect(config.database).toEqual({ kind: 'sqlite', path: resolve(projectRoot(), 'data/workflow.db') });
    expect(existsSync(resolve(projectRoot(), 'apps/api/src/main.ts'))).toBe(true);
  });

  it.each([
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '-1' }, 'PORT'],
    [{ ADMIN_USERNAME: 'alice' }, 'ADMIN_PASSWORD'],
    [{ ADMIN_USERNAME: 'alice', ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
    [{ SESSION_COOKIE_SECURE: 'maybe' }, 'SESSION_COOKIE_SECURE'],
    [{ ACCESS_TOKEN: 'short' }, 'ACCESS_TOKEN'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ BODY_LIMIT_BYTES: '1' }, 'BODY_LIMIT_BYTES'],
    [{ HEALTH_CHECKS_ENABLED: 'maybe' }, 'HEALTH_CHECKS_ENABLED'],
    [{ HEALTH_MAX_CONCURRENT_CHECKS: '0' }, 'HEALTH_MAX_CONCURRENT_CHECKS'],
    [{ HEALTH_RAW_RETENTION_DAYS: '30', HEALTH_AGGREGATE_RETENTION_DAYS: '7' }, 'HEALTH_AGGREGATE_RETENTION_DAYS'],
  ])('refuses %j naming %s', (env, setting) => {
    expect(() => loadConfig(env)).toThrow(`Invalid setting ${setting}`);
  });

  it('checks health on schedule by default, keeping raw results 7 days and hourly aggregates 90', () => {
    expect(loadConfig({}).health).toEqual({
      checksEnabled: true,
      maxConcurrentChecks: 50,
      rawRetentionDays: 7,
      aggregateRetentionDays: 90,
      incidentDeploymentWindowMinutes: 30,
    });
    expect(loadConfig({ HEALTH_CHECKS_ENABLED: 'false' }).health.checksEnabled).toBe(false);
  });

  it('accepts a non-loopback host with a token, and PostgreSQL URLs', () => {
    expect(loadConfig({ HOST: '0.0.0.0', ACCESS_TOKEN: 'x'.repeat(16) }).accessToken).toBe('x'.repeat(16));
    // Without a token, another address is allowed only in team mode, which start-up checks against the database.
    expect(loadConfig({ HOST: '0.0.0.0' }).auth.teamModeRequired).toBe(true);
    expect(loadConfig({ HOST: '0.0.0.0', ACCESS_TOKEN: 'x'.repeat(16) }).auth.teamModeRequired).toBe(false);
    expect(loadConfig({ ADMIN_USERNAME: 'Alice', ADMIN_PASSWORD: 'a long enough pw' }).auth.firstAdmin).toEqual({
      username: 'alice',
      password: 'a long enough pw',
    });
    expect(loadConfig({ DATABASE_URL: 'postgres://localhost/test' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://localhost/test',
      poolSize: 10,
    });
    expect(loadConfig({ DATABASE_URL: 'postgres://localhost/test', DATABASE_POOL_SIZE: '25' }).database).toMatchObject({ poolSize: 25 });
    expect(() => loadConfig({ DATABASE_URL: 'postgres://localhost/test', DATABASE_POOL_SIZE: '0' })).toThrow('DATABASE_POOL_SIZE');
  });
});
