import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import type { EnvironmentStatusReport, HealthCheck, HealthHistory, HealthHistoryWindow } from '@workflow-mcp/domain';
import { ApiClient } from '../core/api-client';
import { formatDateTime, formatRelative } from '../core/format';
import { Language } from '../core/i18n/language';
import { type MessageKey, injectI18n } from '../core/i18n/messages';
import { HistoryStrip } from '../shared/charts/history-strip';
import { ResponseTimeChart, type ResponseTimePoint } from '../shared/charts/response-time-chart';
import { DetailHeader } from '../shared/detail-header';
import { DetailPage } from '../shared/detail-page';
import { EntityDetail } from '../shared/entity-detail';
import { Panel } from '../shared/panel';
import { checkErrorText } from '../shared/server-text';
import { StatusPill } from '../shared/status-pill';

const WINDOWS: readonly HealthHistoryWindow[] = ['24h', '7d'];
const RECENT_CHECKS = 20;
const REFRESH_MS = 60_000;

/**
 * /environments/:id — one environment: its health now and its settings, response times and
 * up/down per hour over a day or a week, and its latest checks.
 */
@Component({
  selector: 'app-environment-detail-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonToggleModule, DetailPage, DetailHeader, Panel, StatusPill, ResponseTimeChart, HistoryStrip],
  template: `
    <app-detail-page
      [detail]="detail"
      back="/environments"
      [backLabel]="t('env.back')"
      [notFound]="t('env.notFound')"
      missingTestId="environment-missing"
    >
      @if (detail.value(); as report) {
        @let env = report.environment;
        <app-detail-header [heading]="env.name" headingTestId="environment-title">
          <app-status-pill group="health" [value]="report.health.status" data-testid="environment-health" />
          @if (report.health.status_since) {
            <span class="muted">{{ t('env.statusSince', { time: relative(report.health.status_since) }) }}</span>
          }
          <span class="muted">· {{ label('environmentType', env.environment_type) }}</span>
          <span class="muted">· {{ label('environmentStatus', env.status) }}</span>
        </app-detail-header>

        <app-panel [heading]="t('env.history')" class="history">
          <mat-button-toggle-group
            [value]="window()"
            (change)="window.set($event.value)"
            [attr.aria-label]="t('env.window')"
            hideSingleSelectionIndicator
            data-testid="history-window"
          >
            @for (w of windows; track w) {
              <mat-button-toggle [value]="w" [attr.data-window]="w">{{ t(windowLabel(w)) }}</mat-button-toggle>
            }
          </mat-button-toggle-group>
          <h3>{{ t('env.responseTimes') }}</h3>
          <app-response-time-chart [points]="points()" [title]="t('env.responseTimes') + ', ' + t(windowLabel(window()))" />
          <h3>{{ t('env.upDown') }}</h3>
          <app-history-strip [buckets]="history()?.buckets ?? []" [title]="t('env.upDown') + ', ' + t(windowLabel(window()))" />
        </app-panel>

        <div class="layout">
          <app-panel [heading]="t('env.recentChecks')">
            @if (checks().length === 0) {
              <p class="muted" data-testid="checks-empty">{{ t('env.noChecks') }}</p>
            } @else {
              <table class="checks" data-testid="recent-checks">
                <thead>
                  <tr>
                    <th scope="col">{{ t('env.checkTime') }}</th>
                    <th scope="col">{{ t('env.health') }}</th>
                    <th scope="col">{{ t('env.checkResult') }}</th>
                    <th scope="col">{{ t('env.trigger') }}</th>
                  </tr>
                </thead>
                <tbody>
                  @for (check of checks(); track check.id) {
                    <tr [attr.data-status]="check.status">
                      <td>
                        <time [attr.datetime]="check.checked_at">{{ time(check.checked_at) }}</time>
                      </td>
                      <td><app-status-pill group="health" [value]="check.status" /></td>
                      <td>
                        @if (check.status_code !== null) {
                          <span>HTTP {{ check.status_code }}</span>
                        }
                        @if (check.response_time_ms !== null) {
                          <span> · {{ check.response_time_ms }} ms</span>
                        }
                        @if (error(check); as message) {
                          <div class="error" data-testid="check-error">{{ message }}</div>
                        }
                      </td>
                      <td>{{ t(triggerLabel(check.trigger)) }}</td>
                    </tr>
                  }
                </tbody>
              </table>
            }
          </app-panel>

          <app-panel [heading]="t('env.settings')">
            <dl class="fields">
              <dt>{{ t('env.url') }}</dt>
              <dd>
                @if (env.url) {
                  <a [href]="env.url" target="_blank" rel="noopener noreferrer">{{ env.url }}</a>
                } @else {
                  {{ t('env.noUrl') }}
                }
              </dd>
              <dt>{{ t('env.currentVersion') }}</dt>
              <dd>
                <code>{{ env.current_version ?? t('env.versionUnknown') }}</code>
              </dd>
              <dt>{{ t('env.healthCheck') }}</dt>
              <dd>
                @if (env.health_check.enabled) {
                  {{ t('env.checkEvery', { seconds: env.health_check.interval_seconds }) }}
                  · <code>{{ env.health_check.target ?? env.url ?? '—' }}</code>
                  <div class="muted">
                    {{
                      t('env.checkExpect', {
                        status: env.health_check.expected_status,
                        slow: env.health_check.slow_threshold_ms,
                        timeout: env.health_check.timeout_ms,
                      })
                    }}
                  </div>
                  <div class="muted">
                    {{
                      env.health_check.auto_incident_enabled
                        ? t('env.autoIncident', { count: env.health_check.critical_threshold })
                        : t('env.noAutoIncident')
                    }}
                  </div>
                } @else {
                  {{ t('env.checksOff') }}
                }
              </dd>
              <dt>{{ t('env.uptime') }}</dt>
              <dd>{{ uptime(report) }}</dd>
              <dt>{{ t('env.latency24h') }}</dt>
              <dd>
                @if (report.health.response_time_ms.p50 !== null) {
                  p50 {{ report.health.response_time_ms.p50 }} ms · p95 {{ report.health.response_time_ms.p95 }} ms
                } @else {
                  —
                }
              </dd>
              <dt>{{ t('env.openIncidents') }}</dt>
              <dd>{{ report.open_incidents.count }}</dd>
              @if (env.tags.length) {
                <dt>{{ t('common.tags') }}</dt>
                <dd>{{ env.tags.join(', ') }}</dd>
              }
            </dl>
          </app-panel>
        </div>
      }
    </app-detail-page>
  `,
  styleUrl: '../shared/styles/detail-page.scss',
  styles: `
    .history {
      display: block;
      margin-bottom: 16px;
    }
    h3 {
      font: var(--mat-sys-title-small);
      margin: 16px 0 6px;
    }
    mat-button-toggle-group {
      --mat-button-toggle-height: 32px;
    }
    .checks {
      width: 100%;
      border-collapse: collapse;
      font: var(--mat-sys-body-medium);
    }
    .checks th {
      text-align: left;
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
      padding: 4px 8px 4px 0;
    }
    .checks td {
      padding: 6px 8px 6px 0;
      border-top: 1px solid var(--mat-sys-outline-variant);
      vertical-align: top;
      overflow-wrap: anywhere;
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
})
export class EnvironmentDetailPage {
  readonly id = input.required<string>();
  private readonly api = inject(ApiClient);
  private readonly language = inject(Language);
  private readonly i18n = injectI18n();
  protected readonly t = this.i18n.t;
  protected readonly label = this.i18n.label;
  protected readonly windows = WINDOWS;

  protected readonly detail = new EntityDetail<EnvironmentStatusReport>({
    id: this.id,
    fetch: (id) => this.api.environmentStatus(id),
    entity: 'environment',
    alsoOn: ['health', 'incident'],
  });
  protected readonly window = signal<HealthHistoryWindow>('24h');
  protected readonly history = signal<HealthHistory | null>(null);
  protected readonly checks = signal<HealthCheck[]>([]);

  protected readonly points = computed<ResponseTimePoint[]>(() =>
    (this.history()?.buckets ?? []).map((b) => ({
      start: b.start,
      p50: b.response_time_ms.p50,
      p95: b.response_time_ms.p95,
      max: b.response_time_ms.max,
    })),
  );

  constructor() {
    // The history and the checks follow the environment (once it is known) and the window chosen.
    effect(() => {
      const id = this.detail.value()?.environment.id;
      const window = this.window();
      if (id) untracked(() => void this.loadHistory(id, window));
    });
    // A change of health reloads the environment (and so the charts, above). Checks that change
    // nothing send no event, so the current hour's figures are read again each minute.
    const timer = setInterval(() => {
      const id = this.detail.value()?.environment.id;
      if (id) void this.loadHistory(id, this.window());
    }, REFRESH_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }

  private async loadHistory(id: string, window: HealthHistoryWindow): Promise<void> {
    try {
      const [history, checks] = await Promise.all([
        this.api.healthHistory(id, window),
        this.api.listHealthChecks(id, { limit: RECENT_CHECKS }),
      ]);
      // The page may have moved on to another environment or window meanwhile.
      if (this.detail.value()?.environment.id !== id || this.window() !== window) return;
      this.history.set(history);
      this.checks.set(checks.items);
    } catch {
      // The interceptor showed the API's message; the charts keep what they had.
    }
  }

  protected windowLabel(window: HealthHistoryWindow): MessageKey {
    return `env.window.${window}`;
  }
  protected triggerLabel(trigger: HealthCheck['trigger']): MessageKey {
    return `env.trigger.${trigger}`;
  }
  protected error(check: HealthCheck): string | null {
    return checkErrorText(check, this.language.current());
  }
  protected time(iso: string): string {
    return formatDateTime(iso, this.language.locale());
  }
  protected relative(iso: string): string {
    return formatRelative(iso, this.language.locale());
  }
  protected uptime(report: EnvironmentStatusReport): string {
    const u = report.health.uptime;
    const show = (v: number | null) => (v === null ? '—' : `${Math.round(v * 10) / 10}%`);
    return `24h ${show(u['24h'])} · 7d ${show(u['7d'])} · 30d ${show(u['30d'])}`;
  }
}
