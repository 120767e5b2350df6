import { Inject, Injectable } from '@nestjs/common';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { APP_VERSION } from '../version.js';
import type { Actor } from '../common/request-context.js';
import type { ToolDefinition } from './mcp-tool.js';
import { McpToolRegistry } from './mcp-tool-registry.js';
import { toolFailure, toolSuccess } from './tool-result.js';

/** What registerTool takes besides the name and the handler. */
interface ToolConfig {
  title: string;
  description: string;
  inputSchema: z.ZodObject;
  outputSchema: ToolDefinition['output'];
  annotations: ToolDefinition['annotations'] & { title: string };
}

export const SERVER_NAME = 'workflow-mcp';
export const SERVER_VERSION = APP_VERSION;

const INSTRUCTIONS = `Operations console for incidents, environments, deployments and system health.
Environments can be referred to by id or by their unique name wherever environment_id is asked for.
Incident status moves forward (open → investigating → identified → monitoring → resolved); deployments go planned → in_progress → completed | failed, and can be rolled back.
List tools return has_more and next_cursor; pass cursor to continue.`;

/** Builds MCP servers with every feature's tools; one per stdio session or per stateless HTTP request. */
@Injectable()
export class McpServerFactory {
  private built: Array<{ tool: ToolDefinition; config: ToolConfig }> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: McpToolRegistry,
  ) {}

  /** Built once, on first use (every feature has added its tools by then): schemas are the costly part of a server. */
  private get registrations(): Array<{ tool: ToolDefinition; config: ToolConfig }> {
    if (this.built) return this.built;
    const all = this.registry.tools();
    const tools = this.config.mcp.readOnly ? all.filter((t) => t.annotations.readOnlyHint) : all;
    this.built = tools.map((tool) => ({
      tool,
      config: {
        title: tool.title,
        description: tool.description,
        inputSchema: z.strictObject(tool.input),
        outputSchema: tool.output,
        annotations: { title: tool.title, ...tool.annotations },
      },
    }));
    return this.built;
  }

  toolNames(): string[] {
    return this.registrations.map((r) => r.tool.name);
  }

  /** `actor` names who is calling when the transport knows (an X-Actor header); else the client's own name is used. */
  create(actor: string | null = null): McpServer {
    const server = new McpServer({ name: SERVER_NAME, version: SERVER_VERSION }, { instructions: INSTRUCTIONS });
    for (const { tool, config } of this.registrations) {
      server.registerTool(tool.name, config, async (args: Record<string, unknown>) => {
        const by: Actor = { source: 'mcp', actor: actor ?? server.server.getClientVersion()?.name ?? null };
        try {
          return toolSuccess(await tool.handler(args as never, { by }));
        } catch (error) {
          return toolFailure(tool.name, error);
        }
      });
    }
    return server;
  }
}
