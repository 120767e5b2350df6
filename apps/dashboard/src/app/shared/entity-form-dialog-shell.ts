import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { injectI18n } from '../core/i18n/messages';

/**
 * The frame of a create/edit dialog: title, the fields (this element's content) in a two-column
 * grid, cancel and submit. The dialog puts `[formGroup]` and `(ngSubmit)` on this element rather
 * than on the <form> inside: the fields are the dialog's content, so their form group must be on
 * an element of the dialog's own template. The inner <form> gives Enter-to-submit, and its submit
 * event bubbles up to the form group here.
 */
@Component({
  selector: 'app-entity-form-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatDialogModule, MatButtonModule],
  template: `
    <h2 mat-dialog-title>{{ heading() }}</h2>
    <form novalidate [attr.data-testid]="formTestId()">
      <mat-dialog-content class="grid">
        <ng-content />
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" (click)="ref.close()">{{ t('common.cancel') }}</button>
        <button mat-flat-button type="submit" [disabled]="saving()" [attr.data-testid]="submitTestId()">
          {{ submitLabel() }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    :host {
      display: contents;
    }
    .grid {
      display: grid;
      grid-template-columns: repeat(2, minmax(0, 1fr));
      gap: 16px;
      padding-top: 8px;
      align-items: start;
    }
    @media (max-width: 600px) {
      .grid {
        grid-template-columns: 1fr;
      }
    }
  `,
})
export class EntityFormDialogShell {
  readonly heading = input.required<string>();
  readonly submitLabel = input.required<string>();
  readonly saving = input.required<boolean>();
  readonly formTestId = input.required<string>();
  readonly submitTestId = input.required<string>();
  protected readonly ref = inject(MatDialogRef);
  protected readonly t = injectI18n().t;
}
