import { ChangeDetectionStrategy, Component, input } from '@angular/core';

let panels = 0;

/** A framed section of a detail page, named by its heading (when it has one) for screen readers. */
@Component({
  selector: 'app-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="panel" [attr.aria-labelledby]="heading() ? headingId : null">
      @if (heading()) {
        <h2 [id]="headingId">{{ heading() }}</h2>
      }
      <ng-content />
    </section>
  `,
  styles: `
    :host {
      display: block;
      min-width: 0;
    }
    .panel {
      background: var(--mat-sys-surface-container-low);
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
      padding: 14px 16px;
    }
    h2 {
      font: var(--mat-sys-title-small);
      margin: 0 0 8px;
    }
  `,
})
export class Panel {
  readonly heading = input<string>('');
  protected readonly headingId = `panel-heading-${++panels}`;
}
