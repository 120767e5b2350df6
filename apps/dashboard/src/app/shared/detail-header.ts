import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * The head of a detail page: the title, the status pills (given as content) and the buttons
 * (content marked `detailAction`) on the right.
 */
@Component({
  selector: 'app-detail-header',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="head">
      <div class="title-block">
        <h1 [attr.data-testid]="headingTestId()">{{ heading() }}</h1>
        <div class="pills"><ng-content /></div>
      </div>
      <div class="head-actions" [attr.data-testid]="actionsTestId() || null">
        <ng-content select="[detailAction]" />
      </div>
    </header>
  `,
  styles: `
    .head {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      gap: 12px;
      align-items: flex-start;
      margin-bottom: 16px;
    }
    .title-block {
      min-width: 0;
      flex: 1 1 360px;
    }
    h1 {
      font: var(--mat-sys-headline-small);
      margin: 0 0 8px;
      overflow-wrap: anywhere;
    }
    .pills {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
    }
    .head-actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
  `,
})
export class DetailHeader {
  readonly heading = input.required<string>();
  readonly headingTestId = input.required<string>();
  readonly actionsTestId = input<string>('');
}
