import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';

/**
 * The headers set on the reply so far (security headers, request id, CORS), for a response written
 * on the raw socket: Fastify writes them only for replies it sends.
 */
export function replyHeaders(reply: FastifyReply): OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(reply.getHeaders()).filter(([, value]) => value !== undefined)) as OutgoingHttpHeaders;
}

/** Takes the response over from Fastify for a route that writes it itself (MCP's transport), with the reply's headers. */
export function rawResponse(reply: FastifyReply): ServerResponse {
  reply.hijack();
  for (const [name, value] of Object.entries(replyHeaders(reply))) reply.raw.setHeader(name, value!);
  return reply.raw;
}
