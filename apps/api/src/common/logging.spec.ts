import { describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { PassThrough } from 'node:stream';
import { createLogger, PinoNestLogger, requestId } from './logging.js';
import type { IncomingMessage } from 'node:http';

function capture(level: 'log' | 'warn' | 'debug', format: 'json' | 'pretty' = 'json') {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const logger = createLogger({ level, format }, out);
  return { logger, nest: new PinoNestLogger(logger), lines: () => text.trim().split('\n').filter(Boolean) };
}

describe('logs', () => {
  it("writes Nest's log calls as JSON lines with level, time, context and message", () => {
    const { nest, lines } = capture('log');
    nest.log('Listening on http://127.0.0.1:3301', 'workflow-mcp');
    nest.warn('slow check', 'HealthCheckScheduler');
    const [first, second] = lines().map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first).toEqual({ level: 'info', time: expect.any(String), context: 'workflow-mcp', msg: 'Listening on http://127.0.0.1:3301' });
    expect(new Date(first!.time as string).toISOString()).toBe(first!.time);
    expect(second).toMatchObject({ level: 'warn', context: 'HealthCheckScheduler', msg: 'slow check' });
  });

  it('keeps LOG_LEVEL: debug lines only when asked for', () => {
    const quiet = capture('log');
    quiet.nest.debug('detail', 'X');
    quiet.nest.log('shown', 'X');
    expect(quiet.lines().map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['shown']);
    const chatty = capture('debug');
    chatty.nest.debug('detail', 'X');
    expect(chatty.lines()).toHaveLength(1);
  });

  it('logs errors with their stack as a field, and through a Nest Logger instance', () => {
    const { nest, lines } = capture('warn');
    Logger.overrideLogger(nest);
    try {
      new Logger('HTTP').error(new Error('database gone'));
      nest.error('failed', 'Error: failed\n    at somewhere (file.js:1:1)', 'Runner');
    } finally {
      Logger.overrideLogger(false);
    }
    const [first, second] = lines().map(
      (line) => JSON.parse(line) as { err?: { stack: string }; stack?: string; msg: string; context: string },
    );
    expect(first).toMatchObject({ level: 'error', context: 'HTTP', msg: 'database gone' });
    expect(first!.err!.stack).toContain('database gone');
    expect(second).toMatchObject({ msg: 'failed', context: 'Runner', stack: expect.stringContaining('at somewhere') });
  });

  it('writes readable lines in the pretty format', () => {
    const { nest, lines } = capture('log', 'pretty');
    nest.log('Listening on http://127.0.0.1:3301', 'workflow-mcp');
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: \[workflow-mcp\] Listening on http:\/\/127\.0\.0\.1:3301$/);
  });

  it("takes a caller's X-Request-Id when it is a plain token, else makes one", () => {
    const asked = (value?: string) => requestId({ headers: value === undefined ? {} : { 'x-request-id': value } } as IncomingMessage);
    expect(asked('lb-7f3a9c')).toBe('lb-7f3a9c');
    expect(asked()).toMatch(/^[0-9a-f-]{36}$/);
    expect(asked('bad value\nwith newline')).toMatch(/^[0-9a-f-]{36}$/);
    expect(asked('x'.repeat(200))).toMatch(/^[0-9a-f-]{36}$/);
  });
});
