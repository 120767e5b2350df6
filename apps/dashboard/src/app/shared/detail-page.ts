import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { injectI18n } from '../core/i18n/messages';
import type { EntityDetail } from './entity-detail';

/**
 * The frame of a detail page: the link back to the list, then "not found", "loading" or the
 * content. The content shows itself only once `detail.value()` is there (it needs the entity).
 */
@Component({
  selector: 'app-detail-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButtonModule],
  template: `
    <a [routerLink]="back()" class="back">← {{ backLabel() }}</a>
    @if (detail().missing()) {
      <div class="empty" [attr.data-testid]="missingTestId()">
        <p>{{ notFound() }}</p>
        <a mat-stroked-button [routerLink]="back()">{{ backLabel() }}</a>
      </div>
    } @else if (detail().value() === null) {
      <p class="muted">{{ t('common.loading') }}</p>
    }
    <ng-content />
  `,
  styles: `
    .back {
      display: inline-block;
      margin: 8px 0 12px;
      color: var(--mat-sys-primary);
      text-decoration: none;
    }
    .back:hover {
      text-decoration: underline;
    }
    .empty {
      padding: 32px 16px;
      text-align: center;
      border: 1px dashed var(--mat-sys-outline-variant);
      border-radius: 12px;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class DetailPage {
  readonly detail = input.required<EntityDetail<unknown>>();
  /** The list this page belongs to. */
  readonly back = input.required<string>();
  readonly backLabel = input.required<string>();
  readonly notFound = input.required<string>();
  readonly missingTestId = input.required<string>();
  protected readonly t = injectI18n().t;
}
