import { ChangeDetectionStrategy, Component, type Injector, type ViewContainerRef, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import { Router, RouterLink, RouterLinkActive } from '@angular/router';
import { Auth } from '../core/auth';
import { injectI18n } from '../core/i18n/messages';

/**
 * The header's account part: in team mode who is signed in and their role, with a menu of their
 * tokens, password and sign-out; in local mode a "Local mode" marker. Nothing while signed out.
 */
@Component({
  selector: 'app-account',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatMenuModule, RouterLink],
  template: `
    @if (auth.session(); as session) {
      @if (session.mode === 'local') {
        <span class="local-mode" [title]="t('auth.localModeHint')" data-testid="local-mode">{{ t('auth.localMode') }}</span>
      } @else {
        <button
          mat-button
          type="button"
          class="who"
          [matMenuTriggerFor]="menu"
          [attr.aria-label]="t('user.menu', { name: auth.displayName(), role: label('role', session.role) })"
          data-testid="user-menu"
        >
          <span data-testid="signed-in-as">{{ auth.displayName() }}</span>
          <span class="role" data-testid="signed-in-role">{{ label('role', session.role) }}</span>
        </button>
        <mat-menu #menu="matMenu" xPosition="before">
          @if (session.user) {
            <a mat-menu-item routerLink="/tokens" data-testid="menu-tokens">{{ t('user.myTokens') }}</a>
          }
          @if (session.kind === 'user') {
            <a mat-menu-item routerLink="/password" data-testid="menu-password">{{ t('user.changePassword') }}</a>
          }
          <button mat-menu-item type="button" (click)="signOut()" data-testid="menu-sign-out">{{ t('user.signOut') }}</button>
        </mat-menu>
      }
    }
  `,
  styles: `
    .who {
      --mat-button-text-label-text-color: var(--mat-sys-on-surface);
    }
    .role,
    .local-mode {
      padding: 2px 8px;
      border-radius: 10px;
      font: var(--mat-sys-label-medium);
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .role {
      margin-left: 8px;
      font: var(--mat-sys-label-small);
    }
  `,
})
export class Account {
  protected readonly auth = inject(Auth);
  private readonly router = inject(Router);
  private readonly i18n = injectI18n();
  protected readonly t = this.i18n.t;
  protected readonly label = this.i18n.label;

  protected async signOut(): Promise<void> {
    await this.auth.signOut();
    await this.router.navigateByUrl('/sign-in');
  }
}

/**
 * The navigation links that depend on who is signed in: delivery metrics for anyone signed in (or
 * in local mode), the admin pages for admins. They live here, loaded after start, so the shell's
 * initial bundle does not grow with each page area.
 */
@Component({
  selector: 'app-signed-in-links',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, RouterLinkActive],
  template: `
    @if (auth.session()) {
      <a routerLink="/delivery" routerLinkActive="on" ariaCurrentWhenActive="page" data-testid="nav-delivery">{{ t('nav.delivery') }}</a>
    }
    @if (auth.isAdmin()) {
      <a routerLink="/admin" routerLinkActive="on" ariaCurrentWhenActive="page" data-testid="nav-admin">{{ t('nav.admin') }}</a>
    }
  `,
  // The shell's navigation link look (its styles do not reach into this component).
  styles: `
    a {
      display: inline-block;
      color: inherit;
      text-decoration: none;
      font: var(--mat-sys-label-large);
      padding: 8px 14px;
      border-radius: 20px;
    }
    a:hover {
      background: var(--mat-sys-surface-container-highest);
    }
    a:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
      outline-offset: 2px;
    }
    .on {
      background: var(--mat-sys-secondary-container);
    }
  `,
})
export class SignedInLinks {
  protected readonly auth = inject(Auth);
  protected readonly t = injectI18n().t;
}

/** Asks the service who is signed in, then puts the signed-in links and the account part into the shell. */
export async function showAccount(injector: Injector, slots: { nav: ViewContainerRef; header: ViewContainerRef }): Promise<void> {
  await injector.get(Auth).load();
  slots.nav.createComponent(SignedInLinks, { injector });
  slots.header.createComponent(Account, { injector });
}
