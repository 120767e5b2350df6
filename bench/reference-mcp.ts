import { createServer } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
import { INCIDENT_STATUSES, INCIDENT_TYPES, SEVERITIES } from '../libs/domain/src/index.js';
import { openStore, type Filter } from './reference-store.js';

/**
 * The MCP yardstick: the bare SDK as its stateless Streamable HTTP example has it (a server and a
 * transport per request), one list_incidents tool over the same queries as the REST yardstick: no count.
 */
export async function startReferenceMcp(database: string): Promise<{ url: string; close: () => Promise<void> }> {
  const store = openStore(database);

  const build = () => {
    const server = new McpServer({ name: 'reference', version: '1.0.0' });
    server.registerTool(
      'list_incidents',
      {
        description: 'List incidents.',
        inputSchema: {
          severity: z.enum(SEVERITIES).optional(),
          status: z.enum(INCIDENT_STATUSES).optional(),
          incident_type: z.enum(INCIDENT_TYPES).optional(),
          limit: z.number().int().min(1).max(200).optional(),
        },
        outputSchema: { incidents: z.array(z.record(z.string(), z.unknown())), has_more: z.boolean() },
      },
      async ({ severity, status, limit = 50 }) => {
        const filters: Filter[] = [];
        if (severity) filters.push({ column: 'severity_rank', value: SEVERITIES.indexOf(severity) });
        if (status) filters.push({ column: 'status_rank', value: INCIDENT_STATUSES.indexOf(status) });
        const rows = (await store.list(filters, 'created_desc', limit + 1)).map((r) => ({
          ...r,
          tags: JSON.parse(String(r.tags)),
          affected_services: JSON.parse(String(r.affected_services)),
        }));
        const data = { incidents: rows.slice(0, limit), has_more: rows.length > limit };
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
          void store.close().then(() => resolve());
        });
      }),
  };
}
