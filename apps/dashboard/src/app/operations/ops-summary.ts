import { ChangeDetectionStrategy, Component, DestroyRef, type OnInit, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import {
  DEPLOYMENT_STATUSES,
  SEVERITIES,
  type Deployment,
  type DeploymentStats,
  type IncidentStats,
  type SystemHealth,
} from '@workflow-mcp/domain';
import { ApiClient } from '../core/api-client';
import { formatDay, formatDuration, formatRelative } from '../core/format';
import { Language } from '../core/i18n/language';
import { injectI18n } from '../core/i18n/messages';
import { LiveUpdates } from '../core/live-updates';
import { BarChart, type Bar } from '../shared/charts/bar-chart';
import { CHART_COLORS } from '../shared/charts/colors';
import { StackedBar, type Segment } from '../shared/charts/stacked-bar';
import { TrendChart, type TrendPoint } from '../shared/charts/trend-chart';
import { StatusPill } from '../shared/status-pill';

const DAY_MS = 86_400_000;
const TREND_DAYS = 14;
/** Environments listed on the health card; the link goes to all of them. */
const ENVIRONMENTS_SHOWN = 8;
/** The per-day trend costs one request per day: under a burst of changes it refreshes at most this often. */
const TREND_REFRESH_MS = 10_000;

interface DayMttr {
  day: Date;
  median: number | null;
}

/** The top of /operations: open incidents by severity, time to resolve, environment health, recent deployments. */
@Component({
  selector: 'app-ops-summary',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, BarChart, TrendChart, StackedBar, StatusPill],
  template: `
    <section class="cards" [attr.aria-busy]="loading()">
      <article class="card" data-testid="card-open">
        <h2>{{ t('ops.openBySeverity') }}</h2>
        @if (incidentStats(); as stats) {
          <p class="big" data-testid="open-count">{{ stats.open_count }}</p>
          @if (stats.open_count === 0) {
            <p class="muted">{{ t('ops.noOpen') }}</p>
          }
          <app-bar-chart [bars]="openBars()" [title]="t('ops.openBySeverity')" />
        }
      </article>

      <article class="card" data-testid="card-mttr">
        <h2>
          {{ t('ops.mttr') }} <span class="muted small">· {{ t('ops.window30') }}</span>
        </h2>
        @if (incidentStats(); as stats) {
          <div class="figures">
            <div>
              <span class="label">{{ t('ops.median') }}</span><span class="value" data-testid="mttr-median">{{
                duration(stats.mttr.median_seconds)
              }}</span>
            </div>
            <div>
              <span class="label">{{ t('ops.p90') }}</span><span class="value" data-testid="mttr-p90">{{
                duration(stats.mttr.p90_seconds)
              }}</span>
            </div>
            <div>
              <span class="label">&nbsp;</span><span class="muted">{{ t('ops.resolvedCount', { count: stats.mttr.count }) }}</span>
            </div>
          </div>
          <p class="muted small">{{ t('ops.mtta', { value: duration(stats.mtta.median_seconds) }) }}</p>
          <h3>{{ t('ops.mttrTrend') }}</h3>
          @if (hasTrend()) {
            <app-trend-chart [points]="trendPoints()" [title]="t('ops.mttrTrend')" />
          } @else {
            <p class="muted small">{{ t('ops.noResolved') }}</p>
          }
        }
      </article>

      <article class="card" data-testid="card-health">
        <h2>{{ t('ops.envHealth') }}</h2>
        @if (health(); as h) {
          @if (h.system_health.summary.total_environments === 0) {
            <p class="muted">{{ t('ops.envHealthEmpty') }}</p>
            <a routerLink="/environments" class="small">{{ t('env.new') }} →</a>
          } @else {
            <app-bar-chart [bars]="healthBars()" [title]="t('ops.envHealth')" />
            <ul class="envs">
              @for (env of shownEnvironments(); track env.environment_id) {
                <li>
                  <span class="name">{{ env.name }}</span>
                  <app-status-pill group="health" [value]="env.status" />
                  @if (env.environment_status !== 'active') {
                    <app-status-pill group="environmentStatus" [value]="env.environment_status" />
                  }
                </li>
              }
            </ul>
            @if (h.system_health.summary.total_environments > shownEnvironments().length) {
              <a routerLink="/environments" class="small"
                >{{ t('ops.allEnvironments', { count: h.system_health.summary.total_environments }) }} →</a
              >
            }
            <p class="muted small">
              @if (h.system_health.summary.last_check) {
                {{ t('ops.lastCheck', { time: relative(h.system_health.summary.last_check) }) }}
              } @else {
                {{ t('ops.neverChecked') }}
              }
            </p>
          }
        }
      </article>

      <article class="card" data-testid="card-deployments">
        <h2>{{ t('ops.recentDeployments') }}</h2>
        @if (deploymentStats(); as stats) {
          <div class="figures">
            <div>
              <span class="label">{{ t('ops.successRate') }} · {{ t('ops.window30') }}</span>
              <span class="value" data-testid="success-rate">{{ stats.success_rate === null ? '—' : percent(stats.success_rate) }}</span>
            </div>
          </div>
          @if (stats.success_rate === null) {
            <p class="muted small">{{ t('ops.noFinished') }}</p>
          }
          <app-stacked-bar [segments]="outcomeSegments()" [title]="t('ops.outcomesChart')" />
        }
        @if (recent().length === 0 && !loading()) {
          <p class="muted">{{ t('ops.noDeployments') }}</p>
        } @else {
          <ul class="recent">
            @for (dep of recent(); track dep.id) {
              <li>
                <a [routerLink]="['/deployments', dep.id]">{{ dep.title }}</a>
                <span class="muted small">{{ dep.version }} · {{ environmentName(dep.environment_id) }}</span>
                <app-status-pill group="deploymentStatus" [value]="dep.status" />
                @if (dep.status === 'in_progress' && dep.progress_percentage !== null) {
                  <span class="small">{{ dep.progress_percentage }}%</span>
                }
              </li>
            }
          </ul>
        }
        <a routerLink="/deployments" class="small">{{ t('ops.allDeployments') }} →</a>
      </article>
    </section>
  `,
  styles: `
    .cards {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(280px, 1fr));
      gap: 16px;
    }
    .card {
      background: var(--mat-sys-surface-container-low);
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
      padding: 14px 16px;
      min-width: 0;
    }
    h2 {
      font: var(--mat-sys-title-small);
      margin: 0 0 8px;
    }
    h3 {
      font: var(--mat-sys-label-large);
      margin: 12px 0 4px;
      color: var(--mat-sys-on-surface-variant);
    }
    .big {
      font: var(--mat-sys-display-small);
      margin: 0 0 4px;
    }
    .figures {
      display: flex;
      flex-wrap: wrap;
      gap: 8px 24px;
    }
    .figures > div {
      display: flex;
      flex-direction: column;
    }
    .label {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .value {
      font: var(--mat-sys-headline-small);
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .small {
      font: var(--mat-sys-body-small);
    }
    .envs,
    .recent {
      list-style: none;
      padding: 0;
      margin: 8px 0;
      display: flex;
      flex-direction: column;
      gap: 6px;
    }
    .envs li,
    .recent li {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 8px;
    }
    .envs .name {
      font-weight: 500;
      margin-right: auto;
      overflow-wrap: anywhere;
    }
    .recent a {
      font-weight: 500;
    }
  `,
})
export class OpsSummary implements OnInit {
  private readonly api = inject(ApiClient);
  private readonly language = inject(Language);
  private readonly i18n = injectI18n();
  protected readonly t = this.i18n.t;

  protected readonly loading = signal(true);
  protected readonly incidentStats = signal<IncidentStats | null>(null);
  protected readonly deploymentStats = signal<DeploymentStats | null>(null);
  protected readonly health = signal<SystemHealth | null>(null);
  protected readonly recent = signal<Deployment[]>([]);
  private readonly trend = signal<DayMttr[]>([]);
  private readonly envNames = signal<Map<string, string>>(new Map());

  protected readonly openBars = computed<Bar[]>(() => {
    const stats = this.incidentStats();
    return SEVERITIES.map((s) => ({
      label: this.i18n.label('severity', s),
      value: stats?.open_by_severity[s] ?? 0,
      color: CHART_COLORS[s] ?? '#888',
    }));
  });
  /** Those needing attention first, then the first by name: a few lines, however many environments there are. */
  protected readonly shownEnvironments = computed(() => {
    const h = this.health()?.system_health;
    if (!h) return [];
    const attention = new Set(h.attention.map((e) => e.environment_id));
    return [...h.attention, ...h.environments.filter((e) => !attention.has(e.environment_id))].slice(0, ENVIRONMENTS_SHOWN);
  });
  protected readonly healthBars = computed<Bar[]>(() => {
    const summary = this.health()?.system_health.summary;
    if (!summary) return [];
    return [
      { label: this.i18n.label('health', 'healthy'), value: summary.healthy_environments, color: CHART_COLORS['healthy']! },
      { label: this.i18n.label('health', 'warning'), value: summary.warning_environments, color: CHART_COLORS['warning']! },
      { label: this.i18n.label('health', 'critical'), value: summary.critical_environments, color: CHART_COLORS['critical']! },
      { label: this.i18n.label('health', 'unknown'), value: summary.unknown_environments, color: CHART_COLORS['unknown']! },
    ];
  });
  protected readonly outcomeSegments = computed<Segment[]>(() => {
    const stats = this.deploymentStats();
    return DEPLOYMENT_STATUSES.map((s) => ({
      label: this.i18n.label('deploymentStatus', s),
      value: stats?.by_status[s] ?? 0,
      color: CHART_COLORS[s] ?? '#888',
    }));
  });
  protected readonly hasTrend = computed(() => this.trend().some((d) => d.median !== null));
  protected readonly trendPoints = computed<TrendPoint[]>(() => {
    // Day and month only, in the language's own order, so the axis labels fit.
    return this.trend().map((d) => ({
      label: formatDay(d.day.toISOString(), this.language.locale()),
      value: d.median,
      display: this.duration(d.median),
    }));
  });

  constructor() {
    const live = inject(LiveUpdates);
    live.watch(['incident'], (batch) => {
      void this.quietly(this.loadStats());
      if (batch.kind === 'resync') void this.quietly(this.loadTrend());
      else this.scheduleTrend();
    });
    inject(DestroyRef).onDestroy(() => clearTimeout(this.trendTimer));
    live.watch(['environment', 'health'], () => void this.quietly(this.loadHealth()));
    live.watch(['deployment'], () => void this.quietly(this.loadDeployments()));
  }

  async ngOnInit(): Promise<void> {
    await Promise.allSettled([this.loadStats(), this.loadTrend(), this.loadHealth(), this.loadDeployments()]);
    this.loading.set(false);
  }

  protected duration(seconds: number | null): string {
    return formatDuration(seconds, this.language.current());
  }
  protected relative(iso: string): string {
    return formatRelative(iso, this.language.locale());
  }
  protected percent(rate: number): string {
    return `${Math.round(rate * 1000) / 10}%`;
  }
  protected environmentName(id: string): string {
    return this.envNames().get(id) ?? id;
  }

  /** A failed refresh keeps what is on screen; the interceptor has shown the API's message. */
  private async quietly(load: Promise<void>): Promise<void> {
    try {
      await load;
    } catch {
      /* shown by the interceptor */
    }
  }

  private trendLoadedAt = 0;
  private trendTimer: ReturnType<typeof setTimeout> | undefined;

  private async loadStats(): Promise<void> {
    this.incidentStats.set(await this.api.incidentStats());
  }

  private scheduleTrend(): void {
    if (this.trendTimer !== undefined) return;
    const wait = Math.max(0, this.trendLoadedAt + TREND_REFRESH_MS - Date.now());
    this.trendTimer = setTimeout(() => {
      this.trendTimer = undefined;
      void this.quietly(this.loadTrend());
    }, wait);
  }

  private async loadTrend(): Promise<void> {
    this.trendLoadedAt = Date.now();
    const now = Date.now();
    const startOfToday = new Date(now);
    startOfToday.setHours(0, 0, 0, 0);
    const days = Array.from({ length: TREND_DAYS }, (_, i) => new Date(startOfToday.getTime() - (TREND_DAYS - 1 - i) * DAY_MS));
    // One window per day: the service computes MTTR from each incident's timeline.
    const perDay = await Promise.all(
      days.map((day) =>
        this.api
          .incidentStats({ since: day.toISOString(), until: new Date(Math.min(day.getTime() + DAY_MS, now)).toISOString() })
          .catch(() => null),
      ),
    );
    this.trend.set(days.map((day, i) => ({ day, median: perDay[i]?.mttr.median_seconds ?? null })));
  }

  private async loadHealth(): Promise<void> {
    const health = await this.api.systemHealth({ limit: ENVIRONMENTS_SHOWN });
    this.health.set(health);
    this.rememberNames([...health.system_health.attention, ...health.system_health.environments]);
  }

  private rememberNames(rows: Array<{ environment_id: string; name: string }>): void {
    if (rows.length) this.envNames.update((names) => new Map([...names, ...rows.map((e): [string, string] => [e.environment_id, e.name])]));
  }

  /** Names of environments that recent deployments went to and that system health did not list. */
  private async loadNames(ids: string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.envNames().has(id));
    const found = await Promise.all(missing.map((id) => this.api.systemHealth({ environment_id: id, limit: 1 }).catch(() => null)));
    this.rememberNames(found.flatMap((h) => h?.system_health.environments ?? []));
  }

  private async loadDeployments(): Promise<void> {
    const [stats, recent] = await Promise.all([
      this.api.deploymentStats(),
      this.api.listDeployments({ sort_by: 'created_desc', limit: 5 }),
    ]);
    this.deploymentStats.set(stats);
    this.recent.set(recent.items);
    await this.loadNames(recent.items.map((d) => d.environment_id));
  }
}
