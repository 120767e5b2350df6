import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { injectI18n } from '../core/i18n/messages';
import type { PagedList } from './paged-list';

/** Below a paged list: which rows are shown of how many, the page size (when offered), previous and next. */
@Component({
  selector: 'app-pager',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    @if (list().page(); as p) {
      <nav class="pager" aria-label="Pages">
        <span class="range" [attr.data-testid]="testId() ? testId() + '-range' : null">{{
          t('common.pageOf', {
            from: list().first(),
            to: list().first() + p.items.length - 1,
            total: p.total_capped ? p.total + '+' : p.total,
          })
        }}</span>
        @if (sizes().length) {
          <mat-form-field appearance="outline" class="size" subscriptSizing="dynamic">
            <mat-label>{{ t('common.rowsPerPage') }}</mat-label>
            <select matNativeControl [value]="list().limit()" (change)="list().setLimit(+$any($event.target).value)">
              @for (size of sizes(); track size) {
                <option [value]="size" [selected]="size === list().limit()">{{ size }}</option>
              }
            </select>
          </mat-form-field>
        }
        <button mat-stroked-button type="button" [disabled]="!list().hasPrevious()" (click)="list().previous()">
          {{ t('common.previous') }}
        </button>
        <button
          mat-stroked-button
          type="button"
          [disabled]="!p.has_more"
          (click)="list().next()"
          [attr.data-testid]="testId() ? testId() + '-next' : null"
        >
          {{ t('common.next') }}
        </button>
      </nav>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .pager {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: flex-end;
      gap: 8px 12px;
      margin-top: 12px;
    }
    .range {
      margin-right: auto;
      color: var(--mat-sys-on-surface-variant);
    }
    .size {
      width: 110px;
    }
  `,
})
export class Pager {
  readonly list = input.required<PagedList<unknown>>();
  /** Page sizes to choose from; none: the size is fixed. */
  readonly sizes = input<readonly number[]>([]);
  /** Prefix of the range's and the next button's data-testid. */
  readonly testId = input<string>('');
  protected readonly t = injectI18n().t;
}
