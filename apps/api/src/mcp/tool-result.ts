import { Logger } from '@nestjs/common';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { domainErrorFromDatabase } from '../common/http-errors.js';
import { DomainError } from '../domain.js';
import type { ToolReply } from './mcp-tool.js';

const logger = new Logger('MCP');

export function toolSuccess(reply: ToolReply): CallToolResult {
  // The same data twice, as the specification asks: structuredContent for clients that read it, and
  // its JSON (compact) after a one-line summary for clients that read only text.
  return {
    content: [{ type: 'text', text: `${reply.summary}\n\n${JSON.stringify(reply.data)}` }],
    structuredContent: reply.data as Record<string, unknown>,
  };
}

/** The one place errors become MCP results: what was wrong and how to fix it, never a stack trace or SQL. */
export function toolFailure(tool: string, error: unknown): CallToolResult {
  const known = error instanceof DomainError ? error : domainErrorFromDatabase(error);
  if (known) {
    const lines = [`${tool} failed (${known.code}): ${known.message}`];
    if (known.code === 'validation_failed') lines.push(`Correct the argument(s) named and call ${tool} again.`);
    if (known.details.allowed_actions)
      lines.push(`Current status: ${known.details.current_status}; allowed now: ${known.details.allowed_actions.join(', ') || 'nothing'}.`);
    return { content: [{ type: 'text', text: lines.join('\n') }], isError: true };
  }
  logger.error(`${tool}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return {
    content: [{ type: 'text', text: `${tool} failed on the server; the error has been logged. Retry, and report it if it persists.` }],
    isError: true,
  };
}
