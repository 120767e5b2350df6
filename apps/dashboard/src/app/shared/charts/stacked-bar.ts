import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

export interface Segment {
  label: string;
  value: number;
  color: string;
}

/** One bar split by share (e.g. deployment outcomes), with a legend that gives the counts. */
@Component({
  selector: 'app-stacked-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <svg viewBox="0 0 400 20" role="img" [attr.aria-label]="summary()" preserveAspectRatio="none">
      @if (total() === 0) {
        <rect x="0" y="0" width="400" height="20" rx="4" class="track" />
      }
      @for (part of parts(); track part.label) {
        <rect [attr.x]="part.x" y="0" [attr.width]="part.w" height="20" [attr.fill]="part.color" />
      }
    </svg>
    <ul class="legend">
      @for (part of segments(); track part.label) {
        <li>
          <span class="swatch" [style.background]="part.color"></span>{{ part.label }} <strong>{{ part.value }}</strong>
        </li>
      }
    </ul>
  `,
  styles: `
    :host {
      display: block;
    }
    svg {
      width: 100%;
      height: 20px;
      display: block;
      border-radius: 4px;
      overflow: hidden;
    }
    .track {
      fill: var(--mat-sys-surface-container-high);
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 14px;
      list-style: none;
      padding: 0;
      margin: 8px 0 0;
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
  `,
})
export class StackedBar {
  readonly segments = input.required<Segment[]>();
  readonly title = input('');
  protected readonly total = computed(() => this.segments().reduce((sum, s) => sum + s.value, 0));
  protected readonly parts = computed(() => {
    const total = this.total();
    let x = 0;
    return this.segments()
      .filter((s) => s.value > 0)
      .map((s) => {
        const w = (s.value / total) * 400;
        const part = { ...s, x, w };
        x += w;
        return part;
      });
  });
  protected readonly summary = computed(
    () =>
      `${this.title()}: ${this.segments()
        .map((s) => `${s.label} ${s.value}`)
        .join(', ')}`,
  );
}
