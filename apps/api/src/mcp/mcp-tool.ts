import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Identity } from '../common/identity.js';
import type { Actor } from '../common/request-context.js';
import { RESPONSE_FORMATS, type McpToolset, type Page, type ResponseFormat, type Role } from '../domain.js';

/** What a tool handler knows about its call. */
export interface ToolContext {
  by: Actor;
  /** Who is calling, as authenticated (over stdio, or in local mode, the local identity). */
  identity: Identity;
}

/** The reply of a tool: the data (becomes structuredContent) and one line for people reading the transcript. */
export interface ToolReply {
  data: object;
  summary: string;
}

export interface ToolDefinition<Shape extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  title: string;
  /** Written for the model: when to use the tool and what comes back, in as few words as do it. */
  description: string;
  /** The group a connection turns on to get this tool (MCP_TOOLSETS, x-mcp-toolsets). */
  toolset: McpToolset;
  input: Shape;
  /**
   * Shorter words for an argument in tools/list than its contract's (which also documents the REST
   * API); null when the name and the enum say it all. Validation is unchanged.
   */
  brief?: Partial<Record<keyof Shape & string, string | null>>;
  /**
   * What structuredContent always holds, in both response formats: the fields a client may rely on.
   * Left out where it would say little for its size: the record just written (its shape is the REST
   * API's) and lists (a table of rows, or the REST API's items; the tool's text names the columns).
   */
  output?: z.ZodType<Record<string, unknown>>;
  annotations: Omit<ToolAnnotations, 'title'> & { readOnlyHint: boolean };
  /** The lowest role that may call it; by default `viewer` for a tool that only reads, `responder` for one that writes. */
  role?: Role;
  handler: (args: z.infer<z.ZodObject<Shape>>, ctx: ToolContext) => Promise<ToolReply>;
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

/** The `response_format` argument of every list and get tool. */
export const responseFormat = {
  response_format: z.enum(RESPONSE_FORMATS).optional().meta({ description: 'concise (default) or detailed: every field.' }),
};

export const isDetailed = (args: { response_format?: ResponseFormat }) => args.response_format === 'detailed';

/** "45s", "12m", "5h", "3d": how long ago `iso` was, as a person glancing at a list reads it. */
export function age(iso: string | null, now = Date.now()): string | null {
  if (!iso) return null;
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3_600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3_600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}

/** A page's paging fields; total_capped only when it is true. */
function paging(page: Page<unknown>, detailed: boolean) {
  const { items: _items, ...rest } = page;
  if (detailed) return rest;
  return {
    total: page.total,
    ...(page.total_capped ? { total_capped: true } : {}),
    has_more: page.has_more,
    next_cursor: page.next_cursor,
  };
}

function countLine(page: Page<unknown>, noun: string, note: string): string {
  const more = page.has_more ? '; more with cursor=next_cursor' : '';
  return `${page.items.length} of ${page.total}${page.total_capped ? '+' : ''} ${noun}(s)${note}${more}`;
}

/** A list tool's reply in full: the page's items under `key`, as the REST API gives them. */
export function pageReply<T>(key: string, noun: string, page: Page<T>, note = ''): ToolReply {
  return { data: { [key]: page.items, ...paging(page, true) }, summary: countLine(page, noun, note) };
}

/**
 * A list tool's concise reply: a table, the column names once and then one row per item, so fifty
 * items cost little more than their values.
 */
export function tableReply<T>(
  key: string,
  noun: string,
  page: Page<T>,
  columns: readonly string[],
  row: (item: T) => unknown[],
  note = '',
): ToolReply {
  return {
    data: { columns, [key]: page.items.map(row), ...paging(page, false) },
    summary: countLine(page, noun, note),
  };
}

/** Either reply of a list tool, by `response_format`. */
export function listReply<T>(
  detailed: boolean,
  key: string,
  noun: string,
  page: Page<T>,
  columns: readonly string[],
  row: (item: T) => unknown[],
  note = '',
): ToolReply {
  return detailed ? pageReply(key, noun, page, note) : tableReply(key, noun, page, columns, row, note);
}

/** Drops null, empty strings and empty lists: a concise record says only what is set. */
export function withoutEmpty<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(record).filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)),
  ) as Partial<T>;
}

/** A timeline entry as one row: when, what, who, message. */
export const TIMELINE_COLUMNS = ['at', 'kind', 'actor', 'message'] as const;
export const timelineRow = (e: { created_at: string; kind: string; actor: string | null; message: string }) => [
  e.created_at,
  e.kind,
  e.actor,
  e.message,
];
