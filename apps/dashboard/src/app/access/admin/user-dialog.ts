import { ChangeDetectionStrategy, Component, type Injector, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { LIMITS, ROLES, type Role, type User } from '@workflow-mcp/domain';
import { firstValueFrom } from 'rxjs';
import { injectI18n } from '../../core/i18n/messages';
import { applyFieldErrors, errorText, orNull } from '../../shared/form-errors';
import { AccessApi } from '../access-api';

export type UserDialogData = { mode: 'create' } | { mode: 'edit'; user: User } | { mode: 'password'; user: User };

const USERNAME = /^[A-Za-z0-9._-]+$/;

/** Adds a user, edits one (role, display name, disabled), or sets a new password for one. Closes with the user saved. */
@Component({
  selector: 'app-user-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatInputModule],
  template: `
    <h2 mat-dialog-title>{{ title }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()">
      <mat-dialog-content class="fields">
        @if (data.mode === 'create') {
          <mat-form-field appearance="outline">
            <mat-label>{{ t('users.username') }}</mat-label>
            <input matInput formControlName="username" autocomplete="off" autocapitalize="off" data-testid="u-username" />
            <mat-hint>{{ t('users.usernameHint') }}</mat-hint>
            <mat-error>{{ error('username') }}</mat-error>
          </mat-form-field>
        }
        @if (data.mode !== 'password') {
          <mat-form-field appearance="outline">
            <mat-label>{{ t('users.displayName') }}</mat-label>
            <input matInput formControlName="display_name" data-testid="u-display-name" />
            <mat-error>{{ error('display_name') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>{{ t('users.role') }}</mat-label>
            <select matNativeControl formControlName="role" data-testid="u-role">
              @for (role of roles; track role) {
                <option [value]="role">{{ label('role', role) }}</option>
              }
            </select>
            <mat-hint>{{ t('users.roleHint') }}</mat-hint>
          </mat-form-field>
        }
        @if (data.mode !== 'edit') {
          <mat-form-field appearance="outline">
            <mat-label>{{ t('users.password') }}</mat-label>
            <input matInput type="password" formControlName="password" autocomplete="new-password" data-testid="u-password" />
            <mat-hint>{{ t('password.minLength', { min: min }) }}</mat-hint>
            <mat-error>{{ error('password') }}</mat-error>
          </mat-form-field>
        }
        @if (data.mode === 'edit') {
          <mat-checkbox formControlName="disabled" data-testid="u-disabled">{{ t('users.disabledHint') }}</mat-checkbox>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" (click)="ref.close(null)">{{ t('common.cancel') }}</button>
        <button mat-flat-button type="submit" [disabled]="busy()" data-testid="u-submit">
          {{ data.mode === 'create' ? t('common.create') : t('common.save') }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .fields {
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
  `,
})
export class UserDialog {
  protected readonly data = inject<UserDialogData>(MAT_DIALOG_DATA);
  protected readonly ref = inject<MatDialogRef<UserDialog, User | null>>(MatDialogRef);
  private readonly api = inject(AccessApi);
  private readonly i18n = injectI18n();
  protected readonly t = this.i18n.t;
  protected readonly label = this.i18n.label;
  protected readonly roles = ROLES;
  protected readonly min = LIMITS.passwordMin;
  protected readonly busy = signal(false);
  private readonly user = this.data.mode === 'create' ? null : this.data.user;
  protected readonly title =
    this.data.mode === 'create'
      ? this.t('users.createTitle')
      : this.t(this.data.mode === 'edit' ? 'users.editTitle' : 'users.resetTitle', { name: this.data.user.username });
  protected readonly form = new FormGroup({
    username: new FormControl('', {
      nonNullable: true,
      validators:
        this.data.mode === 'create' ? [Validators.required, Validators.maxLength(LIMITS.usernameMax), Validators.pattern(USERNAME)] : [],
    }),
    display_name: new FormControl(this.user?.display_name ?? '', {
      nonNullable: true,
      validators: [Validators.maxLength(LIMITS.displayNameMax)],
    }),
    role: new FormControl<Role>(this.user?.role ?? 'viewer', { nonNullable: true }),
    password: new FormControl('', {
      nonNullable: true,
      validators:
        this.data.mode === 'edit'
          ? []
          : [Validators.required, Validators.minLength(LIMITS.passwordMin), Validators.maxLength(LIMITS.passwordMax)],
    }),
    disabled: new FormControl(this.user?.disabled ?? false, { nonNullable: true }),
  });

  protected error(name: string): string {
    const control = this.form.get(name);
    if (control?.hasError('minlength')) return this.t('password.minLength', { min: this.min });
    if (control?.hasError('pattern')) return this.t('users.usernameHint');
    return errorText(control, this.t);
  }

  protected async submit(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const value = this.form.getRawValue();
    this.busy.set(true);
    try {
      const saved =
        this.data.mode === 'create'
          ? await this.api.createUser({
              username: value.username.trim(),
              password: value.password,
              role: value.role,
              display_name: orNull(value.display_name),
            })
          : this.data.mode === 'edit'
            ? await this.api.updateUser(this.data.user.id, {
                role: value.role,
                display_name: orNull(value.display_name),
                disabled: value.disabled,
              })
            : await this.api.updateUser(this.data.user.id, { password: value.password });
      this.ref.close(saved);
    } catch (error) {
      applyFieldErrors(this.form, error);
    } finally {
      this.busy.set(false);
    }
  }
}

/** Opens the dialog with the calling page's injector (it reaches the page's AccessApi). */
export async function openUserDialog(injector: Injector, data: UserDialogData): Promise<User | null> {
  const ref = injector.get(MatDialog).open<UserDialog, UserDialogData, User | null>(UserDialog, {
    data,
    injector,
    width: '460px',
    maxWidth: '95vw',
    autoFocus: 'first-tabbable',
  });
  return (await firstValueFrom(ref.afterClosed())) ?? null;
}
