import { performance } from 'node:perf_hooks';
import { request as undiciRequest } from 'undici';
import { judgeBody, readBodyStart } from './body-condition.js';
import { describeCheckError } from './check-errors.js';
import { CheckCancelled, type CheckContext, type CheckOutcome, type HttpCheckRequest, type Judgement } from './check-request.js';

/**
 * SPEC §6 on an answer: the expected status within the threshold is healthy; slower, or any other
 * status below 500, is a warning; 5xx is critical. A redirect is judged as the status it is (see
 * httpCheck for why redirects are not followed).
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

/**
 * One HTTP health check: a GET with undici's `request` (the HTTP client inside Node's fetch, used
 * directly: a quarter of fetch's CPU per request, which is what lets thousands of environments be
 * checked every few seconds) and a timeout; the response time is measured until the status and
 * headers arrive. Redirects are not followed: a health endpoint that answers 3xx usually sends
 * callers to a login page or another host, and following it would report that page's 200 as this
 * service being healthy. A 3xx is therefore judged like any other unexpected status below 500 (a
 * warning), unless it is the expected status. The body is read only when a condition needs it, and
 * then only its start; a failed condition is critical.
 */
export async function httpCheck(request: HttpCheckRequest, context: CheckContext, checked_at: string): Promise<CheckOutcome> {
  // Shutdown destroys the connection pool, which ends requests under way; no per-check signal to combine.
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const started = performance.now();
  const conditions = { keyword: request.keyword, jsonCondition: request.jsonCondition };
  const judgesBody = conditions.keyword !== null || conditions.jsonCondition !== null;
  try {
    const response = await undiciRequest(request.url, {
      method: 'GET',
      headers: { 'user-agent': 'workflow-mcp-health-check', accept: judgesBody ? 'application/json, */*' : '*/*' },
      signal: timeout,
      dispatcher: context.agent,
    });
    const response_time_ms = Math.round(performance.now() - started);
    const location = response.headers.location;
    let judgement = judgeAnswer(
      response.statusCode,
      response_time_ms,
      request.expectedStatus,
      request.slowMs,
      typeof location === 'string' ? location : null,
    );
    if (judgesBody && response.statusCode === request.expectedStatus) {
      judgement = judgeBody(await readBodyStart(response.body), conditions) ?? judgement;
    } else {
      // Read to the end, so the connection is free for the next check.
      await response.body.dump().catch(() => undefined);
    }
    return { ...judgement, status_code: response.statusCode, response_time_ms, url: request.url, checked_at };
  } catch (error) {
    if (context.shutdown.aborted) throw new CheckCancelled();
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
