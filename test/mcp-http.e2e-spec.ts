import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ACCESS_TOKEN, PROD_ENV, WRONG_ACCESS_TOKEN, guideIncident, guideOutageIncident, prodEnvironment } from './support/fixtures.js';
import { INITIALIZE_REQUEST, session, type McpSession } from './support/mcp.js';
import { startService, type RunningService } from './support/service.js';

async function connectHttp(svc: RunningService, headers: Record<string, string> = {}): Promise<McpSession> {
  const transport = new StreamableHTTPClientTransport(new URL(`${svc.baseUrl}/mcp`), { requestInit: { headers } });
  const client = new Client({ name: 'claude-code', version: '1.0.0' });
  await client.connect(transport);
  return session(client, () => client.close());
}

/**
 * A POST the SDK client would never send (a browser page's Origin, a rebinding Host): raw, with
 * node:http so that Host and Origin go out exactly as given.
 */
function rawPost(svc: RunningService, body: unknown, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  const { port } = new URL(svc.baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/mcp',
        method: 'POST',
        headers: {
          host: `127.0.0.1:${port}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...headers,
        },
        timeout: 10_000,
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer from /mcp within 10 s')));
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const createIncidentCall = {
  jsonrpc: '2.0',
  id: 2,
  method: 'tools/call',
  params: { name: 'create_incident', arguments: { title: 'planted by a web page', severity: 'critical', incident_type: 'security' } },
};

describe('MCP over Streamable HTTP at /mcp', () => {
  let svc: RunningService;
  beforeAll(async () => {
    svc = await startService({ env: { MCP_ALLOWED_ORIGINS: 'https://ops.example.com' } });
  });
  afterAll(async () => svc?.close());

  it('serves the tools to the SDK client, and records who called through X-Actor', async () => {
    const mcp = await connectHttp(svc, { 'x-actor': 'kim' });
    try {
      expect(mcp.client.getServerVersion()?.name).toBe('workflow-mcp');
      const { tools } = await mcp.client.listTools();
      expect(tools).toHaveLength(29);

      const environment = await mcp.ok('create_environment', prodEnvironment());
      const { title, severity, incident_type } = guideIncident();
      const incident = await mcp.ok('create_incident', { title, severity, incident_type, environment_id: PROD_ENV });
      expect(incident.environment_id).toBe(environment.id);
      const overRest = await svc.call('GET', `/api/incidents/${incident.id}`);
      expect(overRest.body).toEqual(incident);
      expect(overRest.body.timeline[0]).toMatchObject({ kind: 'created', source: 'mcp', actor: 'kim' });

      const health = await mcp.ok('get_system_health', { environment_id: PROD_ENV, include_details: true });
      expect(health.system_health.summary.total_environments).toBe(1);
      expect(await mcp.fail('get_incident', { incident_id: 'inc-missing' })).toContain('No incident with id "inc-missing"');
    } finally {
      await mcp.close();
    }
  });

  it('refuses a foreign Origin with 403 before anything runs, and lets configured and loopback origins in', async () => {
    const before = (await svc.call('GET', '/api/incidents')).body.total;
    const refused = await rawPost(svc, createIncidentCall, { origin: 'https://evil.example' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('Origin https://evil.example may not call');
    expect((await svc.call('GET', '/api/incidents')).body.total).toBe(before);

    expect((await rawPost(svc, INITIALIZE_REQUEST, { origin: 'null' })).status).toBe(403);
    for (const origin of ['https://ops.example.com', 'http://localhost:4200']) {
      const allowed = await rawPost(svc, INITIALIZE_REQUEST, { origin });
      expect([origin, allowed.status]).toEqual([origin, 200]);
      expect(allowed.body.result.serverInfo.name).toBe('workflow-mcp');
    }
  });

  it('refuses a Host that is not this loopback address (DNS rebinding) with 403', async () => {
    const before = (await svc.call('GET', '/api/incidents')).body.total;
    const refused = await rawPost(svc, createIncidentCall, { host: 'evil.example' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('connect to http://localhost:');
    expect((await svc.call('GET', '/api/incidents')).body.total).toBe(before);
    const port = new URL(svc.baseUrl).port;
    expect((await rawPost(svc, INITIALIZE_REQUEST, { host: `localhost:${port}` })).status).toBe(200);
  });

  it('answers GET and DELETE with 405: the endpoint is stateless', async () => {
    for (const method of ['GET', 'DELETE']) {
      const res = await fetch(`${svc.baseUrl}/mcp`, { method, headers: { accept: 'text/event-stream' } });
      expect([method, res.status, res.headers.get('allow')]).toEqual([method, 405, 'POST']);
      await res.body?.cancel();
    }
  });
});

describe('MCP over Streamable HTTP with an access token', () => {
  const token = ACCESS_TOKEN;
  let svc: RunningService;
  beforeAll(async () => {
    svc = await startService({ env: { ACCESS_TOKEN: token } });
  });
  afterAll(async () => svc?.close());

  it('refuses a client without the token, or with a wrong one, with 401', async () => {
    await expect(connectHttp(svc)).rejects.toMatchObject({ code: 401 });
    await expect(connectHttp(svc, { authorization: `Bearer ${WRONG_ACCESS_TOKEN}` })).rejects.toMatchObject({ code: 401 });
    const raw = await rawPost(svc, createIncidentCall, {});
    expect(raw.status).toBe(401);
    expect(raw.body.message).toContain('Authorization: Bearer');
    expect((await svc.call('GET', '/api/incidents', undefined, { authorization: `Bearer ${token}` })).body.total).toBe(0);
  });

  it('serves a client that sends the token', async () => {
    const mcp = await connectHttp(svc, { Authorization: `Bearer ${token}` });
    try {
      expect((await mcp.client.listTools()).tools).toHaveLength(29);
      const incident = await mcp.ok('create_incident', guideOutageIncident());
      const overRest = await svc.call('GET', `/api/incidents/${incident.id}`, undefined, { authorization: `Bearer ${token}` });
      expect(overRest.body).toEqual(incident);
    } finally {
      await mcp.close();
    }
    // The token does not make a foreign page welcome.
    expect((await rawPost(svc, createIncidentCall, { authorization: `Bearer ${token}`, origin: 'https://evil.example' })).status).toBe(403);
  });
});
