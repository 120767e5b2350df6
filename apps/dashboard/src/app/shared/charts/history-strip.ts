import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { Language } from '../../core/i18n/language';
import { injectI18n } from '../../core/i18n/messages';
import { CHART_COLORS } from './colors';
import { bucketLabel, isTick, tickLabel, timeScaleFor } from './time-axis';

export interface HistoryCell {
  /** Start of the bucket (ISO). */
  start: string;
  checks: number;
  healthy: number;
  warning: number;
  critical: number;
}

/** A bucket's colour: its worst check; no checks is "no data", not healthy. */
export type CellState = 'healthy' | 'warning' | 'critical' | 'empty';

export function cellState(cell: HistoryCell): CellState {
  if (cell.checks === 0) return 'empty';
  if (cell.critical > 0) return 'critical';
  if (cell.warning > 0) return 'warning';
  return 'healthy';
}

/**
 * Up and down over time: one cell per bucket, coloured by its worst check. Each cell says its
 * time and counts as a tooltip and as text for screen readers; the list's label sums them up.
 */
@Component({
  selector: 'app-history-strip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ol
      class="strip"
      data-testid="history-strip"
      [attr.aria-label]="summary()"
      [style.grid-template-columns]="'repeat(' + cells().length + ', 1fr)'"
    >
      @for (cell of cells(); track cell.start) {
        <li [attr.data-state]="cell.state" [attr.title]="cell.label" [style.background]="cell.color">
          <span class="sr-only">{{ cell.label }}</span>
        </li>
      }
    </ol>
    <div class="ticks" aria-hidden="true" [style.grid-template-columns]="'repeat(' + cells().length + ', 1fr)'">
      @for (cell of cells(); track cell.start) {
        <span>{{ cell.tick }}</span>
      }
    </div>
    <ul class="legend" aria-hidden="true">
      @for (item of legend(); track item.state) {
        <li><span class="swatch" [attr.data-state]="item.state" [style.background]="item.color"></span>{{ item.label }}</li>
      }
    </ul>
  `,
  styles: `
    :host {
      display: block;
    }
    .strip {
      display: grid;
      gap: 1px;
      list-style: none;
      margin: 0;
      padding: 0;
      height: 28px;
    }
    .strip li {
      border-radius: 2px;
      min-width: 0;
    }
    .strip li[data-state='empty'],
    .swatch[data-state='empty'] {
      background: var(--mat-sys-surface-container-highest);
      box-shadow: inset 0 0 0 1px var(--mat-sys-outline-variant);
    }
    .strip li:hover {
      outline: 2px solid var(--mat-sys-on-surface);
      outline-offset: 1px;
    }
    .ticks {
      display: grid;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      height: 18px;
    }
    .ticks span {
      white-space: nowrap;
      overflow: visible;
      min-width: 0;
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 14px;
      list-style: none;
      padding: 0;
      margin: 4px 0 0;
      font: var(--mat-sys-body-small);
    }
    .swatch {
      display: inline-block;
      width: 10px;
      height: 10px;
      border-radius: 2px;
      margin-right: 5px;
      vertical-align: -1px;
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
export class HistoryStrip {
  readonly buckets = input.required<HistoryCell[]>();
  /** What the strip covers, e.g. "Health, last 24 h": starts the summary. */
  readonly title = input('');
  private readonly language = inject(Language);
  private readonly i18n = injectI18n();

  private color(state: CellState): string | null {
    return state === 'empty' ? null : CHART_COLORS[state]!;
  }

  protected readonly cells = computed(() => {
    const locale = this.language.locale();
    const scale = timeScaleFor(this.buckets().length);
    const t = this.i18n.t;
    return this.buckets().map((cell) => {
      const state = cellState(cell);
      const time = bucketLabel(cell.start, locale);
      return {
        start: cell.start,
        state,
        color: this.color(state),
        tick: isTick(cell.start, scale) ? tickLabel(cell.start, scale, locale) : '',
        label:
          state === 'empty'
            ? t('chart.cellEmpty', { time })
            : t('chart.cell', { time, checks: cell.checks, healthy: cell.healthy, warning: cell.warning, critical: cell.critical }),
      };
    });
  });

  protected readonly legend = computed(() =>
    (['healthy', 'warning', 'critical', 'empty'] as CellState[]).map((state) => ({
      state,
      color: this.color(state),
      label: state === 'empty' ? this.i18n.t('chart.noData') : this.i18n.label('health', state),
    })),
  );

  protected readonly summary = computed(() => {
    const counts = { healthy: 0, warning: 0, critical: 0, empty: 0 };
    for (const cell of this.buckets()) counts[cellState(cell)] += 1;
    return `${this.title()}: ${this.i18n.t('chart.stripSummary', counts)}`;
  });
}
