import { ChangeDetectionStrategy, Component, type Injector, inject } from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { firstValueFrom } from 'rxjs';
import { injectI18n } from './i18n/messages';

/** Asks for the service's access token. Loaded only when the API first answers 401. */
@Component({
  selector: 'app-token-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <h2 mat-dialog-title>{{ t('token.title') }}</h2>
    <form (submit)="$event.preventDefault(); submit()">
      <mat-dialog-content>
        <p>{{ t('token.text') }}</p>
        @if (data.refused) {
          <p class="refused" role="alert">{{ t('token.refused') }}</p>
        }
        <mat-form-field appearance="outline" class="full">
          <mat-label>{{ t('token.label') }}</mat-label>
          <input matInput type="password" autocomplete="off" [formControl]="token" cdkFocusInitial data-testid="token-input" />
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" (click)="ref.close(null)">{{ t('token.cancel') }}</button>
        <button mat-flat-button type="submit" [disabled]="token.invalid">{{ t('token.submit') }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .full {
      width: 100%;
    }
    .refused {
      color: var(--mat-sys-error);
    }
  `,
})
export class TokenDialog {
  protected readonly t = injectI18n().t;
  protected readonly data = inject<{ refused: boolean }>(MAT_DIALOG_DATA);
  protected readonly ref = inject<MatDialogRef<TokenDialog, string | null>>(MatDialogRef);
  protected readonly token = new FormControl('', { nonNullable: true, validators: [Validators.required] });

  protected submit(): void {
    if (this.token.valid) this.ref.close(this.token.value.trim());
  }
}

export async function openTokenDialog(injector: Injector, refused: boolean): Promise<string | null> {
  const ref = injector.get(MatDialog).open<TokenDialog, { refused: boolean }, string | null>(TokenDialog, {
    data: { refused },
    disableClose: true,
    width: '440px',
    maxWidth: '95vw',
  });
  return (await firstValueFrom(ref.afterClosed())) ?? null;
}
