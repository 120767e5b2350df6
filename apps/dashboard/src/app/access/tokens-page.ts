import { ChangeDetectionStrategy, Component, computed, inject, signal, viewChild } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { LIMITS, ROLES, type CreatedAccessToken, type Role } from '@workflow-mcp/domain';
import { Auth } from '../core/auth';
import { injectI18n } from '../core/i18n/messages';
import { Notifier } from '../core/notifier';
import { applyFieldErrors, errorText } from '../shared/form-errors';
import { PageHead } from '../shared/page-head';
import { Panel } from '../shared/panel';
import { AccessApi } from './access-api';
import { TokenList } from './token-list';

/** <input type="date"> value → the end of that day in the browser's time zone, as an ISO instant. */
export function endOfDay(value: string): string | null {
  if (!value) return null;
  const date = new Date(`${value}T23:59:59`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * /tokens: the person's access tokens. A new token's secret is shown once, right after it is
 * created, with a copy button; the service keeps only its hash, so nobody can see it again.
 */
@Component({
  selector: 'app-tokens-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatInputModule, PageHead, Panel, TokenList],
  providers: [AccessApi],
  template: `
    <app-page-head [heading]="t('tokens.title')" [subtitle]="t('tokens.subtitle')">
      @if (!creating() && !created()) {
        <button mat-flat-button type="button" (click)="creating.set(true)" data-testid="new-token">{{ t('tokens.new') }}</button>
      }
    </app-page-head>

    @if (created(); as fresh) {
      <app-panel class="secret" [heading]="t('tokens.secretTitle', { name: fresh.token.name })" data-testid="token-secret-panel">
        <p class="warning" role="alert">{{ t('tokens.secretWarning') }}</p>
        <div class="secret-row">
          <code data-testid="token-secret">{{ fresh.secret }}</code>
          <button mat-flat-button type="button" (click)="copy(fresh.secret)" data-testid="token-copy">{{ t('tokens.copy') }}</button>
        </div>
        <p class="muted">{{ t('tokens.secretUse') }}</p>
        <button mat-stroked-button type="button" (click)="created.set(null)" data-testid="token-secret-done">{{ t('tokens.done') }}</button>
      </app-panel>
    }

    @if (creating()) {
      <app-panel [heading]="t('tokens.new')">
        <form [formGroup]="form" (ngSubmit)="create()" class="create" data-testid="token-form">
          <mat-form-field appearance="outline" class="name">
            <mat-label>{{ t('tokens.name') }}</mat-label>
            <input matInput formControlName="name" [maxlength]="nameMax" data-testid="token-name" />
            <mat-hint>{{ t('tokens.nameHint') }}</mat-hint>
            <mat-error>{{ error('name') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>{{ t('tokens.role') }}</mat-label>
            <select matNativeControl formControlName="role" data-testid="token-role">
              @for (role of roles(); track role) {
                <option [value]="role">{{ label('role', role) }}</option>
              }
            </select>
            <mat-hint>{{ t('tokens.roleHint') }}</mat-hint>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>{{ t('tokens.expires') }}</mat-label>
            <input matInput type="date" formControlName="expires" [min]="minDate" data-testid="token-expires" />
            <mat-hint>{{ t('tokens.expiresHint') }}</mat-hint>
            <mat-error>{{ error('expires') }}</mat-error>
          </mat-form-field>
          <mat-checkbox formControlName="read_only" data-testid="token-read-only">{{ t('tokens.readOnly') }}</mat-checkbox>
          <div class="buttons">
            <button mat-button type="button" (click)="cancel()">{{ t('common.cancel') }}</button>
            <button mat-flat-button type="submit" [disabled]="busy()" data-testid="token-create">{{ t('tokens.create') }}</button>
          </div>
        </form>
      </app-panel>
    }

    <app-token-list />
  `,
  styles: `
    app-panel {
      display: block;
      margin-bottom: 16px;
    }
    .secret {
      --mat-sys-surface-container-low: var(--mat-sys-tertiary-container);
    }
    .warning {
      font-weight: 500;
      margin-top: 0;
    }
    .secret-row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 12px;
    }
    code {
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--mat-sys-surface);
      overflow-wrap: anywhere;
      user-select: all;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .create {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 12px;
      align-items: baseline;
    }
    .name {
      flex: 1 1 260px;
    }
    .buttons {
      display: flex;
      gap: 8px;
      margin-left: auto;
    }
  `,
})
export class TokensPage {
  private readonly api = inject(AccessApi);
  private readonly auth = inject(Auth);
  private readonly notifier = inject(Notifier);
  private readonly i18n = injectI18n();
  private readonly list = viewChild.required(TokenList);
  protected readonly t = this.i18n.t;
  protected readonly label = this.i18n.label;
  protected readonly nameMax = LIMITS.tokenNameMax;
  protected readonly minDate = today();
  protected readonly creating = signal(false);
  protected readonly busy = signal(false);
  /** The token just created, with its secret: kept only here, and only until "Done". */
  protected readonly created = signal<CreatedAccessToken | null>(null);
  /** A token's role is at most its owner's. */
  protected readonly roles = computed<Role[]>(() => {
    const own = this.auth.role();
    return own ? ROLES.slice(0, ROLES.indexOf(own) + 1) : [...ROLES];
  });
  protected readonly form = new FormGroup({
    name: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(LIMITS.tokenNameMax)] }),
    role: new FormControl<Role>(this.auth.role() ?? 'viewer', { nonNullable: true }),
    expires: new FormControl('', { nonNullable: true }),
    read_only: new FormControl(false, { nonNullable: true }),
  });

  protected error(name: string): string {
    return errorText(this.form.get(name), this.t);
  }

  protected cancel(): void {
    this.creating.set(false);
    this.form.reset();
  }

  protected async create(): Promise<void> {
    if (this.form.invalid || !this.form.controls.name.value.trim()) {
      this.form.controls.name.setErrors({ required: true });
      this.form.markAllAsTouched();
      return;
    }
    const { name, role, expires, read_only } = this.form.getRawValue();
    this.busy.set(true);
    try {
      const created = await this.api.createToken({ name: name.trim(), role, read_only, expires_at: endOfDay(expires) });
      this.created.set(created);
      this.creating.set(false);
      this.form.reset();
      await this.list().load();
    } catch (error) {
      applyFieldErrors(this.form, error, { expires_at: 'expires' });
    } finally {
      this.busy.set(false);
    }
  }

  protected async copy(secret: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(secret);
      this.notifier.info(this.t('tokens.copied'));
    } catch {
      this.notifier.info(this.t('tokens.copyFailed'));
    }
  }
}
