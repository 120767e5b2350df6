import { CHECK_KIND_LIMITS, parseDnsTarget, parseTcpTarget, parseTlsTarget, type HealthCheckSettings } from '../../domain.js';
import type { CheckRequest } from './check-request.js';

/** The URL an HTTP check goes to: a full URL as it is, or a path joined to the base URL (keeping the base's own path). */
export function checkUrl(baseUrl: string | null, target: string | null): string | null {
  if (target && /^https?:\/\//i.test(target)) return target;
  if (!baseUrl) return null;
  if (!target) return baseUrl;
  return `${baseUrl.replace(/\/+$/, '')}${target}`;
}

/** The check an environment's settings describe; null when they name nowhere to check. */
export function checkRequestFor(baseUrl: string | null, settings: HealthCheckSettings): CheckRequest | null {
  const timing = { timeoutMs: settings.timeout_ms, slowMs: settings.slow_threshold_ms };
  const target = settings.target;
  switch (settings.kind) {
    case 'http': {
      const url = checkUrl(baseUrl, target);
      if (!url) return null;
      return {
        kind: 'http',
        url,
        expectedStatus: settings.expected_status,
        ...timing,
        keyword: settings.body_keyword === null ? null : { text: settings.body_keyword, absent: settings.body_keyword_absent },
        jsonCondition: settings.body_json_condition,
      };
    }
    case 'tcp': {
      const parsed = target === null ? null : parseTcpTarget(target);
      return parsed?.ok ? { kind: 'tcp', ...parsed.value, ...timing } : null;
    }
    case 'tls': {
      const parsed = target === null ? null : parseTlsTarget(target);
      return parsed?.ok
        ? {
            kind: 'tls',
            ...parsed.value,
            ...timing,
            expiryWarningDays: settings.tls_expiry_warning_days ?? CHECK_KIND_LIMITS.tlsExpiryWarningDaysDefault,
            allowUntrusted: settings.tls_allow_untrusted,
          }
        : null;
    }
    case 'dns': {
      const parsed = target === null ? null : parseDnsTarget(target);
      return parsed?.ok
        ? { kind: 'dns', name: parsed.value, recordType: settings.dns_record_type, expected: settings.dns_expected, ...timing }
        : null;
    }
  }
}

/** A plain GET of a URL with the environment's status and timing settings (a deployment's health_check_url). */
export function httpRequestFor(url: string, settings: HealthCheckSettings): CheckRequest {
  return {
    kind: 'http',
    url,
    expectedStatus: settings.expected_status,
    timeoutMs: settings.timeout_ms,
    slowMs: settings.slow_threshold_ms,
    keyword: null,
    jsonCondition: null,
  };
}
