import { isLoopback, type AppConfig } from '../config/app-config.js';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function hostnameOf(hostHeader: string): string | null {
  try {
    return new URL(`http://${hostHeader}`).hostname;
  } catch {
    return null;
  }
}

/**
 * Guards /mcp against DNS rebinding: a web page on another site that resolves its own
 * name to 127.0.0.1 must not reach tools served on loopback. Returns why a request is
 * refused, or null when it may proceed.
 */
export function refuseForeignRequest(config: AppConfig, host: string | undefined, origin: string | undefined): string | null {
  if (isLoopback(config.host)) {
    const hostname = host ? hostnameOf(host) : null;
    if (!hostname || !LOOPBACK_NAMES.has(hostname)) {
      return `Host "${host ?? ''}" is not this service's loopback address; connect to http://localhost:${config.port}/mcp.`;
    }
  }
  if (origin !== undefined && origin !== 'null') {
    let parsed: URL | null = null;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = null;
    }
    const allowed = parsed !== null && (LOOPBACK_NAMES.has(parsed.hostname) || config.http.allowedOrigins.includes(parsed.origin));
    if (!allowed) return `Origin ${origin} may not call this service's MCP endpoint; add it to MCP_ALLOWED_ORIGINS if it should.`;
  } else if (origin === 'null') {
    return "Requests from opaque origins may not call this service's MCP endpoint.";
  }
  return null;
}
