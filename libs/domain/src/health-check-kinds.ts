import type { HealthCheckKind } from './vocabulary.js';

/**
 * What each kind of health check is pointed at, and the body conditions an HTTP check can hold,
 * parsed in one place: the contract refuses what these refuse when a setting is saved, and the
 * checks themselves run what these return.
 */

export const CHECK_KIND_LIMITS = {
  keywordMax: 200,
  jsonConditionMax: 300,
  dnsExpectedMax: 255,
  tlsExpiryWarningDaysMin: 1,
  tlsExpiryWarningDaysMax: 365,
  tlsExpiryWarningDaysDefault: 14,
  /** A body condition reads at most this much of the answer. */
  bodyReadMaxBytes: 64 * 1024,
  tlsDefaultPort: 443,
} as const;

export const JSON_CONDITION_OPERATORS = ['==', '!=', '<=', '>=', '<', '>'] as const;
export type JsonConditionOperator = (typeof JSON_CONDITION_OPERATORS)[number];

/** One step into a JSON value: a property name or an array index. */
export type JsonPathStep = string | number;

export interface JsonCondition {
  path: JsonPathStep[];
  operator: JsonConditionOperator;
  value: string | number | boolean | null;
  /** The condition as written, for messages. */
  source: string;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*/;
const INDEX = /^\[(\d{1,6})\]/;
const OPERATOR = /^(==|!=|<=|>=|<|>)/;
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * A JSON-path condition: `$` followed by `.name` and `[index]` steps, an operator (== != < <= > >=)
 * and a JSON literal (a "string", a number, true, false or null), e.g. `$.checks.db.healthy == true`.
 * Nothing else (wildcards, filters, scripts) is accepted: the condition is data, never code.
 */
export function parseJsonCondition(text: string): Parsed<JsonCondition> {
  const source = text.trim();
  if (!source.startsWith('$')) return { ok: false, problem: 'must start with $, e.g. $.status == "ok"' };
  let rest = source.slice(1);
  const path: JsonPathStep[] = [];
  for (;;) {
    if (rest.startsWith('.')) {
      const name = NAME.exec(rest.slice(1));
      if (!name) return { ok: false, problem: `has a "." not followed by a property name (letters, digits, _ or -) at "${rest}"` };
      path.push(name[0]);
      rest = rest.slice(1 + name[0].length);
      continue;
    }
    const index = INDEX.exec(rest);
    if (index) {
      path.push(Number(index[1]));
      rest = rest.slice(index[0].length);
      continue;
    }
    break;
  }
  rest = rest.trimStart();
  const operator = OPERATOR.exec(rest);
  if (!operator) {
    return {
      ok: false,
      problem: `must be a path (.name and [index] steps) then one of == != < <= > >= and a value; could not read "${rest || 'the end'}"`,
    };
  }
  const literal = rest.slice(operator[0].length).trim();
  const value = parseLiteral(literal);
  if (!value.ok) return value;
  const op = operator[0] as JsonConditionOperator;
  if (op !== '==' && op !== '!=' && typeof value.value !== 'number') {
    return { ok: false, problem: `compares with ${op}, which needs a number on the right, not ${literal}` };
  }
  return { ok: true, value: { path, operator: op, value: value.value, source } };
}

function parseLiteral(literal: string): Parsed<JsonCondition['value']> {
  if (literal === 'true') return { ok: true, value: true };
  if (literal === 'false') return { ok: true, value: false };
  if (literal === 'null') return { ok: true, value: null };
  if (NUMBER.test(literal)) return { ok: true, value: Number(literal) };
  if (literal.startsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(literal);
      if (typeof parsed === 'string') return { ok: true, value: parsed };
    } catch {
      /* named below */
    }
    return { ok: false, problem: `has a string value that is not a complete "quoted string": ${literal}` };
  }
  return {
    ok: false,
    problem: `must end with a value: a "quoted string", a number, true, false or null (got ${literal === '' ? 'nothing' : literal})`,
  };
}

/** Where a path leads in a parsed JSON document; `found` is false when a step is missing. */
export function followJsonPath(document: unknown, path: JsonPathStep[]): { found: boolean; value: unknown } {
  let current = document;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(current) || step >= current.length) return { found: false, value: undefined };
      current = current[step];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, step)) {
        return { found: false, value: undefined };
      }
      current = (current as Record<string, unknown>)[step];
    }
  }
  return { found: true, value: current };
}

/** Whether the document meets the condition, and what was found at the path (for the message). */
export function meetsJsonCondition(document: unknown, condition: JsonCondition): { met: boolean; found: boolean; actual: unknown } {
  const { found, value } = followJsonPath(document, condition.path);
  if (!found) return { met: false, found, actual: undefined };
  const expected = condition.value;
  switch (condition.operator) {
    case '==':
      return { met: value === expected, found, actual: value };
    case '!=':
      return { met: value !== expected, found, actual: value };
    default: {
      if (typeof value !== 'number' || typeof expected !== 'number') return { met: false, found, actual: value };
      const met =
        condition.operator === '<'
          ? value < expected
          : condition.operator === '<='
            ? value <= expected
            : condition.operator === '>'
              ? value > expected
              : value >= expected;
      return { met, found, actual: value };
    }
  }
}

/** A host and port, as a tcp or tls check connects to them. */
export interface HostPort {
  host: string;
  port: number;
}

const HOST = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?)$/;
const DNS_NAME = /^(?=.{1,253}\.?$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;

function hostPort(target: string, schemes: readonly string[], defaultPort: number | null, example: string): Parsed<HostPort> {
  let rest = target.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest);
  if (scheme) {
    if (!schemes.includes(scheme[1]!.toLowerCase())) {
      return { ok: false, problem: `must be host:port, e.g. ${example} (the scheme ${scheme[1]}:// does not fit this kind)` };
    }
    rest = rest.slice(scheme[0].length).replace(/\/+$/, '');
  }
  const match = /^(.*?)(?::(\d{1,5}))?$/.exec(rest)!;
  const host = match[1]!;
  const port = match[2] === undefined ? defaultPort : Number(match[2]);
  if (!HOST.test(host)) return { ok: false, problem: `must be host:port, e.g. ${example}` };
  if (port === null) return { ok: false, problem: `needs a port, e.g. ${example}` };
  if (port < 1 || port > 65_535) return { ok: false, problem: `has port ${port}; a port is 1 to 65535` };
  return { ok: true, value: { host: host.replace(/^\[|\]$/g, ''), port } };
}

/** `db.internal:5432` or `tcp://db.internal:5432`. */
export const parseTcpTarget = (target: string) => hostPort(target, ['tcp'], null, 'db.internal:5432');

/** `api.company.com`, `api.company.com:8443` or `https://api.company.com`; the port defaults to 443. */
export const parseTlsTarget = (target: string) =>
  hostPort(target, ['tls', 'https'], CHECK_KIND_LIMITS.tlsDefaultPort, 'api.company.com:443');

/** A host name to resolve, e.g. `api.company.com`. */
export function parseDnsTarget(target: string): Parsed<string> {
  const name = target.trim();
  return DNS_NAME.test(name) ? { ok: true, value: name } : { ok: false, problem: 'must be a host name to resolve, e.g. api.company.com' };
}

const PATH_OR_HTTP_URL = /^(\/[^\s]*|https?:\/\/[^\s/?#]+[^\s]*)$/i;

/** The settings that decide whether a check of a kind can run. */
export interface CheckKindSettings {
  kind: HealthCheckKind;
  target: string | null;
  body_keyword: string | null;
  body_json_condition: string | null;
  dns_expected: string | null;
  dns_record_type: string | null;
}

/**
 * What is wrong with a combination of settings, as field and message. The non-HTTP kinds need a
 * target of their own (there is no url to fall back on); body conditions belong to HTTP; DNS
 * settings to DNS.
 */
export function checkKindProblems(s: CheckKindSettings): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  const target = s.target;
  const need = (example: string) =>
    problems.push({ field: 'health_check.target', message: `a ${s.kind} check needs a target, e.g. ${example}` });
  if (s.kind === 'http') {
    if (target !== null && !PATH_OR_HTTP_URL.test(target)) {
      problems.push({ field: 'health_check.target', message: 'must be a path starting with / or an absolute http(s) URL' });
    }
  } else if (target === null) {
    need(s.kind === 'tcp' ? 'db.internal:5432' : s.kind === 'tls' ? 'api.company.com:443' : 'api.company.com');
  } else {
    const parsed = s.kind === 'tcp' ? parseTcpTarget(target) : s.kind === 'tls' ? parseTlsTarget(target) : parseDnsTarget(target);
    if (!parsed.ok) problems.push({ field: 'health_check.target', message: `${parsed.problem} for a ${s.kind} check` });
  }
  if (s.kind !== 'http') {
    if (s.body_keyword !== null)
      problems.push({ field: 'health_check.body_keyword', message: 'applies to http checks only; set it to null' });
    if (s.body_json_condition !== null) {
      problems.push({ field: 'health_check.body_json_condition', message: 'applies to http checks only; set it to null' });
    }
  }
  if (s.kind !== 'dns') {
    if (s.dns_expected !== null)
      problems.push({ field: 'health_check.dns_expected', message: 'applies to dns checks only; set it to null' });
    if (s.dns_record_type !== null) {
      problems.push({ field: 'health_check.dns_record_type', message: 'applies to dns checks only; set it to null' });
    }
  }
  if (s.body_json_condition !== null) {
    const parsed = parseJsonCondition(s.body_json_condition);
    if (!parsed.ok) problems.push({ field: 'health_check.body_json_condition', message: parsed.problem });
  }
  return problems;
}
