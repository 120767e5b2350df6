import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

export interface Bar {
  label: string;
  value: number;
  color: string;
  /** Shown instead of the number, e.g. "99.9%". */
  display?: string;
}

/**
 * Horizontal bars, one per value, with the number written beside each. Labels and numbers are
 * text (crisp at any width, readable by screen readers); each bar is a small SVG.
 */
@Component({
  selector: 'app-bar-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="chart" role="img" [attr.aria-label]="summary()">
      @for (bar of layout(); track bar.label) {
        <span class="label" aria-hidden="true">{{ bar.label }}</span>
        <svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
          <rect x="0" y="0" width="100" height="10" rx="1.5" class="track" />
          <rect x="0" y="0" [attr.width]="bar.width" height="10" rx="1.5" [attr.fill]="bar.color" />
        </svg>
        <span class="value" aria-hidden="true">{{ bar.display ?? bar.value }}</span>
      }
    </div>
  `,
  styles: `
    .chart {
      display: grid;
      grid-template-columns: minmax(60px, max-content) minmax(40px, 1fr) minmax(28px, max-content);
      gap: 6px 10px;
      align-items: center;
    }
    .label {
      font: var(--mat-sys-body-small);
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .value {
      font: var(--mat-sys-label-large);
      text-align: right;
    }
    svg {
      width: 100%;
      height: 12px;
      display: block;
    }
    .track {
      fill: var(--mat-sys-surface-container-highest);
    }
  `,
})
export class BarChart {
  readonly bars = input.required<Bar[]>();
  /** The largest value a bar can show (e.g. 100 for percentages); default: the largest bar. */
  readonly max = input<number | null>(null);
  readonly title = input('');
  protected readonly layout = computed(() => {
    const max = this.max() ?? Math.max(1, ...this.bars().map((b) => b.value));
    return this.bars().map((bar) => ({
      ...bar,
      width: max > 0 ? Math.min(100, Math.max(bar.value > 0 ? 1.5 : 0, (bar.value / max) * 100)) : 0,
    }));
  });
  protected readonly summary = computed(
    () =>
      `${this.title()}: ${this.bars()
        .map((b) => `${b.label} ${b.display ?? b.value}`)
        .join(', ')}`,
  );
}
