import { ChangeDetectionStrategy, Component, type OnInit, inject, input, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router } from '@angular/router';
import { Auth, SignInRefused } from '../core/auth';
import { injectI18n } from '../core/i18n/messages';

/** Where to go after signing in: a page of this dashboard, never another site or the sign-in page itself. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/sign-in')) return '/';
  return next;
}

/**
 * /sign-in: username and password (the service sets an HttpOnly session cookie), or an access token
 * for this tab. Shows the service's own message when it refuses (wrong password, too many tries).
 */
@Component({
  selector: 'app-sign-in-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <section class="card" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">{{ t('signIn.title') }}</h1>
      @if (withToken()) {
        <form (submit)="$event.preventDefault(); submitToken()" data-testid="token-form">
          <p class="text">{{ t('token.text') }}</p>
          <mat-form-field appearance="outline" class="full">
            <mat-label>{{ t('token.label') }}</mat-label>
            <input matInput type="password" autocomplete="off" [formControl]="token" data-testid="token-input" />
          </mat-form-field>
          @if (message(); as text) {
            <p class="refused" role="alert" data-testid="sign-in-error">{{ text }}</p>
          }
          <button mat-flat-button type="submit" class="full" [disabled]="busy() || token.invalid" data-testid="token-submit">
            {{ t('token.submit') }}
          </button>
        </form>
        <button mat-button type="button" class="switch" (click)="useToken(false)" data-testid="use-password">
          {{ t('signIn.usePassword') }}
        </button>
      } @else {
        <p class="text">{{ t('signIn.subtitle') }}</p>
        <form [formGroup]="form" (ngSubmit)="submit()" data-testid="sign-in-form">
          <mat-form-field appearance="outline" class="full">
            <mat-label>{{ t('signIn.username') }}</mat-label>
            <input matInput formControlName="username" autocomplete="username" autocapitalize="off" data-testid="sign-in-username" />
            <mat-error>{{ t('common.required') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline" class="full">
            <mat-label>{{ t('signIn.password') }}</mat-label>
            <input matInput type="password" formControlName="password" autocomplete="current-password" data-testid="sign-in-password" />
            <mat-error>{{ t('common.required') }}</mat-error>
          </mat-form-field>
          @if (message(); as text) {
            <p class="refused" role="alert" data-testid="sign-in-error">{{ text }}</p>
          }
          <button mat-flat-button type="submit" class="full" [disabled]="busy()" data-testid="sign-in-submit">
            {{ busy() ? t('signIn.busy') : t('signIn.submit') }}
          </button>
        </form>
        <button mat-button type="button" class="switch" (click)="useToken(true)" data-testid="use-token">
          {{ t('signIn.useToken') }}
        </button>
      }
    </section>
  `,
  styles: `
    .card {
      max-width: 400px;
      margin: 48px auto;
      padding: 24px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 16px;
      background: var(--mat-sys-surface-container-low);
    }
    h1 {
      font: var(--mat-sys-headline-small);
      margin: 0 0 8px;
    }
    .text {
      color: var(--mat-sys-on-surface-variant);
      margin: 0 0 16px;
    }
    .full {
      width: 100%;
    }
    .refused {
      color: var(--mat-sys-error);
      margin: 0 0 12px;
    }
    .switch {
      margin-top: 12px;
    }
  `,
})
export class SignInPage implements OnInit {
  private readonly auth = inject(Auth);
  private readonly router = inject(Router);
  protected readonly t = injectI18n().t;
  /** The page to return to (query parameter). */
  readonly next = input<string | undefined>();
  protected readonly busy = signal(false);
  protected readonly message = signal<string | null>(null);
  protected readonly withToken = signal(false);
  protected readonly form = new FormGroup({
    username: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    password: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });
  protected readonly token = new FormControl('', { nonNullable: true, validators: [Validators.required] });

  async ngOnInit(): Promise<void> {
    // Already signed in, or nobody needs to (local mode): nothing to do here.
    if ((await this.auth.load()) === 'signed-in') await this.goOn();
  }

  protected useToken(on: boolean): void {
    this.withToken.set(on);
    this.message.set(null);
  }

  protected async submit(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { username, password } = this.form.getRawValue();
    await this.attempt(async () => {
      await this.auth.signIn(username.trim(), password);
      return true;
    });
  }

  protected async submitToken(): Promise<void> {
    if (this.token.invalid) return;
    await this.attempt(() => this.auth.signInWithToken(this.token.value.trim()));
  }

  private async attempt(signIn: () => Promise<boolean>): Promise<void> {
    this.busy.set(true);
    this.message.set(null);
    try {
      if (await signIn()) await this.goOn();
      else this.message.set(this.t('token.refused'));
    } catch (error) {
      this.message.set(this.explain(error));
    } finally {
      this.busy.set(false);
    }
  }

  private explain(error: unknown): string {
    // The service's message says what went wrong, and after too many tries how long to wait.
    return error instanceof SignInRefused ? error.message : this.t('error.unreachable');
  }

  private async goOn(): Promise<void> {
    await this.router.navigateByUrl(safeNext(this.next()), { replaceUrl: true });
  }
}
