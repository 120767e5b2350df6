import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig, projectRoot } from './app-config.js';

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
      healthySampleMinutes: 10,
      failingSampleSeconds: 120,
      incidentDeploymentWindowMinutes: 30,
      dnsServers: [],
      // A quarter of the cores, 1 to 4: depends on the machine.
      checkThreads: expect.any(Number),
    });
    expect(loadConfig({}).health.checkThreads).toBeGreaterThanOrEqual(1);
    expect(loadConfig({ HEALTH_CHECKS_ENABLED: 'false' }).health.checksEnabled).toBe(false);
    expect(loadConfig({ HEALTH_CHECK_THREADS: '0' }).health.checkThreads).toBe(0);
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

describe('loadConfig with CONFIG_FILE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'workflow-mcp-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (error) {
      return (error as Error).message.split('\n');
    }
    return [];
  };

  it('reads settings from YAML, named as their environment variables, with lists and relative paths', () => {
    const path = file(
      'workflow.yaml',
      [
        'PORT: 4400',
        'PUBLIC_HOSTNAMES: [ops.example.com, ops.internal]',
        'DATABASE_PATH: data/ops.db',
        'MCP_READ_ONLY: true',
        'LOG_LEVEL: warn',
      ].join('\n'),
    );
    const config = loadConfig({ CONFIG_FILE: path });
    expect(config).toMatchObject({ port: 4400, logLevel: 'warn', mcp: { readOnly: true } });
    expect(config.http.publicNames).toEqual(['ops.example.com', 'ops.internal']);
    // Relative to the file, wherever the service is started from.
    expect(config.database).toEqual({ kind: 'sqlite', path: join(dir, 'data/ops.db') });
  });

  it('reads JSON too, and environment variables win over the file', () => {
    const path = file('workflow.json', JSON.stringify({ PORT: 4400, EVENTS_MAX_CONNECTIONS: 20, HEALTH_CHECKS_ENABLED: false }));
    const config = loadConfig({ CONFIG_FILE: path, PORT: '5500', HEALTH_CHECKS_ENABLED: '' });
    expect(config.port).toBe(5500);
    expect(config.eventStream.maxConnections).toBe(20);
    // An empty variable is unset: the file's value stands.
    expect(config.health.checksEnabled).toBe(false);
  });

  it('names every bad setting at once, one line each, and says which came from the file', () => {
    const path = file('bad.yaml', ['PORT: 99999', 'LOG_LEVEL: loud', 'EVENTS_MAX_CONECTIONS: 20', 'ALLOWED_ORIGINS: {a: 1}'].join('\n'));
    const lines = problems({ CONFIG_FILE: path, BODY_LIMIT_BYTES: '1' });
    expect(lines).toHaveLength(5);
    expect(lines).toEqual(
      expect.arrayContaining([
        `Invalid setting PORT: 99999 is outside 0..65535 (in ${path})`,
        `Invalid setting LOG_LEVEL: use one of error, warn, log, debug, verbose (in ${path})`,
        expect.stringMatching(/^Invalid setting BODY_LIMIT_BYTES: 1 is outside /),
        expect.stringMatching(/^Invalid setting EVENTS_MAX_CONECTIONS: not a setting this service reads .*check its spelling/),
        `Invalid setting ALLOWED_ORIGINS: must be a single value or a list of values (in ${path})`,
      ]),
    );
    expect(() => loadConfig({ CONFIG_FILE: path })).toThrow(ConfigError);
  });

  it('refuses a missing file, another format, or one that does not parse', () => {
    expect(problems({ CONFIG_FILE: join(dir, 'none.yaml') })).toEqual([
      `Invalid setting CONFIG_FILE: ${join(dir, 'none.yaml')} does not exist`,
    ]);
    expect(problems({ CONFIG_FILE: file('workflow.toml', 'PORT = 1') })[0]).toContain('must end in .yaml, .yml or .json');
    expect(problems({ CONFIG_FILE: file('broken.yaml', 'PORT: [1,') })[0]).toMatch(/^Invalid setting CONFIG_FILE: .* is not valid YAML: /);
    expect(problems({ CONFIG_FILE: file('list.json', '[1, 2]') })[0]).toContain('must hold settings as keys');
    expect(problems({ CONFIG_FILE: file('lower.yaml', 'port: 1') })[0]).toContain(
      'Invalid setting port: settings are written as their environment variable',
    );
  });
});
