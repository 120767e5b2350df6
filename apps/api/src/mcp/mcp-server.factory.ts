import { Inject, Injectable } from '@nestjs/common';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  type CallToolResult,
  type RequestId,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { type Identity, LOCAL_IDENTITY } from '../common/identity.js';
import type { Actor } from '../common/request-context.js';
import { parseInput } from '../contracts.js';
import { MCP_TOOLSETS, ROLES, rankOf, type McpToolset, type Role } from '../domain.js';
import { APP_VERSION } from '../version.js';
import { registerGuidance } from './mcp-guidance.js';
import type { ToolDefinition } from './mcp-tool.js';
import { McpRequestRouter } from './mcp-request-router.js';
import { McpToolRegistry } from './mcp-tool-registry.js';
import { describedOnce, toolEntry } from './mcp-tool-schema.js';
import { toolFailure, toolSuccess } from './tool-result.js';

export const SERVER_NAME = 'workflow-mcp';
export const SERVER_VERSION = APP_VERSION;

/** What one MCP server offers and on whose behalf it acts. */
export interface McpServerOptions {
  /** The authenticated caller: every tool call records it. Without it, the client's own name is recorded. */
  by?: Actor | null;
  /** Only tools that change nothing (readOnlyHint). */
  readOnly?: boolean;
  /** The toolsets to offer; the configured ones (MCP_TOOLSETS) when not given. */
  toolsets?: readonly McpToolset[];
  /** Only tools this role may call (ROLES order); every tool when not given (local mode). */
  role?: Role;
  /** Who is calling, as authenticated; handlers that check more than the role read it. Local when not given. */
  identity?: Identity;
  /** Told when a call is refused for the caller's role or a read-only token (the audit log). */
  onRefused?: (tool: string, reason: string) => void;
}

/** A tool ready to serve: its list entry and its argument contract, built once per process. */
interface PreparedTool {
  tool: ToolDefinition;
  entry: Tool;
  input: z.ZodObject;
}

/** The tools one combination of options offers, with the tools/list answer already built. */
interface Catalogue {
  toolsets: readonly McpToolset[];
  byName: Map<string, PreparedTool>;
  list: { tools: Tool[] };
  /** The shared server's way in, once a stateless HTTP request has asked for this catalogue. */
  router?: McpRequestRouter<McpServerOptions>;
}

/** The lowest role that may call a tool. */
export function requiredRole(tool: ToolDefinition): Role {
  return tool.role ?? (tool.annotations.readOnlyHint ? 'viewer' : 'responder');
}

const INSTRUCTIONS = `Operations console: incidents, environments, deployments, health.
- environment_id accepts an environment's id or its unique name.
- Lists and gets answer concisely (a table: columns once, one row per item); pass response_format "detailed" for every field.
- Lists return has_more and next_cursor; pass cursor to continue.
- Incident status moves forward: open → investigating → identified → monitoring → resolved.
- Deployments: create_deployment (planned) → execute_deployment → complete_deployment | fail_deployment; rollback_deployment restores the previous version.`;

/** The instructions, with a line for the workflow prompts this catalogue has (mcp-guidance.ts registers them alike). */
function instructionsFor(tools: ReadonlyMap<string, unknown>): string {
  const prompts = [
    tools.has('create_incident') && tools.has('update_incident_status') ? 'incident_response' : null,
    tools.has('create_deployment') && tools.has('execute_deployment') ? 'deploy' : null,
  ].filter(Boolean);
  return prompts.length ? `${INSTRUCTIONS}\n- Prompt(s) ${prompts.join(' and ')} walk through the usual workflows.` : INSTRUCTIONS;
}

/** Builds MCP servers with the registered tools: one per stdio session, one per catalogue for all stateless HTTP requests. */
@Injectable()
export class McpServerFactory {
  private prepared: PreparedTool[] | null = null;
  private readonly catalogues = new Map<string, Catalogue>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: McpToolRegistry,
  ) {}

  /** Built on first use (every feature has added its tools by then): schemas are the costly part of a server. */
  private all(): PreparedTool[] {
    this.prepared ??= this.registry.tools().map((tool) => ({ tool, entry: toolEntry(tool), input: z.strictObject(tool.input) }));
    return this.prepared;
  }

  /** The tools for these options, cached per combination: a stateless request then costs no schema work. */
  private catalogue(options: McpServerOptions): Catalogue {
    const readOnly = options.readOnly ?? this.config.mcp.readOnly;
    const wanted = new Set(options.toolsets ?? this.config.mcp.toolsets);
    const toolsets = MCP_TOOLSETS.filter((t) => wanted.has(t));
    const key = `${toolsets.join(',')}|${readOnly}|${options.role ?? '*'}`;
    let catalogue = this.catalogues.get(key);
    if (!catalogue) {
      const offered = this.all().filter(
        ({ tool }) =>
          wanted.has(tool.toolset) &&
          (!readOnly || tool.annotations.readOnlyHint) &&
          (!options.role || rankOf(ROLES, requiredRole(tool)) <= rankOf(ROLES, options.role)),
      );
      catalogue = {
        toolsets,
        byName: new Map(offered.map((p) => [p.tool.name, p])),
        list: { tools: describedOnce(offered.map((p) => p.entry)) },
      };
      this.catalogues.set(key, catalogue);
    }
    return catalogue;
  }

  toolNames(options: McpServerOptions = {}): string[] {
    return [...this.catalogue(options).byName.keys()];
  }

  /** A server of its own, for one stdio session: the client named itself at initialize, and calls are recorded under that name. */
  create(options: McpServerOptions = {}): McpServer {
    const server = this.build(
      this.catalogue(options),
      () => options,
      () => server.server.getClientVersion()?.name ?? null,
    );
    return server;
  }

  /**
   * The server every stateless HTTP request with these options is handed to (mcp-request-router.ts):
   * one per combination of toolsets, read-only and role, built on first use. Each request brings its
   * caller; a stateless request has no initialize of its own, so an unnamed caller is recorded as null.
   */
  shared(options: McpServerOptions = {}): McpRequestRouter<McpServerOptions> {
    const catalogue = this.catalogue(options);
    if (!catalogue.router) {
      const router = new McpRequestRouter<McpServerOptions>();
      const server = this.build(
        catalogue,
        (requestId) => router.contextOf(requestId) ?? options,
        () => null,
      );
      void server.connect(router);
      catalogue.router = router;
    }
    return catalogue.router;
  }

  private build(catalogue: Catalogue, optionsOf: (requestId: RequestId) => McpServerOptions, clientName: () => string | null): McpServer {
    const server = new McpServer(
      { name: SERVER_NAME, version: SERVER_VERSION },
      {
        instructions: instructionsFor(catalogue.byName),
        capabilities: { tools: { listChanged: false } },
      },
    );
    // Tools are served from the prepared catalogue rather than registered one by one: tools/list is
    // answered from JSON built once, and arguments are checked once, by the shared contract, so a refused
    // argument reads as it does on the REST API ("severity is required", "limit must be at most 200").
    server.server.setRequestHandler(ListToolsRequestSchema, () => catalogue.list);
    server.server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
      const options = optionsOf(extra.requestId);
      const name = request.params.name;
      const prepared = catalogue.byName.get(name);
      if (!prepared) return this.refused(name, options) ?? unknownTool(name, catalogue.toolsets);
      try {
        const args = parseInput(prepared.input, request.params.arguments ?? {});
        const by: Actor = options.by ?? { source: 'mcp', actor: clientName() };
        return toolSuccess(await prepared.tool.handler(args as never, { by, identity: options.identity ?? LOCAL_IDENTITY }));
      } catch (error) {
        return toolFailure(name, error);
      }
    });
    registerGuidance(server, this.registry, { tools: new Set(catalogue.byName.keys()), toolsets: catalogue.toolsets });
    return server;
  }

  /** A tool of a chosen toolset held back from this caller: say why, rather than that it does not exist. */
  private refused(name: string, options: McpServerOptions): CallToolResult | null {
    const tool = this.all().find((p) => p.tool.name === name)?.tool;
    if (!tool || !(options.toolsets ?? this.config.mcp.toolsets).includes(tool.toolset)) return null;
    const needed = requiredRole(tool);
    const reason =
      !tool.annotations.readOnlyHint && (options.readOnly ?? this.config.mcp.readOnly)
        ? options.identity?.readOnly
          ? 'this token is read-only'
          : 'this server is read-only (MCP_READ_ONLY)'
        : options.role && rankOf(ROLES, needed) > rankOf(ROLES, options.role)
          ? `it needs the ${needed} role and this caller has ${options.role}`
          : null;
    if (!reason) return null;
    options.onRefused?.(name, reason);
    return { content: [{ type: 'text', text: `${name} refused: ${reason}. Ask an admin for a token that may do it.` }], isError: true };
  }
}

function unknownTool(name: string, toolsets: readonly McpToolset[]): CallToolResult {
  const text =
    `No tool named "${name}" on this connection (toolsets: ${toolsets.join(', ') || 'none'}). ` +
    'Call tools/list for the ones offered; other toolsets are chosen with MCP_TOOLSETS, the x-mcp-toolsets header or ?toolsets=.';
  return { content: [{ type: 'text', text }], isError: true };
}
