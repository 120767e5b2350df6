import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { EnvironmentStatusReport, HealthCheck, HealthHistory, HealthHistoryBucket } from '@workflow-mcp/domain';
import { vi } from 'vitest';
import { ApiClient } from '../core/api-client';
import { Language } from '../core/i18n/language';
import { EVENT_SOURCE_FACTORY } from '../core/live-updates';
import { environment, page } from '../../testing/fakes';
import { EnvironmentDetailPage } from './environment-detail-page';

const HOUR = 3_600_000;
const FIRST = Date.parse('2025-01-10T00:00:00.000Z');

function bucket(i: number, counts: Partial<HealthHistoryBucket> = {}): HealthHistoryBucket {
  return {
    start: new Date(FIRST + i * HOUR).toISOString(),
    checks: 0,
    healthy: 0,
    warning: 0,
    critical: 0,
    response_time_ms: { avg: null, p50: null, p95: null, max: null },
    ...counts,
  };
}

function history(window: '24h' | '7d'): HealthHistory {
  const hours = window === '24h' ? 24 : 168;
  const buckets = Array.from({ length: hours }, (_, i) => bucket(i));
  buckets[hours - 3] = bucket(hours - 3, {
    checks: 4,
    healthy: 4,
    response_time_ms: { avg: 30, p50: 25, p95: 60, max: 80 },
  });
  buckets[hours - 2] = bucket(hours - 2, {
    checks: 4,
    healthy: 3,
    critical: 1,
    response_time_ms: { avg: 40, p50: 35, p95: 90, max: 120 },
  });
  buckets[hours - 1] = bucket(hours - 1, {
    checks: 2,
    healthy: 1,
    warning: 1,
    response_time_ms: { avg: 20, p50: 20, p95: 30, max: 30 },
  });
  return { environment_id: 'env-1', window, bucket_minutes: 60, from: buckets[0]!.start, to: buckets.at(-1)!.start, buckets };
}

const check = (overrides: Partial<HealthCheck>): HealthCheck => ({
  id: 1,
  environment_id: 'env-1',
  status: 'healthy',
  status_code: 200,
  response_time_ms: 20,
  error_kind: null,
  error_message: null,
  url: 'https://api.company.com/health',
  trigger: 'scheduled',
  deployment_id: null,
  checked_at: '2025-01-10T23:30:00.000Z',
  ...overrides,
});

function report(): EnvironmentStatusReport {
  return {
    environment: environment(),
    health: {
      status: 'warning',
      status_since: '2025-01-10T23:00:00.000Z',
      consecutive_critical: 0,
      last_checked_at: '2025-01-10T23:30:00.000Z',
      latest_check: null,
      uptime: { '24h': 90, '7d': 95, '30d': null },
      response_time_ms: { window_hours: 24, count: 10, p50: 25, p95: 90, p99: 120, min: 10, max: 120, mean: 33 },
    },
    reported_metrics: null,
    current_version: null,
    open_incidents: { count: 0, items: [] },
    last_deployment: null,
  };
}

describe('environment detail page: status, settings, response times, up/down per hour and recent checks', () => {
  // The language is remembered in localStorage; other suites expect the default.
  afterEach(() => localStorage.removeItem('workflow-mcp.lang'));

  async function render(lang: 'en' | 'ko' = 'en') {
    const api = {
      environmentStatus: vi.fn().mockResolvedValue(report()),
      healthHistory: vi.fn().mockImplementation(async (_id: string, window: '24h' | '7d') => history(window)),
      listHealthChecks: vi.fn().mockResolvedValue(
        page([
          check({
            id: 2,
            status: 'critical',
            status_code: null,
            response_time_ms: null,
            error_kind: 'timeout',
            error_message: 'no answer within 5000 ms',
          }),
          check({ id: 1 }),
        ]),
      ),
    };
    TestBed.configureTestingModule({
      imports: [EnvironmentDetailPage],
      providers: [{ provide: ApiClient, useValue: api }, provideRouter([]), { provide: EVENT_SOURCE_FACTORY, useValue: null }],
    });
    TestBed.inject(Language).set(lang);
    const fixture = TestBed.createComponent(EnvironmentDetailPage);
    fixture.componentRef.setInput('id', 'prod-env-123');
    await fixture.whenStable();
    fixture.detectChanges();
    await fixture.whenStable();
    return { api, fixture, el: fixture.nativeElement as HTMLElement };
  }

  it('draws the last 24 hours: p50 and p95 lines, one strip cell per hour by its worst check, and the checks', async () => {
    const { api, el } = await render();
    expect(api.healthHistory).toHaveBeenCalledWith('env-1', '24h');
    expect(el.querySelector('[data-testid=environment-title]')?.textContent).toContain('prod-env-123');

    const chart = el.querySelector('[data-testid=response-time-chart] svg')!;
    expect(chart.getAttribute('role')).toBe('img');
    expect(chart.getAttribute('aria-label')).toBe(
      'Response time, Last 24 h: median 25 ms, worst hourly p95 90 ms, slowest answer 120 ms, over 3 hours with answers',
    );
    expect(chart.querySelector('[data-testid=rt-line-p50]')?.getAttribute('d')).toMatch(/^M[\d.]+ [\d.]+ L[\d.]+ [\d.]+ L/);
    expect(chart.querySelector('[data-testid=rt-line-p95]')?.getAttribute('d')).toMatch(/^M/);
    expect(el.querySelectorAll('[data-testid=response-time-chart] table tbody tr')).toHaveLength(3);

    const cells = [...el.querySelectorAll('[data-testid=history-strip] li')];
    expect(cells).toHaveLength(24);
    expect(cells.slice(-3).map((c) => c.getAttribute('data-state'))).toEqual(['healthy', 'critical', 'warning']);
    expect(cells.filter((c) => c.getAttribute('data-state') === 'empty')).toHaveLength(21);
    expect(cells.at(-2)!.getAttribute('title')).toMatch(/: 4 checks: 3 healthy, 0 warning, 1 critical$/);
    expect(el.querySelector('[data-testid=history-strip]')?.getAttribute('aria-label')).toBe(
      'Up and down, per hour, Last 24 h: 1 hours healthy, 1 with warnings, 1 with critical checks, 21 without checks',
    );

    expect(el.querySelectorAll('[data-testid=recent-checks] tbody tr')).toHaveLength(2);
    expect(el.querySelector('[data-testid=check-error]')?.textContent).toContain('no answer within 5000 ms');
  });

  it('switches to 7 days: 168 cells', async () => {
    const { api, fixture, el } = await render();
    el.querySelector<HTMLButtonElement>('[data-window="7d"] button')!.click();
    await fixture.whenStable();
    fixture.detectChanges();
    expect(api.healthHistory).toHaveBeenLastCalledWith('env-1', '7d');
    expect(el.querySelectorAll('[data-testid=history-strip] li')).toHaveLength(168);
  });

  it('speaks Korean: labels, summaries and the check error', async () => {
    const { el } = await render('ko');
    expect(el.querySelector('[data-testid=history-strip]')?.getAttribute('aria-label')).toBe(
      '시간별 정상/장애, 최근 24시간: 정상 1시간, 경고 1시간, 위험 1시간, 체크 없음 21시간',
    );
    expect(el.querySelector('[data-testid=check-error]')?.textContent).toContain('5000 ms 안에 응답이 없습니다');
  });
});
