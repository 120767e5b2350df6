import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** Short texts (tags, affected services) shown as chips, or a dash when there are none. */
@Component({
  selector: 'app-chip-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (item of items(); track item) {
      <span class="chip">{{ item }}</span>
    } @empty {
      —
    }
  `,
  styles: `
    .chip {
      display: inline-block;
      padding: 1px 8px;
      margin: 0 4px 4px 0;
      border-radius: 8px;
      background: var(--mat-sys-surface-container-high);
      font: var(--mat-sys-label-medium);
    }
  `,
})
export class ChipList {
  readonly items = input.required<readonly string[]>();
}
