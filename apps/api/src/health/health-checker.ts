import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { Agent, request as undiciRequest } from 'undici';
import { Clock } from '../common/clock.js';
import type { HealthErrorKind, HealthStatus } from '../domain.js';

/** What one check asks for. */
export interface CheckRequest {
  url: string;
  expectedStatus: number;
  timeoutMs: number;
  /** Answers slower than this are a warning. */
  slowMs: number;
}

/** What one check found, before it is stored. */
export interface CheckOutcome {
  status: Exclude<HealthStatus, 'unknown'>;
  status_code: number | null;
  response_time_ms: number | null;
  error_kind: HealthErrorKind | null;
  error_message: string | null;
  url: string;
  checked_at: string;
}

type Judgement = Pick<CheckOutcome, 'status' | 'error_kind' | 'error_message'>;

/**
 * SPEC §6 on an answer: the expected status within the threshold is healthy; slower, or any other
 * status below 500, is a warning; 5xx is critical. A redirect is judged as the status it is (see
 * HealthChecker for why redirects are not followed).
 */
export function judgeAnswer(
  statusCode: number,
  responseTimeMs: number,
  expectedStatus: number,
  slowMs: number,
  location?: string | null,
): Judgement {
  if (statusCode === expectedStatus) {
    return responseTimeMs > slowMs
      ? {
          status: 'warning',
          error_kind: null,
          error_message: `answered ${statusCode} in ${responseTimeMs} ms, slower than the ${slowMs} ms threshold`,
        }
      : { status: 'healthy', error_kind: null, error_message: null };
  }
  const redirect = statusCode >= 300 && statusCode < 400 && location ? ` (redirect to ${location})` : '';
  return {
    status: statusCode >= 500 ? 'critical' : 'warning',
    error_kind: 'unexpected_status',
    error_message: `answered ${statusCode}${redirect}, expected ${expectedStatus}`,
  };
}

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
function rootCause(error: unknown): ErrorLike {
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

/** Connections kept open per target between checks; more are opened when checks of one host overlap. */
const KEEP_ALIVE_MS = 30_000;

/**
 * One HTTP health check: a GET with undici's `request` (the HTTP client inside Node's fetch, used
 * directly: a quarter of fetch's CPU per request, which is what lets thousands of environments be
 * checked every few seconds) and a timeout; the response time is measured until the status and
 * headers arrive. Redirects are not followed: a health endpoint that answers 3xx usually sends
 * callers to a login page or another host, and following it would report that page's 200 as this
 * service being healthy. A 3xx is therefore judged like any other unexpected status below 500 (a
 * warning), unless it is the expected status.
 */
@Injectable()
export class HealthChecker implements OnModuleDestroy {
  private readonly agent = new Agent({ keepAliveTimeout: KEEP_ALIVE_MS, keepAliveMaxTimeout: KEEP_ALIVE_MS });
  private closing = false;

  constructor(private readonly clock: Clock) {}

  /** Resolves with what the check found; rejects only when cut short by shutdown (no result, not a failure). */
  async check(request: CheckRequest): Promise<CheckOutcome> {
    const checked_at = this.clock.now();
    const timeout = AbortSignal.timeout(request.timeoutMs);
    const started = performance.now();
    try {
      const response = await undiciRequest(request.url, {
        method: 'GET',
        headers: { 'user-agent': 'workflow-mcp-health-check', accept: '*/*' },
        signal: timeout,
        dispatcher: this.agent,
      });
      const response_time_ms = Math.round(performance.now() - started);
      // The body is not judged; reading it to the end frees the connection for the next check.
      await response.body.dump().catch(() => undefined);
      const location = response.headers.location;
      const judgement = judgeAnswer(
        response.statusCode,
        response_time_ms,
        request.expectedStatus,
        request.slowMs,
        typeof location === 'string' ? location : null,
      );
      return { ...judgement, status_code: response.statusCode, response_time_ms, url: request.url, checked_at };
    } catch (error) {
      if (this.closing) throw error;
      const reason = timeout.aborted ? timeout.reason : error;
      return {
        status: 'critical',
        status_code: null,
        response_time_ms: null,
        ...describeCheckError(reason, request.timeoutMs, request.url),
        url: request.url,
        checked_at,
      };
    }
  }

  /** True once shutting down: a check cut short then has no result. */
  get closed(): boolean {
    return this.closing;
  }

  /** Cuts checks under way short and closes kept connections. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await this.agent.destroy().catch(() => undefined);
  }

  onModuleDestroy(): Promise<void> {
    return this.close();
  }
}

/** The URL a check goes to: a full URL as it is, or a path joined to the base URL (keeping the base's own path). */
export function checkUrl(baseUrl: string | null, target: string | null): string | null {
  if (target && /^https?:\/\//i.test(target)) return target;
  if (!baseUrl) return null;
  if (!target) return baseUrl;
  return `${baseUrl.replace(/\/+$/, '')}${target}`;
}
