import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';
import { injectI18n } from '../../core/i18n/messages';
import { PageHead } from '../../shared/page-head';

/** The top of every admin page: its heading and links between users, tokens and the audit log. */
@Component({
  selector: 'app-admin-tabs',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, RouterLinkActive, PageHead],
  template: `
    <app-page-head [heading]="t('admin.title')" [subtitle]="t('admin.subtitle')"><ng-content /></app-page-head>
    <nav class="tabs" [attr.aria-label]="t('admin.title')">
      <a routerLink="/admin/users" routerLinkActive="on" ariaCurrentWhenActive="page" data-testid="admin-users">{{ t('admin.users') }}</a>
      <a routerLink="/admin/tokens" routerLinkActive="on" ariaCurrentWhenActive="page" data-testid="admin-tokens">{{
        t('admin.tokens')
      }}</a>
      <a routerLink="/admin/audit" routerLinkActive="on" ariaCurrentWhenActive="page" data-testid="admin-audit">{{ t('admin.audit') }}</a>
    </nav>
  `,
  styles: `
    .tabs {
      display: flex;
      gap: 4px;
      margin-bottom: 16px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    a {
      padding: 10px 16px;
      font: var(--mat-sys-title-small);
      color: var(--mat-sys-on-surface-variant);
      text-decoration: none;
      border-bottom: 3px solid transparent;
    }
    a.on {
      color: var(--mat-sys-primary);
      border-bottom-color: var(--mat-sys-primary);
    }
  `,
})
export class AdminTabs {
  protected readonly t = injectI18n().t;
}
