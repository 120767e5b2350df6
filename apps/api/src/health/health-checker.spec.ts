import { describe, expect, it } from '@jest/globals';
import { judgeAnswer } from './checks/http-check.js';
import { checkUrl, describeCheckError } from './health-checker.js';
import { judgeCertificate } from './checks/tls-check.js';

/** Node's fetch wraps the real network error in `cause`, as these do. */
const fetchFailed = (cause: object) => Object.assign(new TypeError('fetch failed'), { cause });

describe('judging an answer (SPEC §6)', () => {
  it.each([
    ['the expected status in time', 200, 120, 200, 'healthy', null],
    ['the expected status exactly at the threshold', 200, 1000, 200, 'healthy', null],
    ['the expected status, slower than the threshold', 200, 1001, 200, 'warning', null],
    ['another 2xx', 204, 10, 200, 'warning', 'unexpected_status'],
    ['a redirect', 302, 10, 200, 'warning', 'unexpected_status'],
    ['a 4xx', 404, 10, 200, 'warning', 'unexpected_status'],
    ['a 5xx', 503, 10, 200, 'critical', 'unexpected_status'],
    ['a 5xx that is the expected status', 503, 10, 503, 'healthy', null],
    ['a slow 5xx', 500, 5000, 200, 'critical', 'unexpected_status'],
  ] as const)('%s', (_, code, ms, expected, status, kind) => {
    const judged = judgeAnswer(code, ms, expected, 1000);
    expect([judged.status, judged.error_kind]).toEqual([status, kind]);
    if (status !== 'healthy') expect(judged.error_message).toBeTruthy();
  });

  it('says where a redirect goes and what was expected', () => {
    expect(judgeAnswer(301, 5, 200, 1000, 'https://login.example.com/').error_message).toBe(
      'answered 301 (redirect to https://login.example.com/), expected 200',
    );
    expect(judgeAnswer(200, 1500, 200, 1000).error_message).toBe('answered 200 in 1500 ms, slower than the 1000 ms threshold');
  });
});

describe('naming why no answer came', () => {
  const url = 'http://api.internal:8080/health';

  it.each([
    [
      'a timeout',
      Object.assign(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
      'timeout',
      'no answer within 5000 ms',
    ],
    [
      'a refused connection',
      fetchFailed({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 10.0.0.1:8080' }),
      'refused',
      'connection refused by api.internal:8080',
    ],
    [
      'an unknown host',
      fetchFailed({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND api.internal' }),
      'dns',
      'DNS lookup of api.internal failed (ENOTFOUND)',
    ],
    ['a DNS server that does not answer', fetchFailed({ code: 'EAI_AGAIN' }), 'dns', 'EAI_AGAIN'],
    [
      'an expired certificate',
      fetchFailed({ code: 'CERT_HAS_EXPIRED', message: 'certificate has expired' }),
      'tls',
      'TLS failed: certificate has expired',
    ],
    [
      'a self-signed certificate',
      fetchFailed({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' }),
      'tls',
      'self-signed',
    ],
    [
      'a host name the certificate does not cover',
      fetchFailed({ code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: "Hostname/IP does not match certificate's altnames" }),
      'tls',
      'altnames',
    ],
    [
      'a connect timeout in the HTTP client',
      fetchFailed({ code: 'UND_ERR_CONNECT_TIMEOUT', message: 'Connect Timeout Error' }),
      'timeout',
      'UND_ERR_CONNECT_TIMEOUT',
    ],
    ['a reset connection', fetchFailed({ code: 'ECONNRESET', message: 'read ECONNRESET' }), 'network', 'request failed: read ECONNRESET'],
    [
      'a refused connection reported directly, as undici does',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8080'), { code: 'ECONNREFUSED' }),
      'refused',
      'connection refused',
    ],
    [
      'a socket closed by the other side',
      Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
      'network',
      'other side closed',
    ],
    [
      'every address refusing (happy eyeballs)',
      fetchFailed(Object.assign(new AggregateError([{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED ::1:8080' }]), {})),
      'refused',
      'connection refused',
    ],
  ])('%s', (_, error, kind, message) => {
    const described = describeCheckError(error, 5000, url);
    expect(described.error_kind).toBe(kind);
    expect(described.error_message).toContain(message);
  });
});

describe('the URL a check goes to', () => {
  it.each([
    ['https://api.company.com', null, 'https://api.company.com'],
    ['https://api.company.com', '/health', 'https://api.company.com/health'],
    ['https://api.company.com/', '/health', 'https://api.company.com/health'],
    ['https://api.company.com/v1', '/health', 'https://api.company.com/v1/health'],
    ['https://api.company.com', 'http://10.0.0.5:9000/ready', 'http://10.0.0.5:9000/ready'],
    [null, 'https://status.company.com/ping', 'https://status.company.com/ping'],
    [null, '/health', null],
    [null, null, null],
  ])('%s with %s', (base, target, url) => {
    expect(checkUrl(base, target)).toBe(url);
  });
});

describe('judging a TLS certificate', () => {
  const now = Date.parse('2026-06-01T12:00:00Z');
  const facts = (validFrom: string, validTo: string, trusted = true, reason: string | null = null) => ({
    validFrom: new Date(validFrom),
    validTo: new Date(validTo),
    trusted,
    untrustedReason: reason,
  });

  it.each([
    [
      'far from expiry',
      facts('2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z'),
      14,
      false,
      'healthy',
      null,
      '2027-01-01T00:00:00Z, 213 days left',
    ],
    [
      'inside the warning window',
      facts('2026-01-01T00:00:00Z', '2026-06-10T00:00:00Z'),
      14,
      false,
      'warning',
      'certificate_expiring',
      '8 days left (warning below 14)',
    ],
    [
      'expired',
      facts('2026-01-01T00:00:00Z', '2026-05-01T00:00:00Z'),
      14,
      true,
      'critical',
      'certificate_expired',
      'expired on 2026-05-01T00:00:00Z (32 days ago)',
    ],
    [
      'not yet valid',
      facts('2026-07-01T00:00:00Z', '2027-07-01T00:00:00Z'),
      14,
      false,
      'critical',
      'certificate_expired',
      'not valid until 2026-07-01',
    ],
    [
      'self-signed',
      facts('2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', false, 'DEPTH_ZERO_SELF_SIGNED_CERT'),
      14,
      false,
      'critical',
      'certificate_untrusted',
      'self-signed (DEPTH_ZERO_SELF_SIGNED_CERT)',
    ],
    [
      'self-signed, allowed',
      facts('2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', false, 'DEPTH_ZERO_SELF_SIGNED_CERT'),
      14,
      true,
      'healthy',
      null,
      '213 days left',
    ],
    [
      'another host name, allowed, expiring',
      facts('2026-01-01T00:00:00Z', '2026-06-03T00:00:00Z', false, 'ERR_TLS_CERT_ALTNAME_INVALID'),
      7,
      true,
      'warning',
      'certificate_expiring',
      '1 days left',
    ],
  ] as const)('%s', (_, certificate, warningDays, allowUntrusted, status, kind, words) => {
    const judged = judgeCertificate(certificate, now, warningDays, allowUntrusted);
    expect([judged.status, judged.error_kind]).toEqual([status, kind]);
    expect(judged.error_message).toContain(words);
  });
});
