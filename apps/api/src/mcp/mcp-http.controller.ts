import { Controller, Delete, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { Requires } from '../common/requires.decorator.js';
import { ACTOR_HEADER } from '../common/actor.decorator.js';
import { actorName, actorOf, identityOf } from '../common/identity.js';
import { PermissionRefusals } from '../common/permission-refusals.js';
import { MCP_TOOLSETS, parseMcpToolsets, type McpToolset } from '../domain.js';
import { McpServerFactory, type McpServerOptions } from './mcp-server.factory.js';
import { rawResponse } from '../common/raw-response.js';

/** Per-connection toolsets: a header for clients configured with headers, a query parameter for those given only a URL. */
export const TOOLSETS_HEADER = 'x-mcp-toolsets';
export const TOOLSETS_QUERY = 'toolsets';

function jsonRpcError(reply: FastifyReply, status: number, message: string): void {
  void reply
    .status(status)
    .header('content-type', 'application/json')
    .send({ jsonrpc: '2.0', error: { code: -32000, message }, id: null });
}

/** The toolsets this request asks for (undefined: the configured ones), or the names it got wrong. */
function requestedToolsets(request: FastifyRequest): { toolsets?: McpToolset[]; unknown?: string[] } {
  const header = request.headers[TOOLSETS_HEADER];
  const query = (request.query as Record<string, unknown> | undefined)?.[TOOLSETS_QUERY];
  const raw = [header, query].flat().filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  if (raw.length === 0) return {};
  const { toolsets, unknown } = parseMcpToolsets(raw.join(','));
  return unknown.length > 0 || toolsets.length === 0 ? { unknown } : { toolsets };
}

/**
 * Who is calling. The one place the caller's identity becomes the server's options. Authenticated
 * callers are recorded as themselves and offered the tools their role allows; in local mode the
 * X-Actor header may name the person, else the client's own name is recorded.
 */
function callerOptions(
  request: FastifyRequest,
  refusals: PermissionRefusals,
): Pick<McpServerOptions, 'by' | 'readOnly' | 'role' | 'identity' | 'onRefused'> {
  const identity = identityOf(request);
  if (!identity || identity.kind === 'local') {
    const actorHeader = request.headers[ACTOR_HEADER];
    const actor = typeof actorHeader === 'string' && actorHeader.trim() ? actorHeader.trim().slice(0, 100) : null;
    return { by: actor ? { source: 'mcp', actor } : null };
  }
  return {
    by: actorOf(identity, 'mcp'),
    identity,
    role: identity.role,
    ...(identity.readOnly ? { readOnly: true } : {}),
    onRefused: (tool, reason) => refusals.recordRefusal(actorName(identity), `MCP ${tool}`, reason, request.ip),
  };
}

/**
 * The SDK's HTTP transport, loaded by the first MCP request: loading it reads Node's fetch classes,
 * about 30 ms of a ~1 s cold start on Node 20 that a service used only over REST never needs.
 */
let Transport: typeof StreamableHTTPServerTransport | undefined;

/** Stateless: there is no session to stream to or to delete. */
function refuseStatelessMethod(reply: FastifyReply): void {
  void reply.header('allow', 'POST');
  jsonRpcError(reply, 405, 'This MCP endpoint is stateless: send JSON-RPC requests with POST.');
}

/**
 * MCP over Streamable HTTP, stateless: any instance behind a load balancer can answer any request.
 * Each POST gets a transport of its own and is answered by the process's one server for its options.
 */
@ApiTags('mcp')
@Controller('mcp')
// Every role may connect; which tools it is offered and may call is decided per tool.
@Requires('viewer', { readOnlyOk: true })
export class McpHttpController {
  constructor(
    private readonly servers: McpServerFactory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly refusals: PermissionRefusals,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'MCP Streamable HTTP endpoint (JSON-RPC)',
    description: 'Connect an MCP client here, e.g. `claude mcp add --transport http workflow-mcp http://localhost:3301/mcp`.',
  })
  @ApiBody({ schema: { type: 'object', description: 'A JSON-RPC request or notification.' } })
  @ApiOkResponse({ description: 'The JSON-RPC response.' })
  @ApiErrors(400)
  async handle(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { toolsets, unknown } = requestedToolsets(request);
    if (unknown) {
      const named = unknown.length ? `Unknown toolset(s): ${unknown.join(', ')}` : 'No toolset named';
      return jsonRpcError(reply, 400, `${named}. Use a comma-separated list of ${MCP_TOOLSETS.join(', ')}, or all.`);
    }
    const options: McpServerOptions = { ...callerOptions(request, this.refusals), toolsets };
    const router = this.servers.shared(options);
    // The SDK's transport still reads the HTTP exchange (Accept, protocol version, batches, notifications);
    // its messages go to the process's one server, and the answers come back to it.
    Transport ??= (await import('@modelcontextprotocol/sdk/server/streamableHttp.js')).StreamableHTTPServerTransport;
    const transport = new Transport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    const forget: Array<() => void> = [];
    transport.onmessage = (message, extra) => {
      forget.push(router.deliver(message, extra, options, (answer) => transport.send(answer).catch(() => undefined)));
    };
    const raw = rawResponse(reply);
    raw.on('close', () => {
      for (const f of forget) f();
      void transport.close();
    });
    await transport.start();
    await transport.handleRequest(request.raw, raw, request.body);
  }

  // One decorator per handler: stacked route decorators on one method register only the last-applied one.
  @Get()
  @ApiExcludeEndpoint()
  openStream(@Res() reply: FastifyReply): void {
    refuseStatelessMethod(reply);
  }

  @Delete()
  @ApiExcludeEndpoint()
  endSession(@Res() reply: FastifyReply): void {
    refuseStatelessMethod(reply);
  }
}
