import { Resolver } from 'node:dns/promises';
import { performance } from 'node:perf_hooks';
import {
  CheckCancelled,
  describeTarget,
  slowOr,
  type CheckContext,
  type CheckOutcome,
  type DnsCheckRequest,
  type Judgement,
} from './check-request.js';

interface DnsErrorLike {
  code?: unknown;
}

/** One answer as text, whatever its record type. */
function answerText(record: unknown): string {
  if (typeof record === 'string') return record;
  if (Array.isArray(record)) return record.join('');
  if (record && typeof record === 'object' && 'exchange' in record) {
    const mx = record as { exchange: string; priority: number };
    return `${mx.priority} ${mx.exchange}`;
  }
  return JSON.stringify(record);
}

/** Why a lookup failed, as an error kind and words an operator can act on. */
export function describeDnsError(error: unknown, request: DnsCheckRequest): Judgement {
  const code = typeof (error as DnsErrorLike | null)?.code === 'string' ? String((error as DnsErrorLike).code) : '';
  const asked = request.recordType ?? 'A or AAAA';
  const critical = (error_kind: Judgement['error_kind'], error_message: string): Judgement => ({
    status: 'critical',
    error_kind,
    error_message,
  });
  switch (code) {
    case 'ENOTFOUND':
      return critical('dns', `${request.name} does not exist (NXDOMAIN): check the name or its zone`);
    case 'ENODATA':
      return critical('dns', `${request.name} has no ${asked} records`);
    case 'ETIMEOUT':
      return critical('timeout', `no DNS answer for ${request.name} within ${request.timeoutMs} ms`);
    case 'ECONNREFUSED':
      return critical('dns', `the DNS server refused the query for ${request.name}: check DNS_SERVERS`);
    case 'ESERVFAIL':
      return critical('dns', `the DNS server failed to answer for ${request.name} (SERVFAIL)`);
    case 'EREFUSED':
      return critical('dns', `the DNS server refused to answer for ${request.name} (REFUSED)`);
    default:
      return critical('dns', `DNS lookup of ${request.name} failed (${code || String(error)})`);
  }
}

/**
 * A DNS lookup through node:dns's Resolver (the DNS_SERVERS setting, else the system's servers), one
 * try within the timeout. Without a record type it asks for A and AAAA and is answered by either.
 * NXDOMAIN, no records or no answer is critical; an answer without the expected value, or a slow
 * one, is a warning.
 */
export async function dnsCheck(request: DnsCheckRequest, context: CheckContext, checked_at: string): Promise<CheckOutcome> {
  const url = describeTarget(request);
  if (context.shutdown.aborted) throw new CheckCancelled();
  const resolver = new Resolver({ timeout: request.timeoutMs, tries: 1 });
  if (context.dnsServers.length > 0) resolver.setServers([...context.dnsServers]);
  const cancel = () => resolver.cancel();
  context.shutdown.addEventListener('abort', cancel, { once: true });
  // The resolver's own timeout is per try; this bounds the whole lookup the same way.
  let timer: NodeJS.Timeout | undefined;
  const overall = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      resolver.cancel();
      reject(Object.assign(new Error('DNS lookup timed out'), { code: 'ETIMEOUT' }));
    }, request.timeoutMs + 50);
  });
  const started = performance.now();
  try {
    const lookup = request.recordType
      ? (resolver.resolve(request.name, request.recordType) as Promise<unknown[]>)
      : Promise.allSettled([resolver.resolve4(request.name), resolver.resolve6(request.name)]).then(([v4, v6]) => {
          const found = [v4, v6].flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
          if (found.length > 0) return found;
          const failures = [v4, v6].map((r) => (r.status === 'rejected' ? (r.reason as DnsErrorLike) : { code: 'ENODATA' }));
          // A name that does not exist says more than "no records of this type".
          throw failures.find((f) => f.code !== 'ENODATA') ?? failures[0];
        });
    const answers = (await Promise.race([lookup, overall])).map(answerText);
    const ms = Math.round(performance.now() - started);
    let judged: Judgement = { status: 'healthy', error_kind: null, error_message: null };
    if (request.expected !== null) {
      const wanted = request.expected.toLowerCase();
      if (!answers.some((a) => a.toLowerCase().includes(wanted))) {
        const shown = answers.slice(0, 5).join(', ') + (answers.length > 5 ? ', ...' : '');
        judged = {
          status: 'warning',
          error_kind: 'dns_answer',
          error_message: `${request.name} answered ${shown}, none of which contains ${request.expected}`,
        };
      }
    }
    if (judged.status === 'healthy') judged = slowOr(judged, 'answered', ms, request.slowMs);
    return { ...judged, status_code: null, response_time_ms: ms, url, checked_at };
  } catch (error) {
    if (context.shutdown.aborted) throw new CheckCancelled();
    return { ...describeDnsError(error, request), status_code: null, response_time_ms: null, url, checked_at };
  } finally {
    clearTimeout(timer);
    context.shutdown.removeEventListener('abort', cancel);
  }
}
