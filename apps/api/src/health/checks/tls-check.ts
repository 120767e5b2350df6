import { isIP } from 'node:net';
import { connect, type PeerCertificate } from 'node:tls';
import { describeCheckError } from './check-errors.js';
import {
  CheckCancelled,
  describeTarget,
  slowOr,
  type CheckContext,
  type CheckOutcome,
  type Judgement,
  type TlsCheckRequest,
} from './check-request.js';
import { attempt } from './socket-attempt.js';
import { DAY_MS } from '../../common/durations.js';

/** The validity a certificate claims, and whether the connection's verification trusted it. */
export interface CertificateFacts {
  validFrom: Date;
  validTo: Date;
  trusted: boolean;
  /** Why it was not trusted (OpenSSL's code, e.g. DEPTH_ZERO_SELF_SIGNED_CERT). */
  untrustedReason: string | null;
}

const day = (date: Date) => date.toISOString().replace('.000', '');

/**
 * A certificate judged: expired or not yet valid is critical; untrusted (self-signed, unknown issuer,
 * another host's name) is critical unless allowed; expiring within the warning window is a warning.
 * Every outcome names the expiry date and the days left, so a healthy one says when to renew too.
 */
export function judgeCertificate(facts: CertificateFacts, now: number, warningDays: number, allowUntrusted: boolean): Judgement {
  const daysLeft = Math.floor((facts.validTo.getTime() - now) / DAY_MS);
  if (facts.validTo.getTime() <= now) {
    return {
      status: 'critical',
      error_kind: 'certificate_expired',
      error_message: `certificate expired on ${day(facts.validTo)} (${Math.ceil((now - facts.validTo.getTime()) / DAY_MS)} days ago): renew it`,
    };
  }
  if (facts.validFrom.getTime() > now) {
    return {
      status: 'critical',
      error_kind: 'certificate_expired',
      error_message: `certificate is not valid until ${day(facts.validFrom)}: check the server's certificate or its clock`,
    };
  }
  if (!facts.trusted && !allowUntrusted) {
    const reason = facts.untrustedReason ?? 'not trusted';
    const selfSigned = /SELF_SIGNED/.test(reason);
    return {
      status: 'critical',
      error_kind: 'certificate_untrusted',
      error_message: `certificate is ${selfSigned ? 'self-signed' : 'not trusted'} (${reason}); expires ${day(facts.validTo)}, ${daysLeft} days left. Install a certificate from a trusted issuer, or set tls_allow_untrusted to accept it`,
    };
  }
  if (daysLeft < warningDays) {
    return {
      status: 'warning',
      error_kind: 'certificate_expiring',
      error_message: `certificate expires ${day(facts.validTo)}, ${daysLeft} days left (warning below ${warningDays}): renew it`,
    };
  }
  return { status: 'healthy', error_kind: null, error_message: `certificate valid until ${day(facts.validTo)}, ${daysLeft} days left` };
}

function factsOf(certificate: PeerCertificate, authorized: boolean, reason: Error | string | null): CertificateFacts | null {
  if (!certificate || !certificate.valid_to) return null;
  return {
    validFrom: new Date(certificate.valid_from),
    validTo: new Date(certificate.valid_to),
    trusted: authorized,
    untrustedReason: reason === null ? null : typeof reason === 'string' ? reason : reason.message,
  };
}

/**
 * A TLS handshake with host:port: verification runs as a client's would (system CAs, the host name),
 * but the result is read rather than enforced, so an untrusted certificate's dates are still judged.
 */
export async function tlsCheck(request: TlsCheckRequest, context: CheckContext, checked_at: string): Promise<CheckOutcome> {
  const url = describeTarget(request);
  try {
    const { socket, ms } = await attempt(
      () =>
        connect({
          host: request.host,
          port: request.port,
          ...(isIP(request.host) ? {} : { servername: request.host }),
          rejectUnauthorized: false,
        }),
      'secureConnect',
      request.timeoutMs,
      context.shutdown,
    );
    const facts = factsOf(socket.getPeerCertificate(), socket.authorized, socket.authorizationError ?? null);
    socket.destroy();
    if (!facts) {
      return {
        status: 'critical',
        status_code: null,
        response_time_ms: ms,
        error_kind: 'tls',
        error_message: 'the server sent no certificate',
        url,
        checked_at,
      };
    }
    const judged = judgeCertificate(facts, Date.now(), request.expiryWarningDays, request.allowUntrusted);
    const timed = judged.status === 'healthy' ? slowOr(judged, 'handshake done', ms, request.slowMs) : judged;
    return { ...timed, status_code: null, response_time_ms: ms, url, checked_at };
  } catch (error) {
    if (error instanceof CheckCancelled || context.shutdown.aborted) throw new CheckCancelled();
    const described = describeCheckError(error, request.timeoutMs, url);
    // A handshake that fails before any certificate is judged: name it as TLS, not as the network.
    const handshake =
      described.error_kind === 'network'
        ? {
            error_kind: 'tls' as const,
            error_message: `TLS handshake failed: ${(described.error_message ?? '').replace(/^request failed: /, '')}`,
          }
        : described;
    return { status: 'critical', status_code: null, response_time_ms: null, ...handshake, url, checked_at };
  }
}
