import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('defaults to loopback, port 3301 and data/workflow.db', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3301, host: '127.0.0.1', accessToken: null, database: { kind: 'sqlite' } });
    expect(config.database.kind === 'sqlite' && config.database.path.endsWith('data/workflow.db')).toBe(true);
  });

  it.each([
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '-1' }, 'PORT'],
    [{ HOST: '0.0.0.0' }, 'ACCESS_TOKEN'],
    [{ ACCESS_TOKEN: 'short' }, 'ACCESS_TOKEN'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ BODY_LIMIT_BYTES: '1' }, 'BODY_LIMIT_BYTES'],
  ])('refuses %j naming %s', (env, setting) => {
    expect(() => loadConfig(env)).toThrow(`Invalid setting ${setting}`);
  });

  it('accepts a non-loopback host with a token, and PostgreSQL URLs', () => {
    expect(loadConfig({ HOST: '0.0.0.0', ACCESS_TOKEN: 'x'.repeat(16) }).accessToken).toBe('x'.repeat(16));
    expect(loadConfig({ DATABASE_URL: 'postgres://localhost/test' }).database).toEqual({ kind: 'postgres', url: 'postgres://localhost/test' });
  });
});
