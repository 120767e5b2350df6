import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { type AbstractControl, FormControl, FormGroup, ReactiveFormsModule, type ValidationErrors, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router } from '@angular/router';
import { LIMITS } from '@workflow-mcp/domain';
import { injectI18n } from '../core/i18n/messages';
import { Notifier } from '../core/notifier';
import { applyFieldErrors, errorText } from '../shared/form-errors';
import { PageHead } from '../shared/page-head';
import { AccessApi } from './access-api';

function sameAsNew(control: AbstractControl): ValidationErrors | null {
  const form = control.parent;
  return form && control.value !== form.get('new_password')?.value ? { mismatch: true } : null;
}

/** /password: the signed-in person changes their own password. */
@Component({
  selector: 'app-password-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, PageHead],
  providers: [AccessApi],
  template: `
    <app-page-head [heading]="t('password.title')" [subtitle]="t('password.subtitle', { min: min })" />
    <form [formGroup]="form" (ngSubmit)="submit()" class="form" data-testid="password-form">
      <mat-form-field appearance="outline">
        <mat-label>{{ t('password.current') }}</mat-label>
        <input matInput type="password" formControlName="current_password" autocomplete="current-password" data-testid="password-current" />
        <mat-error>{{ error('current_password') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>{{ t('password.new') }}</mat-label>
        <input matInput type="password" formControlName="new_password" autocomplete="new-password" data-testid="password-new" />
        <mat-hint>{{ t('password.minLength', { min: min }) }}</mat-hint>
        <mat-error>{{ error('new_password') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>{{ t('password.confirm') }}</mat-label>
        <input matInput type="password" formControlName="confirm" autocomplete="new-password" data-testid="password-confirm" />
        <mat-error>{{ error('confirm') }}</mat-error>
      </mat-form-field>
      <button mat-flat-button type="submit" [disabled]="busy()" data-testid="password-submit">{{ t('password.submit') }}</button>
    </form>
  `,
  styles: `
    .form {
      display: flex;
      flex-direction: column;
      gap: 4px;
      max-width: 400px;
    }
    button {
      align-self: flex-start;
    }
  `,
})
export class PasswordPage {
  private readonly api = inject(AccessApi);
  private readonly notifier = inject(Notifier);
  private readonly router = inject(Router);
  protected readonly t = injectI18n().t;
  protected readonly min = LIMITS.passwordMin;
  protected readonly busy = signal(false);
  protected readonly form = new FormGroup({
    current_password: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    new_password: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.minLength(LIMITS.passwordMin), Validators.maxLength(LIMITS.passwordMax)],
    }),
    confirm: new FormControl('', { nonNullable: true, validators: [Validators.required, sameAsNew] }),
  });

  protected error(name: string): string {
    const control = this.form.get(name);
    if (control?.hasError('minlength')) return this.t('password.minLength', { min: this.min });
    if (control?.hasError('mismatch')) return this.t('password.mismatch');
    return errorText(control, this.t);
  }

  protected async submit(): Promise<void> {
    this.form.controls.confirm.updateValueAndValidity();
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { current_password, new_password } = this.form.getRawValue();
    this.busy.set(true);
    try {
      await this.api.changePassword({ current_password, new_password });
      this.notifier.info(this.t('password.changed'));
      this.form.reset();
      await this.router.navigateByUrl('/operations');
    } catch (error) {
      // The snackbar has the service's message; a field it names is marked too.
      applyFieldErrors(this.form, error);
    } finally {
      this.busy.set(false);
    }
  }
}
