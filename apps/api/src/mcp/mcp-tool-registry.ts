import { Injectable } from '@nestjs/common';
import type { McpToolset } from '../domain.js';
import type { McpToolProvider, ToolDefinition } from './mcp-tool.js';

/** Values an argument may take, for completion: the ones starting with `prefix`, a few at most. */
export type Completer = (prefix: string) => Promise<string[]>;

/** What MCP completes: environment names and ids today. */
export type CompletionKind = 'environment';

/** A record readable as an MCP resource through a URI template with one variable, e.g. incident://{incident_id}. */
export interface ResourceDefinition {
  name: string;
  title: string;
  description: string;
  /** Offered when this toolset is. */
  toolset: McpToolset;
  /** e.g. `environment://{environment_id}` */
  uriTemplate: string;
  variable: string;
  /** Completion for the variable, if any. */
  complete?: CompletionKind;
  read: (value: string) => Promise<object>;
}

/** Where features add their MCP tools, resources and completions; the MCP server knows no feature by name. */
@Injectable()
export class McpToolRegistry {
  private readonly providers: McpToolProvider[] = [];
  private readonly resourceList: ResourceDefinition[] = [];
  private readonly completers = new Map<CompletionKind, Completer>();

  add(provider: McpToolProvider): void {
    this.providers.push(provider);
  }

  tools(): ToolDefinition[] {
    return this.providers.flatMap((provider) => provider.tools());
  }

  addResource(resource: ResourceDefinition): void {
    this.resourceList.push(resource);
  }

  resources(): readonly ResourceDefinition[] {
    return this.resourceList;
  }

  addCompleter(kind: CompletionKind, completer: Completer): void {
    this.completers.set(kind, completer);
  }

  /** Completions for `kind`, or none when no feature offers them (or they fail: completion is a convenience). */
  async complete(kind: CompletionKind, prefix: string): Promise<string[]> {
    const completer = this.completers.get(kind);
    if (!completer) return [];
    return completer(prefix).catch(() => []);
  }
}
