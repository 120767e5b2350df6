import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { Segment } from '../shared/charts/stacked-bar';

/** One column of the chart: a bucket of time split into coloured parts. */
export interface Column {
  /** Short label under the column, e.g. "3/14". */
  label: string;
  segments: Segment[];
}

const WIDTH = 560;
const HEIGHT = 140;
const TOP = 14;
const BOTTOM = 20;

/**
 * Columns over time, each stacked by its parts (outcomes, severities); the legend with the totals
 * is the shared stacked bar beside it. Each part carries a tooltip with its label and count.
 */
@Component({
  selector: 'app-stacked-columns',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <svg [attr.viewBox]="'0 0 ' + width + ' ' + height" role="img" [attr.aria-label]="summary()" preserveAspectRatio="xMinYMin meet">
      <line x1="0" [attr.y1]="base" [attr.x2]="width" [attr.y2]="base" class="axis" />
      @for (col of layout(); track $index) {
        <g [attr.data-column]="col.label">
          @for (part of col.parts; track part.label) {
            <rect
              [attr.x]="col.x"
              [attr.y]="part.y"
              [attr.width]="col.w"
              [attr.height]="part.h"
              [attr.fill]="part.color"
              [attr.data-part]="part.label"
              [attr.data-value]="part.value"
              class="part"
            >
              <title>{{ col.label }} · {{ part.label }}: {{ part.value }}</title>
            </rect>
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
      @if (max() > 0) {
        <text x="0" y="10" class="tick">{{ max() }}</text>
      }
    </svg>
  `,
  styles: `
    :host {
      display: block;
    }
    svg {
      width: 100%;
      height: auto;
      display: block;
    }
    .axis {
      stroke: var(--mat-sys-outline-variant);
    }
    .tick {
      font-size: 10px;
      fill: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class StackedColumns {
  readonly columns = input.required<Column[]>();
  readonly title = input('');
  protected readonly width = WIDTH;
  protected readonly height = HEIGHT;
  protected readonly base = HEIGHT - BOTTOM;
  protected readonly max = computed(() => Math.max(0, ...this.columns().map((c) => c.segments.reduce((sum, s) => sum + s.value, 0))));
  protected readonly layout = computed(() => {
    const columns = this.columns();
    const max = this.max();
    const slot = WIDTH / Math.max(1, columns.length);
    const every = Math.ceil(columns.length / 8);
    const scale = max > 0 ? (HEIGHT - BOTTOM - TOP) / max : 0;
    return columns.map((col, i) => {
      let y = this.base;
      const parts = col.segments
        .filter((s) => s.value > 0)
        .map((s) => {
          const h = s.value * scale;
          y -= h;
          return { ...s, y, h };
        });
      return {
        label: col.label,
        parts,
        x: i * slot + slot * 0.15,
        w: slot * 0.7,
        showLabel: (columns.length - 1 - i) % every === 0,
        // The first and last labels stay inside the chart.
        anchor: i === columns.length - 1 ? 'end' : i === 0 ? 'start' : 'middle',
      };
    });
  });
  protected readonly summary = computed(
    () =>
      `${this.title()}: ${this.columns()
        .map((c) => `${c.label} ${c.segments.map((s) => `${s.label} ${s.value}`).join(', ')}`)
        .join('; ')}`,
  );
}
