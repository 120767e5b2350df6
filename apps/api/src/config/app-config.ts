import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConfigFile } from './config-file.js';
import { DEFAULT_MCP_TOOLSETS, LIMITS, MCP_TOOLSETS, parseMcpToolsets, type McpToolset } from '../domain.js';

/** Settings read once at boot; a bad value stops start-up with a message naming the setting. */
export interface AppConfig {
  port: number;
  host: string;
  database: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; poolSize: number };
  accessToken: string | null;
  bodyLimitBytes: number;
  http: {
    /** Host names besides the loopback ones this service answers to (the names a reverse proxy forwards). */
    publicNames: string[];
    /** Browser origins besides loopback ones allowed to call the API, the event stream and /mcp. */
    allowedOrigins: string[];
    /** A request (headers and body) must arrive within this many milliseconds. */
    requestTimeoutMs: number;
    /** JSON bodies may nest at most this deep. */
    bodyMaxDepth: number;
  };
  eventsPollMs: number;
  eventStream: {
    /** At most this many open event streams; more are refused with 503 and a Retry-After. */
    maxConnections: number;
    /** A comment line this often keeps proxies from closing an idle stream. */
    heartbeatSeconds: number;
    /** A client whose socket has not drained for this long is disconnected (it reconnects and resumes). */
    stalledClientSeconds: number;
    /** Change-log entries older than this are deleted; a client resuming from before them is told to reload. */
    retentionDays: number;
  };
  dashboardDir: string;
  logLevel: LogLevel;
  /** json: one JSON object a line, for log collectors; pretty: readable in a terminal. */
  logFormat: LogFormat;
  notifications: {
    /** The dashboard's address as people reach it; messages link to its pages. */
    publicUrl: string;
    /** Send queued notifications from this process (off in the stdio server unless asked). */
    deliveryEnabled: boolean;
    /** Attempts before a delivery is given up as dead. */
    maxAttempts: number;
    /** Each outbound request is abandoned after this long. */
    timeoutMs: number;
    /** How often the outbox is looked at when nothing wakes it. */
    pollMs: number;
    /** Wait before the first retry; it doubles with each attempt (with jitter), up to an hour. */
    retryBaseMs: number;
    /** Delivered and dead deliveries are deleted after this many days. */
    retentionDays: number;
  };
  health: {
    /** Run checks on schedule and prune old results in this process. */
    checksEnabled: boolean;
    /** At most this many scheduled checks in flight at once. */
    maxConcurrentChecks: number;
    /** Stored checks are kept this long; hourly aggregates (which count every check) this long. */
    rawRetentionDays: number;
    aggregateRetentionDays: number;
    /** A healthy scheduled check is stored when the environment's latest stored check is at least this old. */
    healthySampleMinutes: number;
    /** The same for a failing (warning or critical) one whose status did not change; 0 stores every one. */
    failingSampleSeconds: number;
    /** A deployment that completed this shortly before an outage began makes its incident a `deployment` incident. */
    incidentDeploymentWindowMinutes: number;
    /** DNS servers (ip or ip:port) that dns health checks ask; empty: the system's resolvers. */
    dnsServers: string[];
    /** Threads that run health checks, so their timing is not the service thread's queueing; 0 runs them on the service thread. */
    checkThreads: number;
  };
  auth: {
    /**
     * Bound to an address other machines reach, without ACCESS_TOKEN: the service starts only in
     * team mode (users exist, or the first admin is created from ADMIN_USERNAME/ADMIN_PASSWORD).
     */
    teamModeRequired: boolean;
    /** The first admin, created at start when no user exists yet. */
    firstAdmin: { username: string; password: string } | null;
    /** A dashboard session ends after this many hours without use. */
    sessionHours: number;
    /** After this many failed sign-ins for one name within the window, sign-in waits. */
    signInLimit: { maxFailures: number; windowMinutes: number };
    /** Mark the session cookie Secure: `auto` when the request came over TLS. */
    cookieSecure: 'auto' | 'always' | 'never';
  };
  mcp: {
    /** Register only the tools that change nothing. */
    readOnly: boolean;
    /** The toolsets a connection gets unless it asks for others (MCP_TOOLSETS). */
    toolsets: McpToolset[];
  };
}

export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    problem: string,
  ) {
    super(`Invalid setting ${setting}: ${problem}`);
    this.name = 'ConfigError';
  }
}

/** Every bad setting at once, one line each, so one restart fixes them all. */
export class ConfigErrors extends ConfigError {
  constructor(readonly problems: ConfigError[]) {
    super(problems[0]!.setting, '');
    this.message = problems.map((problem) => problem.message).join('\n');
    this.name = 'ConfigErrors';
  }
}

export const APP_CONFIG = Symbol('APP_CONFIG');

const MIN_TOKEN_LENGTH = 16;

/**
 * The installation's own folder. Default paths hang off it rather than the working
 * directory, because MCP clients start the stdio server from wherever they run, and it
 * must still find the same database as the HTTP service.
 */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = resolve(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'workflow-mcp') return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `"${raw}" is not a whole number`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `${value} is outside ${min}..${max}`);
  return value;
}

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(name, `"${env[name]}" is not true or false`);
}

function mcpToolsets(env: NodeJS.ProcessEnv): McpToolset[] {
  const raw = env.MCP_TOOLSETS?.trim();
  if (!raw) return [...DEFAULT_MCP_TOOLSETS];
  const { toolsets, unknown } = parseMcpToolsets(raw);
  if (unknown.length > 0 || toolsets.length === 0)
    throw new ConfigError(
      'MCP_TOOLSETS',
      `${unknown.length ? `unknown toolset(s) ${unknown.map((u) => `"${u}"`).join(', ')}` : 'no toolset named'}; use a comma-separated list of ${MCP_TOOLSETS.join(', ')}, or all`,
    );
  return toolsets;
}

function hostNames(env: NodeJS.ProcessEnv, name: string): string[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  return raw.split(',').map((value) => {
    const hostname = value.trim().toLowerCase();
    if (!/^[a-z0-9.-]+$/.test(hostname) && isIP(hostname) === 0) {
      throw new ConfigError(name, `"${value.trim()}" is not a host name such as ops.example.com (no scheme, port or path)`);
    }
    return hostname;
  });
}

function origins(env: NodeJS.ProcessEnv, name: string): string[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  return raw.split(',').map((origin) => {
    const value = origin.trim();
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      throw new ConfigError(name, `"${value}" is not an origin such as https://ops.example.com`);
    }
    if (parsed.origin !== value.replace(/\/$/, '')) throw new ConfigError(name, `"${value}" is not an origin (scheme, host and port only)`);
    return parsed.origin;
  });
}

export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1';
  return false;
}

function healthSettings(env: NodeJS.ProcessEnv): AppConfig['health'] {
  const rawRetentionDays = integer(env, 'HEALTH_RAW_RETENTION_DAYS', 7, 1, 365);
  const aggregateRetentionDays = integer(env, 'HEALTH_AGGREGATE_RETENTION_DAYS', 90, 1, 3_650);
  if (aggregateRetentionDays < rawRetentionDays) {
    throw new ConfigError(
      'HEALTH_AGGREGATE_RETENTION_DAYS',
      `${aggregateRetentionDays} is shorter than HEALTH_RAW_RETENTION_DAYS (${rawRetentionDays}); aggregates must outlive the raw results`,
    );
  }
  return {
    checksEnabled: boolean(env, 'HEALTH_CHECKS_ENABLED', true),
    maxConcurrentChecks: integer(env, 'HEALTH_MAX_CONCURRENT_CHECKS', 50, 1, 10_000),
    rawRetentionDays,
    aggregateRetentionDays,
    healthySampleMinutes: integer(env, 'HEALTH_HEALTHY_SAMPLE_MINUTES', 10, 0, 1_440),
    failingSampleSeconds: integer(env, 'HEALTH_FAILING_SAMPLE_SECONDS', 120, 0, 86_400),
    incidentDeploymentWindowMinutes: integer(env, 'HEALTH_INCIDENT_DEPLOYMENT_WINDOW_MINUTES', 30, 0, 10_080),
    dnsServers: dnsServers(env, 'DNS_SERVERS'),
    // One thread waits on thousands of checks; more only pay off on large machines.
    checkThreads: integer(env, 'HEALTH_CHECK_THREADS', Math.max(1, Math.min(4, Math.floor(availableParallelism() / 4))), 0, 16),
  };
}

/** `10.0.0.2, 10.0.0.3:5353, [fd00::53]:53`: the servers node:dns's Resolver is given as they are. */
function dnsServers(env: NodeJS.ProcessEnv, name: string): string[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  return raw.split(',').map((value) => {
    const server = value.trim();
    const match = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+))(?::(\d{1,5}))?$|^([0-9a-fA-F:]+)$/.exec(server);
    const ip = match ? (match[1] ?? match[2] ?? match[4]) : undefined;
    const port = match?.[3] === undefined ? 53 : Number(match[3]);
    if (!ip || isIP(ip) === 0 || port < 1 || port > 65_535) {
      throw new ConfigError(name, `"${server}" is not a DNS server address such as 10.0.0.2, 10.0.0.2:5353 or [fd00::53]:53`);
    }
    return server;
  });
}

function authSettings(env: NodeJS.ProcessEnv, teamModeRequired: boolean): AppConfig['auth'] {
  const username = env.ADMIN_USERNAME?.trim() ?? '';
  const password = env.ADMIN_PASSWORD ?? '';
  if ((username === '') !== (password === '')) {
    throw new ConfigError(username ? 'ADMIN_PASSWORD' : 'ADMIN_USERNAME', 'set ADMIN_USERNAME and ADMIN_PASSWORD together (or neither)');
  }
  if (username && !/^[A-Za-z0-9._-]{1,64}$/.test(username)) {
    throw new ConfigError('ADMIN_USERNAME', `"${username}" may hold only letters, digits, dot, dash and underscore (at most 64)`);
  }
  if (password && (password.length < LIMITS.passwordMin || password.length > LIMITS.passwordMax)) {
    throw new ConfigError('ADMIN_PASSWORD', `must be ${LIMITS.passwordMin} to ${LIMITS.passwordMax} characters`);
  }
  const cookieSecure = (env.SESSION_COOKIE_SECURE?.trim().toLowerCase() || 'auto') as AppConfig['auth']['cookieSecure'];
  if (!['auto', 'always', 'never'].includes(cookieSecure)) throw new ConfigError('SESSION_COOKIE_SECURE', 'use auto, always or never');
  return {
    teamModeRequired,
    firstAdmin: username ? { username: username.toLowerCase(), password } : null,
    sessionHours: integer(env, 'SESSION_HOURS', 12, 1, 24 * 90),
    signInLimit: {
      maxFailures: integer(env, 'SIGN_IN_MAX_FAILURES', 5, 1, 1_000),
      windowMinutes: integer(env, 'SIGN_IN_WINDOW_MINUTES', 15, 1, 1_440),
    },
    cookieSecure,
  };
}

function notificationSettings(env: NodeJS.ProcessEnv, port: number): AppConfig['notifications'] {
  const raw = env.PUBLIC_URL?.trim();
  let publicUrl = `http://localhost:${port}`;
  if (raw) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(raw);
    } catch {
      parsed = null;
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol)) {
      throw new ConfigError('PUBLIC_URL', `"${raw}" is not an http(s) URL such as https://ops.example.com`);
    }
    publicUrl = raw.replace(/\/+$/, '');
  }
  return {
    publicUrl,
    deliveryEnabled: boolean(env, 'NOTIFICATIONS_DELIVERY_ENABLED', true),
    maxAttempts: integer(env, 'NOTIFICATIONS_MAX_ATTEMPTS', 8, 1, 50),
    timeoutMs: integer(env, 'NOTIFICATIONS_TIMEOUT_MS', 10_000, 100, 120_000),
    pollMs: integer(env, 'NOTIFICATIONS_POLL_MS', 1_000, 50, 60_000),
    retryBaseMs: integer(env, 'NOTIFICATIONS_RETRY_BASE_MS', 10_000, 10, 3_600_000),
    retentionDays: integer(env, 'NOTIFICATIONS_RETENTION_DAYS', 30, 1, 3_650),
  };
}

/**
 * Reads the settings: environment variables, and the optional CONFIG_FILE (YAML or JSON) beneath
 * them (a variable that is set wins over the file). Every bad setting is reported, one line each; a
 * setting in the file that nothing reads (a misspelling) is reported too.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const file = env.CONFIG_FILE?.trim() ? readConfigFile(env.CONFIG_FILE.trim()) : null;
  const problems = (file?.problems ?? []).map(({ setting, problem }) => new ConfigError(setting, problem));
  const given: Record<string, string | undefined> = { ...file?.values };
  for (const [name, value] of Object.entries(env)) if (value !== undefined && value.trim() !== '') given[name] = value;
  // A bad value is reported and left out, and the settings read again: the next bad one is found too.
  const read = new Set<string>();
  const watched = new Proxy(given, {
    get: (target, name) => {
      if (typeof name === 'string') read.add(name);
      return target[name as string];
    },
  });
  for (;;) {
    try {
      const config = buildConfig(watched);
      for (const setting of Object.keys(file?.values ?? {})) {
        if (!read.has(setting))
          problems.push(
            new ConfigError(setting, `not a setting this service reads with the others given; check its spelling (in ${file!.path})`),
          );
      }
      if (problems.length > 0) throw new ConfigErrors(problems);
      return config;
    } catch (error) {
      if (!(error instanceof ConfigError) || error instanceof ConfigErrors) throw error;
      const fromFile = file !== null && !env[error.setting]?.trim() && file.values[error.setting] !== undefined;
      problems.push(
        fromFile ? new ConfigError(error.setting, `${error.message.replace(/^Invalid setting \S+: /, '')} (in ${file.path})`) : error,
      );
      // A problem no single value causes (e.g. a token the chosen HOST requires) ends the search.
      if (given[error.setting] === undefined) throw new ConfigErrors(problems);
      delete given[error.setting];
    }
  }
}

function buildConfig(env: NodeJS.ProcessEnv): AppConfig {
  const port = integer(env, 'PORT', 3301, 0, 65_535);
  const host = (env.HOST ?? '127.0.0.1').trim();
  if (host === '' || (isIP(host) === 0 && !/^[a-z0-9.-]+$/i.test(host))) {
    throw new ConfigError('HOST', `"${host}" is not an IP address or host name`);
  }

  const token = env.ACCESS_TOKEN?.trim() || null;
  if (token !== null && token.length < MIN_TOKEN_LENGTH) {
    throw new ConfigError('ACCESS_TOKEN', `must be at least ${MIN_TOKEN_LENGTH} characters`);
  }

  const url = env.DATABASE_URL?.trim();
  let database: AppConfig['database'];
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new ConfigError('DATABASE_URL', 'only postgres:// URLs are supported; leave it unset for the embedded SQLite file');
    }
    database = { kind: 'postgres', url, poolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1, 1_000) };
  } else {
    const path = env.DATABASE_PATH?.trim();
    database = { kind: 'sqlite', path: path === ':memory:' ? path : path ? resolve(path) : resolve(projectRoot(), 'data/workflow.db') };
  }

  const logLevel = (env.LOG_LEVEL?.trim() || 'log') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `use one of ${LOG_LEVELS.join(', ')}`);
  // Readable by default only where a person watches: a terminal, outside production.
  const logFormat = (env.LOG_FORMAT?.trim() || (env.NODE_ENV !== 'production' && process.stdout.isTTY ? 'pretty' : 'json')) as LogFormat;
  if (!LOG_FORMATS.includes(logFormat)) throw new ConfigError('LOG_FORMAT', `use json or pretty, not "${logFormat}"`);

  return {
    port,
    host,
    database,
    accessToken: token,
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1_048_576, 1_024, 104_857_600),
    http: {
      publicNames: hostNames(env, 'PUBLIC_HOSTNAMES'),
      // MCP_ALLOWED_ORIGINS is the older name of the same setting, when it covered /mcp only.
      allowedOrigins: [...new Set([...origins(env, 'ALLOWED_ORIGINS'), ...origins(env, 'MCP_ALLOWED_ORIGINS')])],
      requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', 30_000, 1_000, 600_000),
      bodyMaxDepth: integer(env, 'BODY_MAX_DEPTH', 32, 2, 1_000),
    },
    eventsPollMs: integer(env, 'EVENTS_POLL_MS', 500, 50, 60_000),
    eventStream: {
      maxConnections: integer(env, 'EVENTS_MAX_CONNECTIONS', 100, 1, 100_000),
      heartbeatSeconds: integer(env, 'EVENTS_HEARTBEAT_SECONDS', 15, 1, 3_600),
      stalledClientSeconds: integer(env, 'EVENTS_STALLED_CLIENT_SECONDS', 30, 1, 3_600),
      retentionDays: integer(env, 'EVENTS_RETENTION_DAYS', 30, 1, 3_650),
    },
    dashboardDir: env.DASHBOARD_DIR?.trim() ? resolve(env.DASHBOARD_DIR.trim()) : resolve(projectRoot(), 'dist/dashboard/browser'),
    logLevel,
    logFormat,
    notifications: notificationSettings(env, port),
    health: healthSettings(env),
    auth: authSettings(env, !isLoopback(host) && token === null),
    mcp: { readOnly: boolean(env, 'MCP_READ_ONLY', false), toolsets: mcpToolsets(env) },
  };
}
