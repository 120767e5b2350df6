import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { RouterLink } from '@angular/router';
import {
  ENVIRONMENT_STATUSES,
  type Environment,
  type EnvironmentStatus,
  type EnvironmentStatusReport,
  type HealthStatus,
  type MaintenanceWindow,
} from '@workflow-mcp/domain';
import { formatDateTime, formatRelative } from '../core/format';
import { Language } from '../core/i18n/language';
import { Auth } from '../core/auth';
import { injectI18n } from '../core/i18n/messages';
import { BarChart, type Bar } from '../shared/charts/bar-chart';
import { checkErrorText } from '../shared/server-text';
import { StatusPill } from '../shared/status-pill';

const UPTIME_WINDOWS = ['24h', '7d', '30d'] as const;

/** One environment: health, current version, URL, tags, uptime and response time when measured; "편집" and status. */
@Component({
  selector: 'app-environment-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButtonModule, MatButtonToggleModule, StatusPill, BarChart],
  template: `
    @let env = environment();
    <article class="card" [attr.data-name]="env.name" data-testid="environment-card">
      <header>
        <div class="title">
          <h2>
            <a [routerLink]="['/environments', env.id]" data-testid="env-detail-link">{{ env.name }}</a>
          </h2>
          <span class="type">{{ label('environmentType', env.environment_type) }}</span>
        </div>
        <app-status-pill group="health" [value]="health()" data-testid="env-health" />
      </header>
      @if (env.description) {
        <p class="description">{{ env.description }}</p>
      }
      @if (maintenance(); as w) {
        <p class="maintenance" data-testid="env-maintenance">
          {{ t('ntf.maintenanceUntil', { time: dateTime(w.active_until) }) }}{{ w.reason ? ' · ' + w.reason : '' }}
        </p>
      }
      <dl>
        <dt>{{ t('env.currentVersion') }}</dt>
        <dd data-testid="env-version">
          <code>{{ env.current_version ?? t('env.versionUnknown') }}</code>
        </dd>
        <dt>{{ t('env.url') }}</dt>
        <dd>
          @if (env.url) {
            <a [href]="env.url" target="_blank" rel="noopener noreferrer">{{ env.url }}</a>
          } @else {
            <span class="muted">{{ t('env.noUrl') }}</span>
          }
        </dd>
        <dt>{{ t('env.responseTime') }}</dt>
        <dd>
          @if (latest(); as check) {
            @if (check.response_time_ms !== null) {
              <span data-testid="env-response">{{ check.response_time_ms }} ms</span>
            }
            @if (check.error) {
              <span class="error" data-testid="env-check-error">{{ check.error }}</span>
            }
            @if (check.status_code) {
              <span class="muted">HTTP {{ check.status_code }}</span>
            }
            <span class="muted">{{ t('env.checkedAt', { time: relative(check.checked_at) }) }}</span>
          } @else {
            <span class="muted" data-testid="env-not-checked">{{
              env.health_check.enabled ? t('common.notChecked') : t('env.checksOff')
            }}</span>
          }
        </dd>
        @if (percentiles(); as p) {
          <dt>{{ t('env.latency24h') }}</dt>
          <dd>p50 {{ p.p50 }} ms · p95 {{ p.p95 }} ms</dd>
        }
        @if (report(); as r) {
          <dt>{{ t('env.openIncidents') }}</dt>
          <dd>{{ r.open_incidents.count }}</dd>
          @if (r.last_deployment; as last) {
            <dt>{{ t('env.lastDeployment') }}</dt>
            <dd>
              <a [routerLink]="['/deployments', last.id]">{{ last.version }}</a>
              <app-status-pill group="deploymentStatus" [value]="last.status" />
            </dd>
          }
        }
      </dl>
      <div class="uptime">
        <span class="label">{{ t('env.uptime') }}</span>
        @if (uptimeBars(); as bars) {
          <app-bar-chart [bars]="bars" [max]="100" [title]="t('env.uptime')" />
        } @else {
          <span class="muted">{{ t('common.notChecked') }}</span>
        }
      </div>
      @if (env.tags.length) {
        <div class="tags">
          @for (tag of env.tags; track tag) {
            <span class="chip">{{ tag }}</span>
          }
        </div>
      }
      <footer>
        <mat-button-toggle-group
          [disabled]="!auth.can('admin')"
          [value]="env.status"
          (change)="statusChange.emit($event.value)"
          [attr.aria-label]="t('env.changeStatus')"
          hideSingleSelectionIndicator
          data-testid="env-status"
        >
          @for (s of statuses; track s) {
            <mat-button-toggle [value]="s" [attr.data-status]="s">{{ label('environmentStatus', s) }}</mat-button-toggle>
          }
        </mat-button-toggle-group>
        @if (auth.can('admin')) {
          <button mat-stroked-button type="button" (click)="edit.emit()" data-testid="env-edit">{{ t('env.edit') }}</button>
        }
      </footer>
    </article>
  `,
  styles: `
    .card {
      height: 100%;
      box-sizing: border-box;
      display: flex;
      flex-direction: column;
      gap: 8px;
      background: var(--mat-sys-surface-container-low);
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
      padding: 14px 16px;
    }
    header {
      display: flex;
      justify-content: space-between;
      align-items: flex-start;
      gap: 8px;
    }
    .title {
      min-width: 0;
    }
    h2 {
      font: var(--mat-sys-title-medium);
      margin: 0;
      overflow-wrap: anywhere;
    }
    h2 a {
      color: inherit;
    }
    .type {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .description {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
      overflow-wrap: anywhere;
    }
    dl {
      display: grid;
      grid-template-columns: max-content minmax(0, 1fr);
      gap: 4px 12px;
      margin: 0;
    }
    dt {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
      display: flex;
      flex-wrap: wrap;
      gap: 4px 8px;
      align-items: center;
    }
    .uptime .label {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
      display: block;
      margin-bottom: 2px;
    }
    .tags {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
    }
    .chip {
      padding: 1px 8px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container-high);
      font: var(--mat-sys-label-medium);
    }
    footer {
      margin-top: auto;
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
      justify-content: space-between;
      padding-top: 6px;
    }
    mat-button-toggle-group {
      --mat-button-toggle-height: 32px;
      font: var(--mat-sys-label-medium);
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .error {
      color: var(--mat-sys-error);
    }
    .maintenance {
      margin: 4px 0 8px;
      padding: 6px 10px;
      border-radius: 8px;
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
  `,
})
export class EnvironmentCard {
  readonly environment = input.required<Environment>();
  readonly report = input<EnvironmentStatusReport | null>(null);
  readonly healthStatus = input<HealthStatus | null>(null);
  /** A maintenance window in effect now: failing checks open no incident and nobody is notified. */
  readonly maintenance = input<MaintenanceWindow | null>(null);
  readonly edit = output<void>();
  readonly statusChange = output<EnvironmentStatus>();
  private readonly language = inject(Language);
  private readonly i18n = injectI18n();
  protected readonly t = this.i18n.t;
  /** Only admins manage environments: the status switch is shown but disabled, the edit button hidden. */
  protected readonly auth = inject(Auth);
  protected readonly label = this.i18n.label;
  protected readonly statuses = ENVIRONMENT_STATUSES;

  protected readonly health = computed<HealthStatus>(() => this.report()?.health.status ?? this.healthStatus() ?? 'unknown');
  protected readonly latest = computed(() => {
    const check = this.report()?.health.latest_check;
    return check && check.checked_at
      ? {
          response_time_ms: check.response_time_ms ?? null,
          checked_at: check.checked_at,
          status_code: check.status_code ?? null,
          // The service's English, or the reader's language (from error_kind and the check's facts).
          error: checkErrorText(check, this.language.current()),
        }
      : null;
  });
  /** Response-time percentiles over the service's window, when any check measured one. */
  protected readonly percentiles = computed(() => {
    const times = this.report()?.health.response_time_ms;
    return times && times.count > 0 && times.p50 !== null ? { p50: times.p50, p95: times.p95 ?? times.p50 } : null;
  });
  /** Uptime per window when measured; null while no window has a figure (not checked yet). */
  protected readonly uptimeBars = computed<Bar[] | null>(() => {
    const uptime = this.report()?.health.uptime;
    if (!uptime || UPTIME_WINDOWS.every((w) => uptime[w] === null || uptime[w] === undefined)) return null;
    return UPTIME_WINDOWS.map((w) => {
      const raw = uptime[w];
      const pct = raw === null || raw === undefined ? 0 : raw;
      return {
        label: w,
        value: pct,
        color: pct >= 99 ? '#2e7d32' : pct >= 95 ? '#f9a825' : '#c62828',
        display: raw === null || raw === undefined ? '—' : `${Math.round(pct * 10) / 10}%`,
      };
    });
  });

  protected relative(iso: string): string {
    return formatRelative(iso, this.language.locale());
  }

  protected dateTime(iso: string | null): string {
    return formatDateTime(iso, this.language.locale());
  }
}
