import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, type MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { firstValueFrom } from 'rxjs';
import { injectI18n } from '../core/i18n/messages';
import { errorText } from './form-errors';

export interface ActionField {
  name: string;
  label: string;
  required?: boolean;
  multiline?: boolean;
  maxLength: number;
  hint?: string;
  value?: string;
}

export interface ActionDialogData {
  title: string;
  text?: string;
  confirm: string;
  /** Red confirm button, for what cannot be undone. */
  destructive?: boolean;
  fields?: ActionField[];
}

/** A confirmation, optionally asking for a few texts (a reason, a version). Closes with the texts, or null. */
@Component({
  selector: 'app-action-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()">
      <mat-dialog-content>
        @if (data.text) {
          <p class="text">{{ data.text }}</p>
        }
        @for (field of fields; track field.name) {
          <mat-form-field appearance="outline" subscriptSizing="dynamic" class="full">
            <mat-label>{{ field.label }}</mat-label>
            @if (field.multiline) {
              <textarea matInput rows="3" [formControlName]="field.name" [attr.data-testid]="'action-' + field.name"></textarea>
            } @else {
              <input matInput [formControlName]="field.name" [attr.data-testid]="'action-' + field.name" />
            }
            @if (field.hint) {
              <mat-hint>{{ field.hint }}</mat-hint>
            }
            <mat-error>{{ error(field.name) }}</mat-error>
          </mat-form-field>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" (click)="ref.close(null)">{{ t('common.cancel') }}</button>
        <button mat-flat-button type="submit" [class.destructive]="data.destructive" data-testid="action-confirm">
          {{ data.confirm }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .full {
      width: 100%;
      margin-bottom: 12px;
    }
    .text {
      margin-top: 0;
    }
    .destructive {
      --mat-button-filled-container-color: var(--mat-sys-error);
      --mat-button-filled-label-text-color: var(--mat-sys-on-error);
    }
  `,
})
export class ActionDialog {
  protected readonly data = inject<ActionDialogData>(MAT_DIALOG_DATA);
  protected readonly ref = inject<MatDialogRef<ActionDialog, Record<string, string> | null>>(MatDialogRef);
  protected readonly t = injectI18n().t;
  protected readonly fields = this.data.fields ?? [];
  protected readonly form = new FormGroup<Record<string, FormControl<string>>>(
    Object.fromEntries(
      this.fields.map((f) => [
        f.name,
        new FormControl(f.value ?? '', {
          nonNullable: true,
          validators: [...(f.required ? [Validators.required] : []), Validators.maxLength(f.maxLength)],
        }),
      ]),
    ),
  );

  protected error(name: string): string {
    return errorText(this.form.get(name), this.t);
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.ref.close(Object.fromEntries(Object.entries(this.form.getRawValue()).map(([k, v]) => [k, v.trim()])));
  }
}

/** Opens the dialog; resolves with the entered texts (trimmed) when confirmed, null when cancelled. */
export async function askAction(dialog: MatDialog, data: ActionDialogData): Promise<Record<string, string> | null> {
  const ref = dialog.open<ActionDialog, ActionDialogData, Record<string, string> | null>(ActionDialog, {
    data,
    width: '480px',
    maxWidth: '95vw',
    autoFocus: 'first-tabbable',
  });
  return (await firstValueFrom(ref.afterClosed())) ?? null;
}
