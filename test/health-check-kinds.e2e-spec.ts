import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { DataSource } from 'typeorm';
import { loadConfig } from '../apps/api/src/config/app-config.js';
import { dataSourceOptions } from '../apps/api/src/database/data-source-options.js';
import { MIGRATIONS } from '../apps/api/src/database/migrations/index.js';
import {
  CheckKinds1765411200000,
  OLD_ERROR_KINDS,
  allowErrorKinds,
} from '../apps/api/src/database/migrations/1765411200000-check-kinds.js';
import { startBundle } from './support/bundle.js';
import { DETAILED, connectInProcess, type McpSession } from './support/mcp.js';
import { listenOnLoopback } from './support/loopback.js';
import { databaseEnv, startService, tempDatabasePath, type RunningService } from './support/service.js';

const DAY_MS = 86_400_000;

// ---- certificates, made with the openssl command line for each run ---------------------------------

interface KeyPair {
  key: string;
  cert: string;
}

const SAN = 'subjectAltName=DNS:localhost,IP:127.0.0.1';

/** A self-signed certificate for localhost valid from now for `days` days. */
function freshCertificate(dir: string, name: string, days: number): KeyPair {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      String(days),
      '-subj',
      '/CN=localhost',
      '-addext',
      SAN,
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
}

/** A self-signed certificate whose validity ended long ago (openssl ca takes explicit dates). */
function expiredCertificate(dir: string): KeyPair {
  const ca = join(dir, 'ca');
  mkdirSync(ca, { recursive: true });
  writeFileSync(join(ca, 'index.txt'), '');
  writeFileSync(join(ca, 'serial'), '01\n');
  const config = join(dir, 'ca.cnf');
  writeFileSync(
    config,
    [
      '[ca]',
      'default_ca = d',
      '[d]',
      `database = ${ca}/index.txt`,
      `new_certs_dir = ${ca}`,
      `serial = ${ca}/serial`,
      'default_md = sha256',
      'policy = p',
      'unique_subject = no',
      'copy_extensions = copy',
      '[p]',
      'commonName = supplied',
      '[ext]',
      SAN.replace('=', ' = '),
    ].join('\n'),
  );
  const key = join(dir, 'expired.key');
  const csr = join(dir, 'expired.csr');
  const cert = join(dir, 'expired.crt');
  execFileSync(
    'openssl',
    [
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      csr,
      '-subj',
      '/CN=localhost',
    ],
    { stdio: 'ignore' },
  );
  execFileSync(
    'openssl',
    [
      'ca',
      '-batch',
      '-config',
      config,
      '-selfsign',
      '-keyfile',
      key,
      '-in',
      csr,
      '-out',
      cert,
      '-startdate',
      '20200101000000Z',
      '-enddate',
      '20200201000000Z',
      '-extensions',
      'ext',
      '-notext',
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
}

// ---- a DNS server on 127.0.0.1 (UDP), answering from a table ------------------------------------------

const TYPES: Record<number, string> = { 1: 'A', 28: 'AAAA', 16: 'TXT', 15: 'MX', 5: 'CNAME', 2: 'NS' };

interface DnsRecords {
  A?: string[];
  TXT?: string[];
  delayMs?: number;
}

/** Answers A and TXT from `zone`; other types of a known name: no records; unknown names: NXDOMAIN. */
async function startDnsServer(
  zone: Record<string, DnsRecords>,
): Promise<{ server: string; queries: string[]; close: () => Promise<void> }> {
  const socket: UdpSocket = createSocket('udp4');
  const queries: string[] = [];
  socket.on('message', (query, peer) => {
    let offset = 12;
    const labels: string[] = [];
    while (query[offset]! > 0) {
      labels.push(query.subarray(offset + 1, offset + 1 + query[offset]!).toString('ascii'));
      offset += query[offset]! + 1;
    }
    const questionEnd = offset + 5;
    const name = labels.join('.').toLowerCase();
    const type = TYPES[query.readUInt16BE(offset + 1)] ?? 'OTHER';
    queries.push(`${type} ${name}`);
    const records = zone[name];
    const answers: Buffer[] = [];
    if (records && type === 'A') {
      for (const ip of records.A ?? []) answers.push(Buffer.from(ip.split('.').map(Number)));
    }
    if (records && type === 'TXT') {
      for (const text of records.TXT ?? []) answers.push(Buffer.concat([Buffer.from([text.length]), Buffer.from(text)]));
    }
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2);
    header.writeUInt16BE(0x8180 | (records ? 0 : 3), 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    const body = answers.map((rdata) => {
      const rr = Buffer.alloc(12);
      rr.writeUInt16BE(0xc00c, 0);
      rr.writeUInt16BE(query.readUInt16BE(offset + 1), 2);
      rr.writeUInt16BE(1, 4);
      rr.writeUInt32BE(60, 6);
      rr.writeUInt16BE(rdata.length, 10);
      return Buffer.concat([rr, rdata]);
    });
    const reply = Buffer.concat([header, query.subarray(12, questionEnd), ...body]);
    setTimeout(() => socket.send(reply, peer.port, peer.address), records?.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  return { server: `127.0.0.1:${port}`, queries, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
}

// ---- small servers ---------------------------------------------------------------------------------

async function listen(server: TcpServer | TlsServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const sockets = new WeakMap<object, Set<{ destroy(): unknown }>>();

/** Keeps the connections a server accepts, so closing it can end them instead of waiting for them. */
function tracked<S extends TcpServer | TlsServer | HttpServer>(server: S): S {
  const open = new Set<{ destroy(): unknown; once(event: 'close', listener: () => void): unknown }>();
  sockets.set(server, open);
  server.on('connection', (socket: { destroy(): unknown; once(event: 'close', listener: () => void): unknown }) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  return server;
}

const close = (server: TcpServer | TlsServer | HttpServer) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    for (const socket of sockets.get(server) ?? []) socket.destroy();
  });

function tlsServer(pair: KeyPair): TlsServer {
  const server = createTlsServer(pair, (socket) => socket.end());
  server.on('tlsClientError', () => undefined);
  return tracked(server);
}

/** An HTTP service whose health endpoints answer with bodies to judge. */
function bodyServer(): HttpServer {
  const server = createHttpServer((req, res) => {
    const send = (type: string, body: string) => void res.writeHead(200, { 'content-type': type }).end(body);
    if (req.url === '/json') {
      return send(
        'application/json',
        JSON.stringify({
          status: 'ok',
          checks: { db: { healthy: false }, cache: { healthy: true } },
          latency_ms: 12,
          nodes: [{ up: true }],
        }),
      );
    }
    if (req.url === '/text') return send('text/plain', 'all systems operational');
    if (req.url === '/error') return send('text/plain', 'ERROR: database unreachable');
    // The keyword is past the first 64 KiB: a bounded read never sees it.
    if (req.url === '/big') return send('text/plain', `${'x'.repeat(200 * 1024)}needle`);
    return void res.writeHead(404).end();
  });
  return tracked(server);
}

// ---- the suite ---------------------------------------------------------------------------------------

describe('health check kinds: tcp, tls, dns and HTTP body conditions against real local servers', () => {
  let svc: RunningService;
  let mcp: McpSession;
  let dir: string;
  let dns: Awaited<ReturnType<typeof startDnsServer>>;
  let tcpPort: number;
  let closedPort: number;
  const servers: Array<TcpServer | TlsServer | HttpServer> = [];
  const tlsPorts: Record<'expiring' | 'lasting' | 'expired', number> = { expiring: 0, lasting: 0, expired: 0 };
  let httpUrl: string;
  let expiringCert: KeyPair;

  const create = async (name: string, health_check: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const res = await svc.call('POST', '/api/environments', { name, environment_type: 'staging', health_check, ...extra });
    expect([name, res.status, res.body.message]).toEqual([name, 201, undefined]);
    return res.body;
  };
  const checkNow = async (id: string) => {
    const res = await svc.call('POST', `/api/environments/${id}/check`);
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kinds-certs-'));
    expiringCert = freshCertificate(dir, 'expiring', 3);
    const pairs = { expiring: expiringCert, lasting: freshCertificate(dir, 'lasting', 400), expired: expiredCertificate(dir) };
    for (const which of ['expiring', 'lasting', 'expired'] as const) {
      const server = tlsServer(pairs[which]);
      servers.push(server);
      tlsPorts[which] = await listen(server);
    }
    const tcp = tracked(createTcpServer((socket) => socket.end()));
    servers.push(tcp);
    tcpPort = await listen(tcp);
    const closed = createTcpServer();
    closedPort = await listen(closed);
    await close(closed);
    const http = bodyServer();
    servers.push(http);
    httpUrl = await listenOnLoopback(http);
    dns = await startDnsServer({
      'app.kinds.test': { A: ['10.1.2.3', '10.1.2.4'], TXT: ['v=ok; build=42'] },
      'slow.kinds.test': { A: ['10.1.2.9'], delayMs: 300 },
    });
    svc = await startService({ env: { DNS_SERVERS: dns.server } });
    mcp = await connectInProcess(svc);
  });

  afterAll(async () => {
    await mcp?.close();
    await svc?.close();
    await dns?.close();
    for (const server of servers) await close(server);
    rmSync(dir, { recursive: true, force: true });
  });

  describe('tcp', () => {
    it('is healthy when the port accepts, with the connect time as the response time', async () => {
      const env = await create('tcp-open', { kind: 'tcp', target: `127.0.0.1:${tcpPort}` });
      expect(env.health_check).toMatchObject({ kind: 'tcp', target: `127.0.0.1:${tcpPort}`, enabled: true });
      const check = await checkNow(env.id);
      expect(check).toMatchObject({ status: 'healthy', status_code: null, error_kind: null, url: `tcp://127.0.0.1:${tcpPort}` });
      expect(check.response_time_ms).toBeGreaterThanOrEqual(0);
      expect(check.response_time_ms).toBeLessThan(1_000);
    });

    it('is critical when refused, and when the host does not resolve', async () => {
      const refused = await create('tcp-closed', { kind: 'tcp', target: `tcp://127.0.0.1:${closedPort}` });
      expect(await checkNow(refused.id)).toMatchObject({ status: 'critical', error_kind: 'refused', response_time_ms: null });
      const unknown = await create('tcp-nowhere', { kind: 'tcp', target: 'no-such-host.invalid:5432', timeout_ms: 3_000 });
      const check = await checkNow(unknown.id);
      expect(check.status).toBe('critical');
      expect(['dns', 'timeout']).toContain(check.error_kind);
    });
  });

  describe('tls', () => {
    it('warns about a certificate that expires within the warning window, with the date and days left', async () => {
      const env = await create('tls-expiring', { kind: 'tls', target: `localhost:${tlsPorts.expiring}`, tls_allow_untrusted: true });
      expect(env.health_check).toMatchObject({ tls_expiry_warning_days: 14, tls_allow_untrusted: true });
      const check = await checkNow(env.id);
      const expiry = new Date(Date.now() + 3 * DAY_MS).toISOString().slice(0, 10);
      expect(check).toMatchObject({ status: 'warning', error_kind: 'certificate_expiring', url: `tls://localhost:${tlsPorts.expiring}` });
      expect(check.error_message).toMatch(/certificate expires \d{4}-\d{2}-\d{2}T\S+, 2 days left \(warning below 14\)/);
      expect(check.error_message).toContain(expiry.slice(0, 8));
    });

    it('is healthy with a certificate far from expiry, and still says when it expires', async () => {
      const env = await create('tls-lasting', { kind: 'tls', target: `tls://127.0.0.1:${tlsPorts.lasting}`, tls_allow_untrusted: true });
      const check = await checkNow(env.id);
      expect(check).toMatchObject({ status: 'healthy', error_kind: null });
      expect(check.error_message).toMatch(/certificate valid until \S+, 399 days left/);
      // A shorter warning window than the days left is what keeps it healthy; a longer one warns.
      await svc.call('PATCH', `/api/environments/${env.id}`, { health_check: { tls_expiry_warning_days: 365 } });
      expect((await checkNow(env.id)).status).toBe('healthy');
    });

    it('refuses a self-signed certificate by default, saying how to accept it', async () => {
      const env = await create('tls-untrusted', { kind: 'tls', target: `localhost:${tlsPorts.lasting}` });
      const check = await checkNow(env.id);
      expect(check).toMatchObject({ status: 'critical', error_kind: 'certificate_untrusted' });
      expect(check.error_message).toContain('self-signed');
      expect(check.error_message).toContain('tls_allow_untrusted');
    });

    it('is critical on an expired certificate, even when untrusted ones are allowed', async () => {
      const env = await create('tls-expired', { kind: 'tls', target: `localhost:${tlsPorts.expired}`, tls_allow_untrusted: true });
      const check = await checkNow(env.id);
      expect(check).toMatchObject({ status: 'critical', error_kind: 'certificate_expired' });
      expect(check.error_message).toContain('certificate expired on 2020-02-01');
    });

    it('is critical when there is no TLS handshake to be had (a plain TCP service)', async () => {
      const env = await create('tls-plain', { kind: 'tls', target: `127.0.0.1:${tcpPort}`, timeout_ms: 2_000 });
      const check = await checkNow(env.id);
      expect(check).toMatchObject({ status: 'critical', error_kind: 'tls' });
    });
  });

  describe('dns', () => {
    it('is healthy when the name resolves, asking the configured DNS server', async () => {
      const env = await create('dns-ok', { kind: 'dns', target: 'app.kinds.test', dns_expected: '10.1.2.4' });
      const check = await checkNow(env.id);
      expect(check).toMatchObject({ status: 'healthy', error_kind: null, url: 'dns://app.kinds.test' });
      expect(dns.queries).toContain('A app.kinds.test');
    });

    it('warns when the answer lacks the expected value, naming what came back', async () => {
      const env = await create('dns-moved', { kind: 'dns', target: 'app.kinds.test', dns_expected: '10.9.9.9' });
      const check = await checkNow(env.id);
      expect(check).toMatchObject({ status: 'warning', error_kind: 'dns_answer' });
      expect(check.error_message).toBe('app.kinds.test answered 10.1.2.3, 10.1.2.4, none of which contains 10.9.9.9');
    });

    it('asks for one record type when told to', async () => {
      const env = await create('dns-txt', { kind: 'dns', target: 'app.kinds.test', dns_record_type: 'TXT', dns_expected: 'v=ok' });
      expect(await checkNow(env.id)).toMatchObject({ status: 'healthy', url: 'dns://app.kinds.test?type=TXT' });
      expect(dns.queries).toContain('TXT app.kinds.test');
    });

    it('is critical on NXDOMAIN, and a warning when slower than the threshold', async () => {
      const missing = await create('dns-missing', { kind: 'dns', target: 'gone.kinds.test' });
      const check = await checkNow(missing.id);
      expect(check).toMatchObject({ status: 'critical', error_kind: 'dns' });
      expect(check.error_message).toContain('NXDOMAIN');
      const slow = await create('dns-slow', { kind: 'dns', target: 'slow.kinds.test', slow_threshold_ms: 100 });
      const slowCheck = await checkNow(slow.id);
      expect(slowCheck).toMatchObject({ status: 'warning', error_kind: null });
      expect(slowCheck.response_time_ms).toBeGreaterThanOrEqual(280);
    });
  });

  describe('http body conditions', () => {
    const http = (name: string, target: string, settings: Record<string, unknown>) =>
      create(name, { target, ...settings }, { url: httpUrl });

    it('judges a keyword that must, or must not, appear', async () => {
      expect((await checkNow((await http('kw-ok', '/text', { body_keyword: 'operational' })).id)).status).toBe('healthy');
      const missing = await checkNow((await http('kw-missing', '/text', { body_keyword: 'degraded-free' })).id);
      expect(missing).toMatchObject({
        status: 'critical',
        status_code: 200,
        error_kind: 'body_condition',
        error_message: 'body does not contain "degraded-free"',
      });
      const present = await checkNow((await http('kw-absent', '/error', { body_keyword: 'ERROR', body_keyword_absent: true })).id);
      expect(present).toMatchObject({
        status: 'critical',
        error_kind: 'body_condition',
        error_message: 'body contains "ERROR", which must not appear',
      });
    });

    it('reads only the start of a long body', async () => {
      const check = await checkNow((await http('kw-big', '/big', { body_keyword: 'needle' })).id);
      expect(check).toMatchObject({
        status: 'critical',
        error_kind: 'body_condition',
        error_message: 'body does not contain "needle" (in the first 64 KiB read)',
      });
    });

    it('judges a JSON-path condition, saying what the path held', async () => {
      expect((await checkNow((await http('json-ok', '/json', { body_json_condition: '$.status == "ok"' })).id)).status).toBe('healthy');
      expect((await checkNow((await http('json-num', '/json', { body_json_condition: '$.latency_ms < 100' })).id)).status).toBe('healthy');
      expect((await checkNow((await http('json-idx', '/json', { body_json_condition: '$.nodes[0].up == true' })).id)).status).toBe(
        'healthy',
      );
      const db = await checkNow((await http('json-db', '/json', { body_json_condition: '$.checks.db.healthy == true' })).id);
      expect(db).toMatchObject({
        status: 'critical',
        error_kind: 'body_condition',
        error_message: '$.checks.db.healthy == true is false: $.checks.db.healthy is false',
      });
      const text = await checkNow((await http('json-text', '/text', { body_json_condition: '$.status == "ok"' })).id);
      expect(text.error_message).toBe('body is not JSON, so $.status == "ok" cannot be judged');
    });
  });

  describe('settings that do not fit their kind are refused at save time, naming the field', () => {
    const refused = async (body: Record<string, unknown>, field: string, words: string) => {
      const res = await svc.call('POST', '/api/environments', { name: 'refused-env', environment_type: 'staging', ...body });
      expect(res.status).toBe(400);
      expect(res.body.fields).toEqual(
        expect.arrayContaining([expect.objectContaining({ field, messages: [expect.stringContaining(words)] })]),
      );
    };

    it.each([
      [{ health_check: { kind: 'tcp' } }, 'health_check.target', 'a tcp check needs a target'],
      [{ health_check: { kind: 'tcp', target: 'db.internal' } }, 'health_check.target', 'needs a port'],
      [{ health_check: { kind: 'dns', target: 'https://api.example.com/health' } }, 'health_check.target', 'must be a host name'],
      [{ health_check: { kind: 'dns', target: 'a.example.com', body_keyword: 'ok' } }, 'health_check.body_keyword', 'http checks only'],
      [
        { url: 'http://127.0.0.1:1', health_check: { body_json_condition: '$.items[*].ok == true' } },
        'health_check.body_json_condition',
        'could not read',
      ],
      [
        { url: 'http://127.0.0.1:1', health_check: { body_json_condition: '$.count > "5"' } },
        'health_check.body_json_condition',
        'needs a number',
      ],
      [{ url: 'http://127.0.0.1:1', health_check: { target: 'db.internal:5432' } }, 'health_check.target', 'must be a path'],
      [{ health_check: { kind: 'ftp', target: 'a:1' } }, 'health_check.kind', 'must be one of: http, tcp, tls, dns'],
      [
        { health_check: { kind: 'tls', target: 'a.example', tls_expiry_warning_days: 0 } },
        'health_check.tls_expiry_warning_days',
        'at least 1',
      ],
    ])('%j', async (body, field, words) => {
      await refused(body, field, words);
    });

    it("judges an update against the settings it leaves in place, and a change of kind drops the old kind's settings", async () => {
      const env = await create('switching', { target: '/json', body_keyword: 'ok' }, { url: httpUrl });
      const bad = await svc.call('PATCH', `/api/environments/${env.id}`, { health_check: { kind: 'tcp' } });
      expect(bad.status).toBe(400);
      expect(bad.body.fields).toEqual([{ field: 'health_check.target', messages: [expect.stringContaining('must be host:port')] }]);
      const tcp = await svc.call('PATCH', `/api/environments/${env.id}`, { health_check: { kind: 'tcp', target: `127.0.0.1:${tcpPort}` } });
      expect(tcp.status).toBe(200);
      expect(tcp.body.health_check).toMatchObject({ kind: 'tcp', body_keyword: null, target: `127.0.0.1:${tcpPort}` });
      // The kind stays when only the target changes.
      const moved = await svc.call('PATCH', `/api/environments/${env.id}`, { health_check: { target: `127.0.0.1:${closedPort}` } });
      expect(moved.body.health_check.kind).toBe('tcp');
      expect(await checkNow(env.id)).toMatchObject({ status: 'critical', error_kind: 'refused' });
      const wrong = await svc.call('PATCH', `/api/environments/${env.id}`, { health_check: { dns_expected: '10.0.0.1' } });
      expect(wrong.body.fields).toEqual([{ field: 'health_check.dns_expected', messages: ['applies to dns checks only; set it to null'] }]);
    });
  });

  describe('over MCP', () => {
    it('creates, checks and updates checks of each kind with the same rules', async () => {
      const created = await mcp.ok('create_environment', {
        name: 'mcp-dns',
        environment_type: 'production',
        health_check: { kind: 'dns', target: 'app.kinds.test', dns_expected: '10.1.2.3' },
      });
      expect(created.health_check).toMatchObject({ kind: 'dns', dns_expected: '10.1.2.3', dns_record_type: null });
      expect(await mcp.ok('check_environment_now', { environment_id: 'mcp-dns' })).toMatchObject({
        status: 'healthy',
        url: 'dns://app.kinds.test',
      });

      const updated = await mcp.ok('update_environment', {
        environment_id: 'mcp-dns',
        updates: { health_check: { kind: 'tls', target: `localhost:${tlsPorts.expiring}`, tls_allow_untrusted: true } },
      });
      expect(updated.health_check).toMatchObject({ kind: 'tls', dns_expected: null, tls_allow_untrusted: true });
      expect(await mcp.ok('check_environment_now', { environment_id: 'mcp-dns' })).toMatchObject({
        status: 'warning',
        error_kind: 'certificate_expiring',
      });
      const detailed = await mcp.ok('get_environment', { environment_id: 'mcp-dns', ...DETAILED });
      expect(detailed.health_check.kind).toBe('tls');

      const text = await mcp.fail('update_environment', {
        environment_id: 'mcp-dns',
        updates: { health_check: { kind: 'http', body_json_condition: '$.status = "ok"' } },
      });
      expect(text).toContain('health_check.body_json_condition');
      expect(text).toContain('one of == != < <= > >=');
      const noPort = await mcp.fail('create_environment', {
        name: 'mcp-tcp',
        environment_type: 'testing',
        health_check: { kind: 'tcp', target: 'db' },
      });
      expect(noPort).toContain('health_check.target');
      expect(noPort).toContain('needs a port');
    });

    it("lists the new settings in the tools' schemas", async () => {
      const { tools } = await mcp.client.listTools();
      const create = tools.find((t) => t.name === 'create_environment')!;
      const healthCheck = (create.inputSchema.properties as Record<string, { properties: Record<string, { enum?: string[] }> }>)
        .health_check!;
      expect(healthCheck.properties.kind!.enum).toEqual(['http', 'tcp', 'tls', 'dns']);
      expect(Object.keys(healthCheck.properties)).toEqual(
        expect.arrayContaining([
          'body_keyword',
          'body_json_condition',
          'tls_expiry_warning_days',
          'tls_allow_untrusted',
          'dns_record_type',
          'dns_expected',
        ]),
      );
    });
  });
});

describe('upgrading a database made before check kinds', () => {
  it('keeps existing environments as HTTP checks and stores results with the new error kinds', async () => {
    const db = tempDatabasePath();
    try {
      const config = loadConfig({ ...(await databaseEnv(db.path)), PORT: '0', HOST: '127.0.0.1' });
      const before = new DataSource({
        ...dataSourceOptions(config.database),
        entities: [],
        migrations: MIGRATIONS.slice(0, MIGRATIONS.indexOf(CheckKinds1765411200000)),
        migrationsRun: false,
      } as never);
      await before.initialize();
      await before.runMigrations();
      const now = new Date().toISOString();
      await before.query(
        `INSERT INTO "environments" ("id", "name", "environment_type", "description", "url", "status", "tags", "health_check_target",
          "health_check_expected_status", "health_check_timeout_ms", "health_check_interval_seconds", "health_check_slow_ms",
          "health_check_enabled", "revision", "created_at", "updated_at")
         VALUES ('env-old', 'old-env', 'staging', '', 'http://127.0.0.1:1', 'active', '[]', '/health', 200, 5000, 30, 1000, true, 1, '${now}', '${now}')`,
      );
      await before.query(
        `INSERT INTO "health_checks" ("environment_id", "status", "status_code", "response_time_ms", "error_kind", "error_message", "url", "trigger", "checked_at")
         VALUES ('env-old', 'critical', NULL, NULL, 'refused', 'connection refused', 'http://127.0.0.1:1/health', 'scheduled', '${now}')`,
      );
      // A database made before the vocabulary grew allows only the first error kinds.
      const runner = before.createQueryRunner();
      await allowErrorKinds(runner, OLD_ERROR_KINDS);
      await runner.release();
      await expect(
        before.query(
          `INSERT INTO "health_checks" ("environment_id", "status", "error_kind", "url", "trigger", "checked_at")
           VALUES ('env-old', 'critical', 'certificate_untrusted', 'tls://x:1', 'manual', '${now}')`,
        ),
      ).rejects.toThrow(/check/i);
      await before.destroy();

      const certDir = mkdtempSync(join(tmpdir(), 'kinds-upgrade-'));
      const server = tlsServer(freshCertificate(certDir, 'upgrade', 30));
      const port = await listen(server);
      const svc = await startService({ dbPath: db.path });
      try {
        const old = await svc.call('GET', '/api/environments/old-env');
        expect(old.body.health_check).toMatchObject({ kind: 'http', target: '/health', body_keyword: null, tls_expiry_warning_days: 14 });
        const res = await svc.call('PATCH', '/api/environments/old-env', { health_check: { kind: 'tls', target: `localhost:${port}` } });
        expect(res.status).toBe(200);
        const check = await svc.call('POST', '/api/environments/old-env/check');
        expect(check.body).toMatchObject({ status: 'critical', error_kind: 'certificate_untrusted' });
        const stored = await svc.call('GET', '/api/environments/old-env/checks');
        expect(stored.body.items.map((c: { error_kind: string }) => c.error_kind)).toEqual(['certificate_untrusted', 'refused']);
      } finally {
        await svc.close();
        await close(server);
        rmSync(certDir, { recursive: true, force: true });
      }
    } finally {
      db.cleanup();
    }
  });
});

describe('the built service runs checks in a thread of its own', () => {
  it('checks every kind from the check thread, and ends it on shutdown', async () => {
    const db = tempDatabasePath();
    const dns = await startDnsServer({ 'bundle.kinds.test': { A: ['10.7.7.7'] } });
    const tcp = tracked(createTcpServer((socket) => socket.end()));
    const tcpPort = await listen(tcp);
    const http = bodyServer();
    const httpUrl = await listenOnLoopback(http);
    const bundle = await startBundle({ ...(await databaseEnv(db.path)), DNS_SERVERS: dns.server });
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${bundle.baseUrl}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    try {
      const made = [
        { name: 'b-tcp', environment_type: 'staging', health_check: { kind: 'tcp', target: `127.0.0.1:${tcpPort}` } },
        {
          name: 'b-dns',
          environment_type: 'staging',
          health_check: { kind: 'dns', target: 'bundle.kinds.test', dns_expected: '10.7.7.7' },
        },
        {
          name: 'b-json',
          environment_type: 'staging',
          url: httpUrl,
          health_check: { target: '/json', body_json_condition: '$.latency_ms == 12' },
        },
      ];
      for (const env of made) expect((await call('POST', '/api/environments', env)).status).toBe(201);
      for (const name of ['b-tcp', 'b-dns', 'b-json']) {
        const check = await call('POST', `/api/environments/${name}/check`);
        expect([name, check.status, check.body.status, check.body.error_message]).toEqual([name, 200, 'healthy', null]);
        expect(check.body.response_time_ms).toBeLessThan(1_000);
      }
      expect(bundle.output()).toContain('Health checks run in 1 thread(s) of their own');
      expect(dns.queries).toContain('A bundle.kinds.test');
    } finally {
      // Nest closes the application on SIGTERM (the check thread with it), then ends by the same signal.
      const started = Date.now();
      const exited = new Promise<NodeJS.Signals | null>((resolve) => bundle.child.once('exit', (_, signal) => resolve(signal)));
      bundle.child.kill('SIGTERM');
      expect(await exited).toBe('SIGTERM');
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(bundle.output()).not.toMatch(/thread failed|thread stopped|ERROR/);
      await dns.close();
      await close(tcp);
      await close(http);
      db.cleanup();
    }
  });
});
