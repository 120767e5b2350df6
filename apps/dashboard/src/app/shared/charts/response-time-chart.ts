import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  afterNextRender,
  computed,
  inject,
  input,
  signal,
} from '@angular/core';
import { Language } from '../../core/i18n/language';
import { injectI18n } from '../../core/i18n/messages';
import { bucketLabel, isTick, niceCeiling, tickLabel, timeScaleFor } from './time-axis';

export interface ResponseTimePoint {
  /** Start of the bucket (ISO). */
  start: string;
  /** Milliseconds; null: no answer in the bucket. */
  p50: number | null;
  p95: number | null;
  max: number | null;
}

/** Width before the chart is measured; then it is drawn at its real width, so text keeps its size. */
const DEFAULT_WIDTH = 600;
const HEIGHT = 200;
const LEFT = 56;
const RIGHT = 10;
const TOP = 10;
const BOTTOM = 24;
const PLOT_H = HEIGHT - TOP - BOTTOM;

type Series = 'p50' | 'p95';

/**
 * Response times over hourly buckets: the median (p50) and the slow tail (p95) as two lines, with
 * hours without an answer left as gaps. The axis is scaled to the p95s so one very slow answer
 * cannot flatten the rest; the slowest answer of each hour is in the tooltip and the table. For
 * screen readers: a summary as the image's label, and the numbers in a table only they see.
 */
@Component({
  selector: 'app-response-time-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure data-testid="response-time-chart">
      <svg
        [attr.viewBox]="'0 0 ' + width() + ' ' + height"
        [attr.height]="height"
        role="img"
        [attr.aria-label]="summary()"
        preserveAspectRatio="xMidYMid meet"
      >
        @for (tick of yTicks(); track tick.value) {
          <line [attr.x1]="left" [attr.x2]="width() - right" [attr.y1]="tick.y" [attr.y2]="tick.y" class="grid" />
          <text [attr.x]="left - 6" [attr.y]="tick.y + 4" text-anchor="end" class="tick">{{ tick.label }}</text>
        }
        @for (tick of xTicks(); track tick.x) {
          <text [attr.x]="tick.x" [attr.y]="height - 6" text-anchor="middle" class="tick">{{ tick.label }}</text>
        }
        @for (series of lines(); track series.name) {
          <path [attr.d]="series.path" [class]="'line ' + series.name" [attr.data-testid]="'rt-line-' + series.name" />
          @for (dot of series.dots; track dot.x) {
            <circle [attr.cx]="dot.x" [attr.cy]="dot.y" r="2.5" [class]="'dot ' + series.name" />
          }
        }
        @for (col of columns(); track col.start) {
          <rect [attr.x]="col.x" [attr.y]="top" [attr.width]="col.w" [attr.height]="plotHeight" class="hover">
            <title>{{ col.label }}</title>
          </rect>
        }
      </svg>
      <figcaption class="legend" aria-hidden="true">
        <span><span class="swatch p50"></span>{{ t('chart.p50') }}</span>
        <span><span class="swatch p95"></span>{{ t('chart.p95') }}</span>
        <span class="unit">{{ t('chart.unit') }}</span>
      </figcaption>
      <table class="sr-only">
        <caption>
          {{
            title()
          }}
        </caption>
        <thead>
          <tr>
            <th scope="col">{{ t('chart.time') }}</th>
            <th scope="col">{{ t('chart.p50') }} (ms)</th>
            <th scope="col">{{ t('chart.p95') }} (ms)</th>
            <th scope="col">{{ t('chart.max') }} (ms)</th>
          </tr>
        </thead>
        <tbody>
          @for (row of rows(); track row.start) {
            <tr>
              <th scope="row">{{ row.time }}</th>
              <td>{{ row.p50 }}</td>
              <td>{{ row.p95 }}</td>
              <td>{{ row.max }}</td>
            </tr>
          }
        </tbody>
      </table>
    </figure>
  `,
  styles: `
    :host {
      display: block;
    }
    figure {
      margin: 0;
    }
    svg {
      width: 100%;
      display: block;
    }
    .grid {
      stroke: var(--mat-sys-outline-variant);
      stroke-width: 1;
    }
    .tick {
      font-size: 11px;
      fill: var(--mat-sys-on-surface-variant);
    }
    .line {
      fill: none;
      stroke-width: 2;
      stroke-linejoin: round;
      stroke-linecap: round;
    }
    .line.p50,
    .dot.p50,
    .swatch.p50 {
      stroke: var(--mat-sys-primary);
      background: var(--mat-sys-primary);
      fill: var(--mat-sys-primary);
    }
    .line.p50 {
      fill: none;
    }
    /* p95 in a fixed orange that reads on light and dark surfaces alike, apart from the primary p50. */
    .line.p95,
    .dot.p95,
    .swatch.p95 {
      stroke: #ef6c00;
      background: #ef6c00;
      fill: #ef6c00;
    }
    .line.p95 {
      fill: none;
      stroke-dasharray: 5 3;
    }
    .hover {
      fill: transparent;
    }
    .hover:hover {
      fill: var(--mat-sys-on-surface);
      fill-opacity: 0.06;
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 16px;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      margin-top: 4px;
    }
    .swatch {
      display: inline-block;
      width: 14px;
      height: 3px;
      margin-right: 6px;
      vertical-align: middle;
      border-radius: 2px;
    }
    .sr-only {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
  `,
})
export class ResponseTimeChart {
  readonly points = input.required<ResponseTimePoint[]>();
  /** What the chart shows, e.g. "Response time, last 24 h": starts the summary and captions the table. */
  readonly title = input('');
  private readonly language = inject(Language);
  protected readonly t = injectI18n().t;
  protected readonly width = signal(DEFAULT_WIDTH);
  protected readonly height = HEIGHT;
  protected readonly left = LEFT;
  protected readonly right = RIGHT;
  protected readonly top = TOP;
  protected readonly plotHeight = PLOT_H;

  private readonly scale = computed(() => timeScaleFor(this.points().length));
  private readonly yMax = computed(() => niceCeiling(Math.max(0, ...this.points().map((p) => p.p95 ?? p.p50 ?? 0))));
  private readonly slot = computed(() => (this.width() - LEFT - RIGHT) / Math.max(1, this.points().length));

  constructor() {
    const host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
    const destroyRef = inject(DestroyRef);
    afterNextRender(() => {
      // Without ResizeObserver (old browsers, test DOMs) the chart keeps its default width, scaled.
      if (typeof ResizeObserver === 'undefined') return;
      const observer = new ResizeObserver(([entry]) => {
        const width = Math.round(entry?.contentRect.width ?? 0);
        if (width > LEFT + RIGHT + 40) this.width.set(width);
      });
      observer.observe(host);
      destroyRef.onDestroy(() => observer.disconnect());
    });
  }
  private x(i: number): number {
    return LEFT + (i + 0.5) * this.slot();
  }
  private y(ms: number): number {
    return TOP + PLOT_H - (Math.min(ms, this.yMax()) / this.yMax()) * PLOT_H;
  }

  protected readonly yTicks = computed(() =>
    [0, this.yMax() / 2, this.yMax()].map((value) => ({ value, y: this.y(value), label: `${Math.round(value)} ms` })),
  );
  protected readonly xTicks = computed(() => {
    const locale = this.language.locale();
    const scale = this.scale();
    return this.points().flatMap((p, i) => (isTick(p.start, scale) ? [{ x: this.x(i), label: tickLabel(p.start, scale, locale) }] : []));
  });

  /** One path per series, broken where an hour has no answer; a point alone between gaps is a dot. */
  protected readonly lines = computed(() =>
    (['p95', 'p50'] as Series[]).map((name) => {
      const points = this.points();
      let path = '';
      const dots: Array<{ x: number; y: number }> = [];
      points.forEach((p, i) => {
        const value = p[name];
        if (value === null) return;
        const before = i > 0 && points[i - 1]![name] !== null;
        const after = i < points.length - 1 && points[i + 1]![name] !== null;
        const x = this.x(i);
        const y = this.y(value);
        path += `${before ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)} `;
        if (!before && !after) dots.push({ x, y });
      });
      return { name, path: path.trim() || 'M0 0', dots };
    }),
  );

  protected readonly columns = computed(() => {
    const locale = this.language.locale();
    const w = this.slot();
    return this.points().map((p, i) => ({
      start: p.start,
      x: LEFT + i * w,
      w,
      label:
        p.p50 === null
          ? `${bucketLabel(p.start, locale)}: ${this.t('chart.noAnswer')}`
          : `${bucketLabel(p.start, locale)}: ${this.t('chart.point', { p50: p.p50, p95: p.p95 ?? '—', max: p.max ?? '—' })}`,
    }));
  });

  protected readonly rows = computed(() => {
    const locale = this.language.locale();
    return this.points()
      .filter((p) => p.p50 !== null)
      .map((p) => ({ start: p.start, time: bucketLabel(p.start, locale), p50: p.p50, p95: p.p95 ?? '—', max: p.max ?? '—' }));
  });

  protected readonly summary = computed(() => {
    const measured = this.points().filter((p) => p.p50 !== null);
    if (measured.length === 0) return `${this.title()}: ${this.t('chart.noAnswers')}`;
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    const p50s = sorted(measured.map((p) => p.p50!));
    const worstP95 = Math.max(...measured.map((p) => p.p95 ?? p.p50!));
    const slowest = Math.max(...measured.map((p) => p.max ?? p.p95 ?? p.p50!));
    return `${this.title()}: ${this.t('chart.summary', {
      median: p50s[Math.floor((p50s.length - 1) / 2)]!,
      p95: worstP95,
      max: slowest,
      hours: measured.length,
    })}`;
  });
}
