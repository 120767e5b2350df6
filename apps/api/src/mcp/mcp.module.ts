import { Global, Module } from '@nestjs/common';
import { McpHttpController } from './mcp-http.controller.js';
import { McpServerFactory } from './mcp-server.factory.js';
import { McpToolRegistry } from './mcp-tool-registry.js';

/** The MCP transports; every feature adds its tools to the registry this module provides. */
@Global()
@Module({
  controllers: [McpHttpController],
  providers: [McpServerFactory, McpToolRegistry],
  exports: [McpServerFactory, McpToolRegistry],
})
export class McpModule {}
