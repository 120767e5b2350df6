import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { Actor } from '../common/request-context.js';
import type { Page, Role } from '../domain.js';

/** What a tool handler knows about its call. */
export interface ToolContext {
  by: Actor;
}

/** The reply of a tool: the data (becomes structuredContent) and one line for people reading the transcript. */
export interface ToolReply {
  data: object;
  summary: string;
}

export interface ToolDefinition<Shape extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  title: string;
  /** Written for the model: when to use the tool and what comes back. */
  description: string;
  input: Shape;
  output: z.ZodType<Record<string, unknown>>;
  annotations: Omit<ToolAnnotations, 'title'> & { readOnlyHint: boolean };
  /** The lowest role that may call it; by default `viewer` for a tool that only reads, `responder` for one that writes. */
  role?: Role;
  handler: (args: z.infer<z.ZodObject<Shape>>, ctx: ToolContext) => Promise<ToolReply>;
}

/** A list tool's reply: the page's items under `key`, and one line that counts them (with `note` after the count). */
export function pageReply<T>(key: string, noun: string, page: Page<T>, note = ''): ToolReply {
  const { items, ...rest } = page;
  const more = page.has_more ? '; more with cursor=next_cursor' : '';
  return {
    data: { [key]: items, ...rest },
    summary: `${items.length} of ${page.total}${page.total_capped ? '+' : ''} ${noun}(s)${note}${more}`,
  };
}

/** Identity function that keeps each tool's argument types tied to its schema. */
export function defineTool<Shape extends z.ZodRawShape>(tool: ToolDefinition<Shape>): ToolDefinition {
  return tool as unknown as ToolDefinition;
}

/** A feature's MCP tools; each feature module provides one, built on the same service as its controller. */
export interface McpToolProvider {
  tools(): ToolDefinition[];
}

export const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;
export const WRITES = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false } as const;
export const IDEMPOTENT_WRITE = { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;
export const DESTRUCTIVE = { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false } as const;
