import { Injectable } from '@nestjs/common';
import type { McpToolProvider, ToolDefinition } from './mcp-tool.js';

/** Where features add their MCP tools; the MCP server knows no feature by name. */
@Injectable()
export class McpToolRegistry {
  private readonly providers: McpToolProvider[] = [];

  add(provider: McpToolProvider): void {
    this.providers.push(provider);
  }

  tools(): ToolDefinition[] {
    return this.providers.flatMap((provider) => provider.tools());
  }
}
