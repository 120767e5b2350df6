import { Database } from '../apps/api/src/database/sqlite-driver.js';
import { createServer } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
import { INCIDENT_STATUSES, INCIDENT_TYPES, SEVERITIES } from '../libs/domain/src/index.js';

/** The MCP yardstick: the bare SDK, stateless Streamable HTTP, one list_incidents tool over prepared statements. */
export async function startReferenceMcp(path: string): Promise<{ url: string; close: () => Promise<void> }> {
  const db = new Database(path, { readonly: true });
  const page = db.prepare(
    'SELECT * FROM incidents WHERE severity_rank = @rank AND status = @status ORDER BY created_at DESC, id DESC LIMIT @limit',
  );
  const count = db.prepare('SELECT COUNT(*) AS n FROM incidents WHERE severity_rank = @rank AND status = @status');

  const build = () => {
    const server = new McpServer({ name: 'reference', version: '1.0.0' });
    server.registerTool(
      'list_incidents',
      {
        description: 'List incidents.',
        inputSchema: {
          severity: z.enum(SEVERITIES),
          status: z.enum(INCIDENT_STATUSES),
          incident_type: z.enum(INCIDENT_TYPES).optional(),
          limit: z.number().int().min(1).max(200).optional(),
        },
        outputSchema: { incidents: z.array(z.record(z.string(), z.unknown())), total: z.number(), has_more: z.boolean() },
      },
      async ({ severity, status, limit = 50 }) => {
        const rank = SEVERITIES.indexOf(severity);
        const rows = (page.all({ rank, status, limit: limit + 1 }) as Array<Record<string, unknown>>).map((r) => ({
          ...r,
          tags: JSON.parse(String(r.tags)),
          affected_services: JSON.parse(String(r.affected_services)),
        }));
        const data = {
          incidents: rows.slice(0, limit),
          total: (count.get({ rank, status }) as { n: number }).n,
          has_more: rows.length > limit,
        };
        return { content: [{ type: 'text', text: JSON.stringify(data) }], structuredContent: data };
      },
    );
    return server;
  };

  const http = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const server = build();
        const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
        res.on('close', () => {
          void transport.close();
          void server.close();
        });
        await server.connect(transport);
        await transport.handleRequest(req, res, JSON.parse(Buffer.concat(chunks).toString('utf8')));
      })();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    close: () =>
      new Promise((resolve) => {
        http.closeAllConnections();
        http.close(() => {
          db.close();
          resolve();
        });
      }),
  };
}
