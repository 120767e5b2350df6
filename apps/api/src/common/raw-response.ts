import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';

/**
 * Takes the response over from Fastify for a route that writes it itself (MCP's transport), with the
 * headers set on the reply so far (security headers, request id, CORS): Fastify writes those only
 * for replies it sends.
 */
export function rawResponse(reply: FastifyReply): ServerResponse {
  reply.hijack();
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) reply.raw.setHeader(name, value);
  return reply.raw;
}
