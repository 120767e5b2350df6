import { describe, expect, it } from '@jest/globals';
import { badge, formatPercent, uptimeBadge } from './badges.js';
import { pageLanguage } from './status-page.messages.js';
import { overallStatus, uptimeOver } from './status-page.service.js';

describe('status page rules', () => {
  it('picks Korean only when the reader ranks it above English', () => {
    expect(pageLanguage(undefined, undefined)).toBe('en');
    expect(pageLanguage(undefined, 'ko-KR,ko;q=0.9,en-US;q=0.8')).toBe('ko');
    expect(pageLanguage(undefined, 'en-US,en;q=0.9,ko;q=0.8')).toBe('en');
    expect(pageLanguage(undefined, 'fr-FR, ko;q=0.5, en;q=0.4')).toBe('ko');
    expect(pageLanguage(undefined, 'en;q=0.2, ko;q=0.7')).toBe('ko');
    expect(pageLanguage(undefined, 'ko;q=0, en')).toBe('en');
    expect(pageLanguage(undefined, 'fr, de')).toBe('en');
    expect(pageLanguage('en', 'ko')).toBe('en');
  });

  it('calls the page as bad as its worst environment', () => {
    expect(overallStatus([])).toBe('unknown');
    expect(overallStatus(['healthy', 'healthy'])).toBe('healthy');
    expect(overallStatus(['healthy', 'unknown'])).toBe('healthy');
    expect(overallStatus(['unknown', 'unknown'])).toBe('unknown');
    expect(overallStatus(['unknown', 'warning', 'healthy'])).toBe('warning');
    expect(overallStatus(['warning', 'critical', 'healthy'])).toBe('critical');
  });

  it('weights uptime over a window by checks, skipping days without any', () => {
    const days = [
      { date: '2026-06-01', checks: 100, uptime: 50 },
      { date: '2026-06-02', checks: 0, uptime: null },
      { date: '2026-06-03', checks: 300, uptime: 100 },
    ];
    const environment = { id: 'e', name: 'e', status: 'healthy' as const, status_since: null, uptime: null, days };
    expect(uptimeOver(environment, 3)).toBe(87.5);
    expect(uptimeOver(environment, 2)).toBe(100);
    expect(uptimeOver({ ...environment, days: [] }, 90)).toBeNull();
  });

  it('never rounds a failing window up to 100%', () => {
    expect(formatPercent(99.999)).toBe('99.99');
    expect(formatPercent(100)).toBe('100');
    expect(formatPercent(85.714)).toBe('85.71');
    expect(uptimeBadge('web', 30, 99.999)).toContain('99.99%');
  });

  it('escapes every text in a badge and keeps a long name short', () => {
    const svg = badge(`<script>&"'`, 'x<y', '#000');
    expect(svg).toContain('&lt;script&gt;&amp;&quot;&apos;');
    expect(svg).toContain('x&lt;y');
    expect(svg).not.toMatch(/<script/);
    const long = badge('a'.repeat(500), 'ok', '#000');
    expect(long).toContain(`${'a'.repeat(39)}…`);
    expect(Number(/width="(\d+(\.\d+)?)"/.exec(long)![1])).toBeLessThan(400);
  });
});
