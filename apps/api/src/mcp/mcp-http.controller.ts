import { Controller, Delete, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ACTOR_HEADER } from '../common/actor.decorator.js';
import { McpServerFactory } from './mcp-server.factory.js';

function jsonRpcError(reply: FastifyReply, status: number, message: string): void {
  void reply
    .status(status)
    .header('content-type', 'application/json')
    .send({ jsonrpc: '2.0', error: { code: -32000, message }, id: null });
}

/** Stateless: there is no session to stream to or to delete. */
function refuseStatelessMethod(reply: FastifyReply): void {
  void reply.header('allow', 'POST');
  jsonRpcError(reply, 405, 'This MCP endpoint is stateless: send JSON-RPC requests with POST.');
}

/**
 * MCP over Streamable HTTP, stateless: every POST gets a fresh server and transport, so any
 * instance behind a load balancer can answer any request.
 */
@ApiTags('mcp')
@Controller('mcp')
export class McpHttpController {
  constructor(
    private readonly servers: McpServerFactory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
    const actorHeader = request.headers[ACTOR_HEADER];
    const server = this.servers.create(typeof actorHeader === 'string' && actorHeader.trim() ? actorHeader.trim().slice(0, 100) : null);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    reply.hijack();
    reply.raw.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request.raw, reply.raw, request.body);
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
