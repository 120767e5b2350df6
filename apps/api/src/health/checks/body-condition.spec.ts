import { describe, expect, it } from '@jest/globals';
import { checkKindProblems, parseJsonCondition, meetsJsonCondition } from '../../domain.js';
import { judgeBody } from './body-condition.js';

const body = (text: string, truncated = false) => ({ text, truncated });
const judged = (text: string, conditions: Parameters<typeof judgeBody>[1]) => judgeBody(body(text), conditions);

describe('parsing a JSON-path condition', () => {
  it.each([
    ['$.status == "ok"', ['status'], '==', 'ok'],
    ['$.checks.db.healthy == true', ['checks', 'db', 'healthy'], '==', true],
    ['$.items[2].latency_ms < 200', ['items', 2, 'latency_ms'], '<', 200],
    ['$[0] != null', [0], '!=', null],
    ['  $.load >= -1.5e2 ', ['load'], '>=', -150],
    ['$.name-with-dash == "a \\"quoted\\" b"', ['name-with-dash'], '==', 'a "quoted" b'],
    ['$ == false', [], '==', false],
  ])('%s', (text, path, operator, value) => {
    const parsed = parseJsonCondition(text);
    expect(parsed).toEqual({ ok: true, value: { path, operator, value, source: text.trim() } });
  });

  it.each([
    ['status == "ok"', 'must start with $'],
    ['$.status', 'one of == != < <= > >='],
    ['$.status = "ok"', 'one of == != < <= > >='],
    ['$.status == ok', 'must end with a value'],
    ['$.status == "ok', 'not a complete "quoted string"'],
    ['$.count > "5"', 'needs a number on the right'],
    ['$..status == "ok"', 'not followed by a property name'],
    ['$.items[*].ok == true', 'could not read "[*].ok == true"'],
    ['$.items[?(@.ok)] == true', 'could not read'],
    ['$.a == 1; process.exit()', 'must end with a value'],
    ['$.a ==', 'got nothing'],
  ])('refuses %s', (text, problem) => {
    const parsed = parseJsonCondition(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });
});

describe('judging a JSON document', () => {
  const doc = { status: 'ok', checks: { db: { healthy: true, latency_ms: 12 } }, items: [{ n: 1 }, { n: 'two' }], nothing: null };
  it.each([
    ['$.status == "ok"', true],
    ['$.status != "ok"', false],
    ['$.checks.db.healthy == true', true],
    ['$.checks.db.healthy == "true"', false],
    ['$.checks.db.latency_ms < 20', true],
    ['$.checks.db.latency_ms <= 12', true],
    ['$.checks.db.latency_ms > 12', false],
    ['$.checks.db.latency_ms >= 13', false],
    ['$.items[0].n == 1', true],
    ['$.items[1].n > 0', false],
    ['$.items[5].n == 1', false],
    ['$.nothing == null', true],
    ['$.missing == null', false],
    ['$.status.length == 2', false],
    ['$.toString != null', false],
  ])('%s is %s', (text, met) => {
    const parsed = parseJsonCondition(text);
    if (!parsed.ok) throw new Error(parsed.problem);
    expect(meetsJsonCondition(doc, parsed.value).met).toBe(met);
  });
});

describe('judging a body', () => {
  it('passes when every condition holds', () => {
    expect(judged('{"status":"ok"}', { keyword: { text: 'ok', absent: false }, jsonCondition: '$.status == "ok"' })).toBeNull();
    expect(judged('all good', { keyword: { text: 'ERROR', absent: true }, jsonCondition: null })).toBeNull();
  });

  it('is critical, naming the keyword, when it is missing or present against the rule', () => {
    expect(judged('degraded', { keyword: { text: 'ok', absent: false }, jsonCondition: null })).toEqual({
      status: 'critical',
      error_kind: 'body_condition',
      error_message: 'body does not contain "ok"',
    });
    expect(judged('ERROR: db down', { keyword: { text: 'ERROR', absent: true }, jsonCondition: null })?.error_message).toBe(
      'body contains "ERROR", which must not appear',
    );
  });

  it('says what the path held, or that it is missing, or that the body is not JSON', () => {
    const condition = '$.checks.db.healthy == true';
    expect(judged('{"checks":{"db":{"healthy":false}}}', { keyword: null, jsonCondition: condition })?.error_message).toBe(
      '$.checks.db.healthy == true is false: $.checks.db.healthy is false',
    );
    expect(judged('{"checks":{}}', { keyword: null, jsonCondition: condition })?.error_message).toBe(
      '$.checks.db.healthy == true is false: $.checks.db.healthy is missing from the body',
    );
    expect(judged('<html>ok</html>', { keyword: null, jsonCondition: condition })?.error_message).toContain('body is not JSON');
    expect(judgeBody(body('{"checks":', true), { keyword: null, jsonCondition: condition })?.error_message).toContain('longer than 64 KiB');
  });
});

describe('settings that must fit their kind', () => {
  const base = {
    kind: 'http' as const,
    target: null,
    body_keyword: null,
    body_json_condition: null,
    dns_expected: null,
    dns_record_type: null,
  };
  it.each([
    [{ kind: 'tcp' as const }, 'health_check.target', 'a tcp check needs a target'],
    [{ kind: 'tcp' as const, target: 'db.internal' }, 'health_check.target', 'needs a port'],
    [{ kind: 'tcp' as const, target: 'https://db.internal:5432' }, 'health_check.target', 'does not fit this kind'],
    [{ kind: 'tcp' as const, target: 'db.internal:70000' }, 'health_check.target', 'a port is 1 to 65535'],
    [{ kind: 'dns' as const, target: '/health' }, 'health_check.target', 'must be a host name'],
    [{ kind: 'http' as const, target: 'db.internal:5432' }, 'health_check.target', 'must be a path'],
    [{ kind: 'dns' as const, target: 'a.example', body_keyword: 'ok' }, 'health_check.body_keyword', 'http checks only'],
    [{ kind: 'tcp' as const, target: 'a:1', dns_expected: '1.2.3.4' }, 'health_check.dns_expected', 'dns checks only'],
    [{ body_json_condition: '$.a = 1' }, 'health_check.body_json_condition', 'one of =='],
  ])('%j', (settings, field, message) => {
    const problems = checkKindProblems({ ...base, ...settings });
    expect(problems).toEqual([expect.objectContaining({ field, message: expect.stringContaining(message) })]);
  });

  it.each([
    { kind: 'tcp' as const, target: 'db.internal:5432' },
    { kind: 'tcp' as const, target: 'tcp://10.0.0.5:6379' },
    { kind: 'tcp' as const, target: '[::1]:5432' },
    { kind: 'tls' as const, target: 'api.company.com' },
    { kind: 'tls' as const, target: 'https://api.company.com:8443' },
    { kind: 'dns' as const, target: 'api.company.com', dns_record_type: 'MX', dns_expected: 'mail' },
    { kind: 'http' as const, target: '/health', body_json_condition: '$.status == "ok"', body_keyword: 'ok' },
  ])('accepts %j', (settings) => {
    expect(checkKindProblems({ ...base, ...settings })).toEqual([]);
  });
});
