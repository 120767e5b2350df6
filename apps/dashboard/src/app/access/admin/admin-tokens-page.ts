import { ChangeDetectionStrategy, Component } from '@angular/core';
import { AccessApi } from '../access-api';
import { TokenList } from '../token-list';
import { AdminTabs } from './admin-tabs';

/** /admin/tokens: every user's access tokens, with their owners; any can be revoked. */
@Component({
  selector: 'app-admin-tokens-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AdminTabs, TokenList],
  providers: [AccessApi],
  template: `
    <app-admin-tabs />
    <app-token-list [all]="true" />
  `,
})
export class AdminTokensPage {}
