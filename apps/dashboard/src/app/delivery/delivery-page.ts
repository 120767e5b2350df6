import { ChangeDetectionStrategy, Component, type OnInit, computed, inject, signal } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { SEVERITIES, type DeliveryMetrics, type DoraBand, type MetricBucket } from '@workflow-mcp/domain';
import { formatDuration } from '../core/format';
import { injectI18n } from '../core/i18n/messages';
import { Language, translator } from '../core/i18n/language';
import { LiveUpdates } from '../core/live-updates';
import { CHART_COLORS } from '../shared/charts/colors';
import { StackedBar, type Segment } from '../shared/charts/stacked-bar';
import { EnvironmentLookup } from '../shared/environment-lookup';
import { PageHead } from '../shared/page-head';
import { Panel } from '../shared/panel';
import { DeliveryApi } from './delivery-api';
import { DELIVERY_MESSAGES } from './delivery.messages';
import { StackedColumns, type Column } from './stacked-columns';

const WINDOWS = [7, 30, 90] as const;
const BUCKETS: readonly MetricBucket[] = ['day', 'week'];

interface Card {
  key: string;
  title: string;
  value: string;
  band: DoraBand | null;
  detail: string;
}

/** /delivery: the four DORA measures with their bands, and deployment outcomes and incidents over time. */
@Component({
  selector: 'app-delivery-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatFormFieldModule, MatInputModule, PageHead, Panel, StackedBar, StackedColumns],
  providers: [DeliveryApi],
  template: `
    <app-page-head [heading]="t('dly.title')" [subtitle]="t('dly.subtitle')" />

    <form class="filters" role="search" (submit)="$event.preventDefault()">
      <mat-form-field appearance="outline">
        <mat-label>{{ t('dly.environment') }}</mat-label>
        <select matNativeControl data-testid="delivery-environment" (change)="choose('environment', $any($event.target).value)">
          <option value="" [selected]="environment() === null">{{ common('common.all') }}</option>
          @for (env of environments.all(); track env.id) {
            <option [value]="env.id" [selected]="environment() === env.id">{{ env.name }}</option>
          }
        </select>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>{{ t('dly.window') }}</mat-label>
        <select matNativeControl data-testid="delivery-window" (change)="choose('days', $any($event.target).value)">
          @for (d of windows; track d) {
            <option [value]="d" [selected]="days() === d">{{ t('dly.lastDays', { days: d }) }}</option>
          }
        </select>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>{{ t('dly.bucket') }}</mat-label>
        <select matNativeControl data-testid="delivery-bucket" (change)="choose('bucket', $any($event.target).value)">
          @for (b of buckets; track b) {
            <option [value]="b" [selected]="bucket() === b">{{ t(b === 'day' ? 'dly.bucket.day' : 'dly.bucket.week') }}</option>
          }
        </select>
      </mat-form-field>
    </form>

    @if (metrics(); as m) {
      <section class="cards" data-testid="dora-cards">
        @for (card of cards(); track card.key) {
          <div class="card" [attr.data-metric]="card.key">
            <span class="label">{{ card.title }}</span>
            <span class="value" data-testid="metric-value">{{ card.value }}</span>
            @if (card.band) {
              <span class="band" [class]="'band ' + card.band" data-testid="metric-band">{{ bandLabel(card.band) }}</span>
            }
            <span class="detail">{{ card.detail }}</span>
          </div>
        }
      </section>
      <p class="note">{{ t('dly.bandsNote') }}</p>

      <div class="charts">
        <app-panel [heading]="t('dly.outcomes')" data-testid="outcomes-chart">
          <app-stacked-columns [columns]="outcomeColumns()" [title]="t('dly.outcomes')" />
          <span class="label totals">{{ t('dly.totals') }}</span>
          <app-stacked-bar [segments]="outcomeTotals()" [title]="t('dly.outcomes')" />
        </app-panel>
        <app-panel [heading]="t('dly.incidents')" data-testid="incidents-chart">
          <app-stacked-columns [columns]="incidentColumns()" [title]="t('dly.incidents')" />
          <span class="label totals">{{ t('dly.totals') }}</span>
          <app-stacked-bar [segments]="incidentTotals()" [title]="t('dly.incidents')" />
        </app-panel>
      </div>
    } @else {
      <p class="muted">{{ common('common.loading') }}</p>
    }
  `,
  styleUrl: '../shared/styles/list-page.scss',
  styles: `
    .cards {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(220px, 1fr));
      gap: 12px;
    }
    .card {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      gap: 4px;
      background: var(--mat-sys-surface-container-low);
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
      padding: 14px 16px;
    }
    .label {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .value {
      font: var(--mat-sys-headline-small);
    }
    .detail {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .band {
      padding: 1px 10px;
      border-radius: 10px;
      font: var(--mat-sys-label-medium);
      color: #fff;
    }
    .band.elite {
      background: #2e7d32;
    }
    .band.high {
      background: #1e88e5;
    }
    .band.medium {
      background: #ef6c00;
    }
    .band.low {
      background: #c62828;
    }
    .note {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      margin: 8px 0 16px;
    }
    .charts {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(320px, 1fr));
      gap: 12px;
    }
    .totals {
      display: block;
      margin: 10px 0 4px;
    }
  `,
})
export class DeliveryPage implements OnInit {
  private readonly api = inject(DeliveryApi);
  private readonly language = inject(Language);
  private readonly i18n = injectI18n();
  protected readonly t = translator(DELIVERY_MESSAGES);
  protected readonly common = this.i18n.t;
  protected readonly environments = new EnvironmentLookup({ live: true });
  protected readonly windows = WINDOWS;
  protected readonly buckets = BUCKETS;

  protected readonly environment = signal<string | null>(null);
  protected readonly days = signal<number>(30);
  protected readonly bucket = signal<MetricBucket>('day');
  protected readonly metrics = signal<DeliveryMetrics | null>(null);
  private requested = 0;

  constructor() {
    inject(LiveUpdates).watch(['deployment', 'incident'], () => void this.load());
  }

  ngOnInit(): void {
    void this.load();
  }

  protected choose(what: 'environment' | 'days' | 'bucket', value: string): void {
    if (what === 'environment') this.environment.set(value || null);
    if (what === 'days') {
      this.days.set(Number(value));
      // Ninety daily columns are too thin to read: longer windows start by week.
      this.bucket.set(Number(value) > 31 ? 'week' : 'day');
    }
    if (what === 'bucket') this.bucket.set(value === 'week' ? 'week' : 'day');
    void this.load();
  }

  private async load(): Promise<void> {
    const request = ++this.requested;
    try {
      const metrics = await this.api.metrics({
        environment_id: this.environment() ?? undefined,
        days: this.days(),
        bucket: this.bucket(),
      });
      // A slower answer to an earlier choice must not replace the one asked for last.
      if (request === this.requested) this.metrics.set(metrics);
    } catch {
      /* shown by the interceptor */
    }
  }

  protected bandLabel(band: DoraBand): string {
    return this.t(`dly.band.${band}`);
  }

  private duration(seconds: number | null): string {
    return formatDuration(seconds, this.language.current());
  }

  protected readonly cards = computed<Card[]>(() => {
    const m = this.metrics();
    if (!m) return [];
    const f = m.deployment_frequency;
    const l = m.lead_time;
    const c = m.change_failure_rate;
    const r = m.time_to_restore;
    const noData = this.t('dly.noData');
    return [
      {
        key: 'deployment_frequency',
        title: this.t('dly.frequency'),
        value: f.per_day >= 1 ? this.t('dly.perDay', { value: f.per_day }) : this.t('dly.perWeek', { value: f.per_week }),
        band: f.band,
        detail: this.t('dly.frequencyDetail', { count: f.deployments, days: m.window.days }),
      },
      {
        key: 'lead_time',
        title: this.t('dly.leadTime'),
        value: this.duration(l.median_seconds),
        band: l.band,
        detail:
          l.count === 0 ? noData : this.t('dly.leadDetail', { p90: this.duration(l.p90_seconds), count: l.count, commit: l.from_commit }),
      },
      {
        key: 'change_failure_rate',
        title: this.t('dly.cfr'),
        value: c.rate === null ? '—' : `${Math.round(c.rate * 1000) / 10}%`,
        band: c.band,
        detail:
          c.finished === 0
            ? noData
            : this.t('dly.cfrDetail', {
                failures: c.failures,
                finished: c.finished,
                failed: c.failed,
                rolledBack: c.rolled_back,
                incident: c.completed_with_incident,
              }),
      },
      {
        key: 'time_to_restore',
        title: this.t('dly.ttr'),
        value: this.duration(r.median_seconds),
        band: r.band,
        detail:
          r.count === 0 && r.unresolved === 0
            ? noData
            : this.t('dly.ttrDetail', { p90: this.duration(r.p90_seconds), count: r.count, unresolved: r.unresolved }),
      },
    ];
  });

  private columnLabel(start: string): string {
    return new Intl.DateTimeFormat(this.language.locale(), { month: 'numeric', day: 'numeric', timeZone: 'UTC' }).format(new Date(start));
  }

  private outcomeSegments(o: { succeeded: number; failed: number; rolled_back: number }): Segment[] {
    return [
      { label: this.t('dly.succeeded'), value: o.succeeded, color: CHART_COLORS['completed']! },
      { label: this.i18n.label('deploymentStatus', 'failed'), value: o.failed, color: CHART_COLORS['failed']! },
      { label: this.i18n.label('deploymentStatus', 'rolled_back'), value: o.rolled_back, color: CHART_COLORS['rolled_back']! },
    ];
  }

  private severitySegments(counts: Record<(typeof SEVERITIES)[number], number>): Segment[] {
    return SEVERITIES.map((s) => ({ label: this.i18n.label('severity', s), value: counts[s], color: CHART_COLORS[s]! }));
  }

  protected readonly outcomeColumns = computed<Column[]>(() =>
    (this.metrics()?.series ?? []).map((p) => ({ label: this.columnLabel(p.start), segments: this.outcomeSegments(p.outcomes) })),
  );
  protected readonly incidentColumns = computed<Column[]>(() =>
    (this.metrics()?.series ?? []).map((p) => ({ label: this.columnLabel(p.start), segments: this.severitySegments(p.incidents) })),
  );
  protected readonly outcomeTotals = computed<Segment[]>(() => {
    const total = { succeeded: 0, failed: 0, rolled_back: 0 };
    for (const p of this.metrics()?.series ?? []) {
      total.succeeded += p.outcomes.succeeded;
      total.failed += p.outcomes.failed;
      total.rolled_back += p.outcomes.rolled_back;
    }
    return this.outcomeSegments(total);
  });
  protected readonly incidentTotals = computed<Segment[]>(() => {
    const total = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<(typeof SEVERITIES)[number], number>;
    for (const p of this.metrics()?.series ?? []) for (const s of SEVERITIES) total[s] += p.incidents[s];
    return this.severitySegments(total);
  });
}
