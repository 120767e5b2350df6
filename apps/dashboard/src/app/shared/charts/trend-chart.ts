import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

export interface TrendPoint {
  /** Short label under the column, e.g. "11/27". */
  label: string;
  /** null: nothing to measure that day. */
  value: number | null;
  /** The value as people read it, e.g. "1h 20m". */
  display: string;
}

const WIDTH = 280;
const HEIGHT = 110;
const TOP = 16;
const BOTTOM = 22;

/** Columns over time (one per day); days without a value are shown as a dash, not as zero. */
@Component({
  selector: 'app-trend-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <svg [attr.viewBox]="'0 0 ' + width + ' ' + height" role="img" [attr.aria-label]="summary()" preserveAspectRatio="xMinYMin meet">
      <line x1="0" [attr.y1]="base" [attr.x2]="width" [attr.y2]="base" class="axis" />
      @for (col of columns(); track $index) {
        <g>
          <title>{{ col.label }}: {{ col.display }}</title>
          @if (col.value !== null) {
            <rect [attr.x]="col.x" [attr.y]="base - col.h" [attr.width]="col.w" [attr.height]="col.h" rx="2" class="col" />
          } @else {
            <line [attr.x1]="col.x + 2" [attr.x2]="col.x + col.w - 2" [attr.y1]="base - 3" [attr.y2]="base - 3" class="gap" />
          }
          @if (col.showLabel) {
            <text
              [attr.x]="col.anchor === 'end' ? col.x + col.w : col.anchor === 'start' ? col.x : col.x + col.w / 2"
              [attr.y]="height - 6"
              [attr.text-anchor]="col.anchor"
              class="tick"
            >
              {{ col.label }}
            </text>
          }
        </g>
      }
      @if (maxDisplay()) {
        <text x="0" y="11" class="tick">{{ maxDisplay() }}</text>
      }
    </svg>
  `,
  styles: `
    :host {
      display: block;
    }
    svg {
      width: 100%;
      max-width: 480px;
      height: auto;
      display: block;
    }
    .axis {
      stroke: var(--mat-sys-outline-variant);
    }
    .col {
      fill: var(--mat-sys-primary);
    }
    .gap {
      stroke: var(--mat-sys-outline);
      stroke-width: 2;
    }
    .tick {
      font-size: 10px;
      fill: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class TrendChart {
  readonly points = input.required<TrendPoint[]>();
  readonly title = input('');
  protected readonly width = WIDTH;
  protected readonly height = HEIGHT;
  protected readonly base = HEIGHT - BOTTOM;
  private readonly maxPoint = computed(() => {
    let best: TrendPoint | null = null;
    for (const p of this.points()) if (p.value !== null && (best === null || p.value > (best.value ?? 0))) best = p;
    return best;
  });
  protected readonly maxDisplay = computed(() => this.maxPoint()?.display ?? '');
  protected readonly columns = computed(() => {
    const points = this.points();
    const max = this.maxPoint()?.value ?? 0;
    const slot = WIDTH / Math.max(1, points.length);
    const every = Math.ceil(points.length / 5);
    return points.map((p, i) => ({
      ...p,
      x: i * slot + slot * 0.15,
      w: slot * 0.7,
      h: p.value !== null && max > 0 ? Math.max(2, (p.value / max) * (HEIGHT - BOTTOM - TOP)) : 0,
      showLabel: (points.length - 1 - i) % every === 0,
      // The first and last labels stay inside the chart.
      anchor: i === points.length - 1 ? 'end' : i === 0 ? 'start' : 'middle',
    }));
  });
  protected readonly summary = computed(
    () =>
      `${this.title()}: ${this.points()
        .map((p) => `${p.label} ${p.display}`)
        .join(', ')}`,
  );
}
