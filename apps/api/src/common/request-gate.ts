import { isIP } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import sjson from 'secure-json-parse';
import type { AppConfig } from '../config/app-config.js';
import { DomainError, type ErrorCode } from '../domain.js';
import { errorBody } from './http-errors.js';
import { replyHeaders } from './raw-response.js';

/**
 * Every request passes here before its body is read: the names it was sent to (Host) and the page
 * that sent it (Origin) must be this service's own, a write must be JSON, and with an access token
 * configured the API and /mcp ask for it. A page on another site therefore can neither read nor
 * change anything, even one whose own name resolves to 127.0.0.1 (DNS rebinding).
 */

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const CORS_HEADERS = 'authorization, content-type, last-event-id, mcp-protocol-version, mcp-session-id, x-actor, x-client';

function parseHostname(host: string): string | null {
  try {
    return new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/** Host headers seen lately and their hostnames: a service is called by a handful of names, and parsing each request's is measurable. */
const hostnames = new Map<string, string | null>();
const HOSTNAMES_KEPT = 64;

function hostnameOf(host: string): string | null {
  let hostname = hostnames.get(host);
  if (hostname === undefined) {
    hostname = parseHostname(host);
    // Bounded: a client sending ever new Host values cannot grow it.
    if (hostnames.size >= HOSTNAMES_KEPT) hostnames.clear();
    hostnames.set(host, hostname);
  }
  return hostname;
}

const isLoopbackName = (hostname: string) => LOOPBACK_NAMES.has(hostname) || hostname.startsWith('127.');

/**
 * Establishes who a request comes from (see access/authenticator.ts): sets its identity, or says
 * why it is refused. `publicRoute`: the request may go on without an identity (sign-in).
 */
export interface RequestAuthenticator {
  authenticate(request: FastifyRequest, publicRoute: boolean): Promise<DomainError | null>;
}

/**
 * The API, /mcp and /metrics need an identity; the dashboard's files, the API description and the
 * public status page (/status, with its data and badges under /api/public/) do not.
 */
export function needsIdentity(url: string): boolean {
  if (url === '/mcp' || url.startsWith('/mcp?') || url.startsWith('/mcp/')) return true;
  if (url === '/metrics' || url.startsWith('/metrics?')) return true;
  return url.startsWith('/api/') && !url.startsWith('/api/docs') && !url.startsWith('/api/openapi.json') && !url.startsWith('/api/public/');
}

const isSignIn = (url: string) => url === '/api/auth/sign-in' || url.startsWith('/api/auth/sign-in?');

/** In the error shape of the API, or as a JSON-RPC error for MCP clients. */
function refuse(request: FastifyRequest, reply: FastifyReply, code: ErrorCode, message: string): FastifyReply {
  const body = errorBody(new DomainError(code, message));
  // MCP clients read a refused origin as a JSON-RPC error; a missing token is HTTP's own 401, as on the API.
  const jsonRpc = code !== 'unauthorized' && (request.url === '/mcp' || request.url.startsWith('/mcp?'));
  return (
    reply
      .code(body.statusCode)
      .header('content-type', 'application/json; charset=utf-8')
      // The body, if any, is never read: the socket is not kept for another request.
      .header('connection', 'close')
      .send(jsonRpc ? { jsonrpc: '2.0', error: { code: -32000, message }, id: null } : body)
  );
}

export class RequestGate {
  private readonly names: Set<string>;

  constructor(private readonly config: AppConfig) {
    this.names = new Set([...config.http.publicNames, config.host.toLowerCase()]);
  }

  /** Why a request is refused, or null. */
  check(request: FastifyRequest, reply: FastifyReply): { code: ErrorCode; message: string } | null {
    const host = request.headers.host ?? '';
    const hostname = hostnameOf(host);
    // An IP address cannot be rebound to another site; a name must be one of ours.
    if (!hostname || !(isLoopbackName(hostname) || isIP(hostname.replace(/^\[|\]$/g, '')) !== 0 || this.names.has(hostname))) {
      return {
        code: 'forbidden',
        message: `Host "${host}" is not a name of this service; connect to http://localhost:${this.config.port}, or list the name in PUBLIC_HOSTNAMES if a proxy forwards it.`,
      };
    }
    const origin = request.headers.origin;
    if (origin !== undefined) {
      const refused = this.refuseOrigin(origin, host, reply);
      if (refused) return refused;
    }
    if (request.method === 'OPTIONS') return null;
    if (WRITE_METHODS.has(request.method) && !this.isJsonOrEmpty(request)) {
      return {
        code: 'unsupported_media_type',
        message: 'Send the body as JSON with "Content-Type: application/json" (other body types are not accepted).',
      };
    }
    return null;
  }

  /** Same-origin pages, local tools and the configured origins may call; CORS headers go to the configured ones only. */
  private refuseOrigin(origin: string, host: string, reply: FastifyReply): { code: ErrorCode; message: string } | null {
    let parsed: URL | null = null;
    try {
      parsed = origin === 'null' ? null : new URL(origin);
    } catch {
      parsed = null;
    }
    const configured = parsed !== null && this.config.http.allowedOrigins.includes(parsed.origin);
    const allowed = parsed !== null && (parsed.host === host || isLoopbackName(parsed.hostname.toLowerCase()) || configured);
    if (!parsed || !allowed) {
      return {
        code: 'forbidden',
        message: `Origin ${origin} may not call this service; list it in ALLOWED_ORIGINS if it should.`,
      };
    }
    if (configured || parsed.host !== host) {
      void reply
        .header('access-control-allow-origin', parsed.origin)
        .header('vary', 'Origin')
        .header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE')
        .header('access-control-allow-headers', CORS_HEADERS)
        .header('access-control-max-age', '600');
    }
    return null;
  }

  private isJsonOrEmpty(request: FastifyRequest): boolean {
    const type = request.headers['content-type'];
    if (type === undefined) return !hasBody(request);
    return /^application\/json\s*(;|$)/i.test(type);
  }
}

function hasBody(request: FastifyRequest): boolean {
  return Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
}

/** A body still arriving after `ms` holds a socket for nothing: answer 408 and close it. */
function bodyDeadline(request: FastifyRequest, reply: FastifyReply, ms: number): void {
  const timer = setTimeout(() => {
    if (!reply.raw.headersSent) {
      const body = JSON.stringify({
        statusCode: 408,
        error: 'validation_failed',
        message: `The request body did not arrive within ${ms} ms.`,
      });
      reply.raw
        .writeHead(408, { ...replyHeaders(reply), 'content-type': 'application/json; charset=utf-8', connection: 'close' })
        .end(body);
    }
    request.raw.destroy();
  }, ms);
  timer.unref();
  const clear = () => clearTimeout(timer);
  request.raw.once('end', clear);
  request.raw.once('close', clear);
}

/** The deepest nesting of arrays and objects in a JSON text, counted without recursion. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) deepest = Math.max(deepest, ++depth);
    else if (c === 125 || c === 93) depth--;
  }
  return deepest;
}

/** `lookUp` is asked for the authenticator at the first request: it lives in the application, which is built after the gate. */
export function registerRequestGate(fastify: FastifyInstance, config: AppConfig, lookUp: () => RequestAuthenticator): void {
  const gate = new RequestGate(config);
  // Looked up once: resolving it through the application on every request cost each one measurably.
  let found: RequestAuthenticator | undefined;
  const authenticator = (): RequestAuthenticator => (found ??= lookUp());
  fastify.addHook('onRequest', async (request, reply) => {
    const refusal = gate.check(request, reply);
    if (refusal) return refuse(request, reply, refusal.code, refusal.message);
    // A CORS preflight from an allowed page: the headers were set by the check.
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) return reply.code(204).send();
    if (request.method !== 'OPTIONS' && needsIdentity(request.url)) {
      const refused = await authenticator().authenticate(request, isSignIn(request.url));
      if (refused) return refuse(request, reply, refused.code, refused.message);
    }
    if (hasBody(request)) bodyDeadline(request, reply, config.http.requestTimeoutMs);
  });

  // JSON only, and not too deep: a body nested thousands of levels is refused before it is parsed.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    if (jsonDepth(text) > config.http.bodyMaxDepth) {
      return done(
        new DomainError(
          'validation_failed',
          `The JSON body nests deeper than ${config.http.bodyMaxDepth} levels; send a flatter document.`,
        ),
        undefined,
      );
    }
    try {
      done(null, sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (error) {
      const poisoned = error instanceof SyntaxError && /prototype|constructor/i.test(error.message);
      done(
        new DomainError(
          'validation_failed',
          poisoned ? 'The body may not use the keys __proto__ or constructor.prototype.' : 'The body is not valid JSON.',
        ),
        undefined,
      );
    }
  });
}
