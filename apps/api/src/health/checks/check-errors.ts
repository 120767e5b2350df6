import type { CheckOutcome } from './check-request.js';

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_NODATA', 'EAI_FAIL']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED|SELF_SIGNED_CERT|HOSTNAME_MISMATCH|EPROTO$)/;

/**
 * The root cause of a failed request: the error itself, or, as fetch reports it, the real error in
 * `cause`; sometimes an AggregateError of one attempt per address. Duck-typed, not
 * instanceof: the error may come from another realm (e.g. under a test runner's VM).
 */
export function rootCause(error: unknown): ErrorLike {
  let current = (error ?? {}) as ErrorLike;
  for (let depth = 0; depth < 5; depth++) {
    if (typeof current.code === 'string') return current;
    if (Array.isArray(current.errors) && current.errors.length > 0) {
      current = current.errors[0] as ErrorLike;
      continue;
    }
    if (current.cause && typeof current.cause === 'object') {
      current = current.cause as ErrorLike;
      continue;
    }
    break;
  }
  return current;
}

/** Why no answer came, as an error kind and words an operator can act on. */
export function describeCheckError(error: unknown, timeoutMs: number, url: string): Pick<CheckOutcome, 'error_kind' | 'error_message'> {
  const name = (error as ErrorLike | null)?.name;
  if (name === 'TimeoutError') return { error_kind: 'timeout', error_message: `no answer within ${timeoutMs} ms` };
  const cause = rootCause(error);
  const code = typeof cause.code === 'string' ? cause.code : '';
  const detail = typeof cause.message === 'string' && cause.message !== '' ? cause.message : code || String(error);
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    /* keep the URL as given */
  }
  if (code === 'ECONNREFUSED') return { error_kind: 'refused', error_message: `connection refused by ${host} (nothing listening)` };
  if (DNS_CODES.has(code)) return { error_kind: 'dns', error_message: `DNS lookup of ${host.replace(/:\d+$/, '')} failed (${code})` };
  if (TIMEOUT_CODES.has(code)) return { error_kind: 'timeout', error_message: `no answer within ${timeoutMs} ms (${code})` };
  if (TLS_CODE.test(code)) return { error_kind: 'tls', error_message: `TLS failed: ${detail}` };
  return { error_kind: 'network', error_message: `request failed: ${detail}` };
}
