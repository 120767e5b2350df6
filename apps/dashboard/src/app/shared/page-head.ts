import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** The top of a page: its title and what it is for, with the page's main button (given as content) on the right. */
@Component({
  selector: 'app-page-head',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="page-head">
      <div>
        <h1>{{ heading() }}</h1>
        <p class="subtitle">{{ subtitle() }}</p>
      </div>
      <ng-content />
    </div>
  `,
  styles: `
    .page-head {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      align-items: center;
      gap: 12px;
      margin-bottom: 16px;
    }
    h1 {
      font: var(--mat-sys-headline-small);
      margin: 8px 0 0;
    }
    .subtitle {
      margin: 4px 0 0;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class PageHead {
  readonly heading = input.required<string>();
  readonly subtitle = input.required<string>();
}
