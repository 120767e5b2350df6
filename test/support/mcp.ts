import { expect } from '@jest/globals';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { LATEST_PROTOCOL_VERSION, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { McpServerFactory, type McpServerOptions } from '../../apps/api/src/mcp/mcp-server.factory.js';
import { databaseEnv, type RunningService } from './service.js';

/** The built stdio entry (`npm run build:api`), by absolute path as the README tells Claude Code to run it. */
/** The bundle that .mcp.json and the README point MCP clients at. */
export const STDIO_ENTRY = resolve('dist/api/mcp-stdio.bundle.mjs');

/** The JSON-RPC request a client must send first, for tests that speak the protocol without the SDK client. */
export const INITIALIZE_REQUEST = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
};

/** The argument that asks a list or get tool for every field, as the REST API gives them. */
export const DETAILED = { response_format: 'detailed' } as const;

/** A connected SDK client with the two ways a tool call can end. */
export interface McpSession {
  client: Client;
  /** The raw result of a tool call. */
  call: (name: string, args?: Record<string, unknown>) => Promise<CallToolResult>;
  /** Calls a tool that must succeed; returns its structuredContent. */
  ok: (name: string, args?: Record<string, unknown>) => Promise<any>;
  /** Calls a tool that must fail with an isError result; returns its text. */
  fail: (name: string, args?: Record<string, unknown>) => Promise<string>;
  close: () => Promise<void>;
}

export function session(client: Client, close: () => Promise<void>): McpSession {
  const call = async (name: string, args?: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as CallToolResult;
  return {
    client,
    call,
    ok: async (name, args) => {
      const result = await call(name, args);
      const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
      // On failure, show the tool's own words rather than a bare boolean mismatch.
      expect({ tool: name, isError: result.isError ?? false, text: result.isError ? text : '' }).toEqual({
        tool: name,
        isError: false,
        text: '',
      });
      expect(result.structuredContent).toBeDefined();
      // Clients that read only text content get the same data after a one-line summary.
      expect(JSON.parse(text.slice(text.indexOf('\n\n') + 2))).toEqual(result.structuredContent);
      return result.structuredContent;
    },
    fail: async (name, args) => {
      const result = await call(name, args);
      expect({ tool: name, isError: result.isError }).toEqual({ tool: name, isError: true });
      expect(result.structuredContent).toBeUndefined();
      const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
      // What a model must never be shown: stack frames, SQL, internal class names.
      expect(text).not.toMatch(/\n\s+at |\.[jt]s:\d+|SQLITE|SELECT |INSERT |UPDATE "|QueryFailedError|TypeError|DomainError/);
      return text;
    },
    close,
  };
}

/** An SDK client connected in-process to a server built by the running service's factory. */
export async function connectInProcess(svc: RunningService, clientName = 'mcp-e2e', options: McpServerOptions = {}): Promise<McpSession> {
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const server = svc.app.get(McpServerFactory).create(options);
  await server.connect(serverTransport);
  const client = new Client({ name: clientName, version: '1.0.0' });
  await client.connect(clientTransport);
  return session(client, async () => {
    await client.close();
    await server.close();
  });
}

/**
 * Spawns the built stdio server on `dbPath` with nothing but PATH and the database setting, from
 * another working directory (Claude Code starts it from the user's project), and connects the SDK
 * client to it; errors the transport reports are collected.
 */
export async function connectStdio(
  dbPath: string,
  clientName = 'mcp-stdio-e2e',
): Promise<McpSession & { transport: StdioClientTransport; transportErrors: Error[]; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [STDIO_ENTRY],
    cwd: tmpdir(),
    env: { PATH: process.env.PATH ?? '', ...(await databaseEnv(dbPath)) },
    stderr: 'pipe',
  });
  const transportErrors: Error[] = [];
  // Set before connect: the client chains its own handler after this one. A non-JSON line on stdout lands here.
  transport.onerror = (error) => transportErrors.push(error);
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const client = new Client({ name: clientName, version: '1.0.0' });
  try {
    await client.connect(transport);
  } catch (error) {
    await transport.close();
    throw new Error(`stdio server did not start: ${String(error)}\nstderr:\n${stderr}`);
  }
  return { ...session(client, () => client.close()), transport, transportErrors, stderr: () => stderr };
}
