import { dnsCheck } from './dns-check.js';
import { httpCheck } from './http-check.js';
import type { CheckContext, CheckOutcome, CheckRequest } from './check-request.js';
import { tcpCheck } from './tcp-check.js';
import { tlsCheck } from './tls-check.js';

/**
 * Runs one check of any kind. Resolves with what it found (a failure to connect is a critical
 * outcome, not an error); rejects with CheckCancelled only when shutdown cut it short.
 */
export function performCheck(
  request: CheckRequest,
  context: CheckContext,
  checked_at: string = new Date().toISOString(),
): Promise<CheckOutcome> {
  switch (request.kind) {
    case 'http':
      return httpCheck(request, context, checked_at);
    case 'tcp':
      return tcpCheck(request, context, checked_at);
    case 'tls':
      return tlsCheck(request, context, checked_at);
    case 'dns':
      return dnsCheck(request, context, checked_at);
  }
}
