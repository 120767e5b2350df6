import type { Dispatcher } from 'undici';
import type { DnsRecordType, HealthErrorKind, HealthStatus } from '../../domain.js';

/** Settings every kind of check shares. */
interface CheckTiming {
  timeoutMs: number;
  /** Answers slower than this are a warning. */
  slowMs: number;
}

/** An HTTP GET; the body is read (bounded) only when a condition is set. */
export interface HttpCheckRequest extends CheckTiming {
  kind: 'http';
  url: string;
  expectedStatus: number;
  keyword: { text: string; absent: boolean } | null;
  jsonCondition: string | null;
}

/** A TCP connect to host:port. */
export interface TcpCheckRequest extends CheckTiming {
  kind: 'tcp';
  host: string;
  port: number;
}

/** A TLS handshake with host:port, judging the peer certificate. */
export interface TlsCheckRequest extends CheckTiming {
  kind: 'tls';
  host: string;
  port: number;
  expiryWarningDays: number;
  allowUntrusted: boolean;
}

/** A DNS lookup of a name: A and AAAA, or one record type. */
export interface DnsCheckRequest extends CheckTiming {
  kind: 'dns';
  name: string;
  recordType: DnsRecordType | null;
  expected: string | null;
}

/**
 * What one check asks for, by kind. Plain data (no functions, no classes), so it can be handed to
 * another thread as it is.
 */
export type CheckRequest = HttpCheckRequest | TcpCheckRequest | TlsCheckRequest | DnsCheckRequest;

/** What one check found, before it is stored. */
export interface CheckOutcome {
  status: Exclude<HealthStatus, 'unknown'>;
  status_code: number | null;
  response_time_ms: number | null;
  error_kind: HealthErrorKind | null;
  error_message: string | null;
  /** Where the check went: the HTTP URL, or tcp://, tls://, dns:// and the target. */
  url: string;
  checked_at: string;
}

export type Judgement = Pick<CheckOutcome, 'status' | 'error_kind' | 'error_message'>;

/** What checks share while they run: kept HTTP connections, the DNS servers to ask, and shutdown. */
export interface CheckContext {
  agent: Dispatcher;
  /** Servers a dns check asks (ip or ip:port); empty: the system's resolvers. */
  dnsServers: readonly string[];
  /** Aborted on shutdown: checks under way are cut short and have no result. */
  shutdown: AbortSignal;
}

/** Thrown when a check was cut short by shutdown: there is no result to store. */
export class CheckCancelled extends Error {
  constructor() {
    super('health check cut short by shutdown');
    this.name = 'CheckCancelled';
  }
}

/** Where a request goes, as stored with its result. */
export function describeTarget(request: CheckRequest): string {
  switch (request.kind) {
    case 'http':
      return request.url;
    case 'tcp':
    case 'tls':
      return `${request.kind}://${request.host.includes(':') ? `[${request.host}]` : request.host}:${request.port}`;
    case 'dns':
      return `dns://${request.name}${request.recordType ? `?type=${request.recordType}` : ''}`;
  }
}

/** The same answer, slower than the threshold, is a warning that says how slow. */
export function slowOr(healthy: Judgement, what: string, responseTimeMs: number, slowMs: number): Judgement {
  if (responseTimeMs <= slowMs) return healthy;
  const note = healthy.error_message ? `; ${healthy.error_message}` : '';
  return {
    status: 'warning',
    error_kind: healthy.error_kind,
    error_message: `${what} in ${responseTimeMs} ms, slower than the ${slowMs} ms threshold${note}`,
  };
}
