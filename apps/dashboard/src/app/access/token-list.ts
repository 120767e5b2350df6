import { ChangeDetectionStrategy, Component, type OnInit, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import type { AccessToken } from '@workflow-mcp/domain';
import { formatDateTime, formatRelative } from '../core/format';
import { injectI18n } from '../core/i18n/messages';
import { Language } from '../core/i18n/language';
import { Notifier } from '../core/notifier';
import { askAction } from '../shared/action-dialog';
import { AccessApi } from './access-api';

/** A table of access tokens (your own, or everyone's for an admin) with "load more" and revoke-with-confirm. */
@Component({
  selector: 'app-token-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatCheckboxModule],
  template: `
    <mat-checkbox [checked]="includeInactive()" (change)="showInactive($event.checked)" data-testid="tokens-inactive">
      {{ t('tokens.showInactive') }}
    </mat-checkbox>
    @if (tokens(); as list) {
      @if (list.length === 0) {
        <p class="muted" data-testid="tokens-empty">{{ t('tokens.empty') }}</p>
      } @else {
        <div class="table-wrap">
          <table data-testid="token-table">
            <thead>
              <tr>
                <th>{{ t('tokens.name') }}</th>
                @if (all()) {
                  <th>{{ t('tokens.owner') }}</th>
                }
                <th>{{ t('tokens.role') }}</th>
                <th class="opt">{{ t('tokens.prefix') }}</th>
                <th class="opt">{{ t('common.created') }}</th>
                <th>{{ t('tokens.expiresAt') }}</th>
                <th class="opt">{{ t('tokens.lastUsed') }}</th>
                <th>{{ t('tokens.state') }}</th>
                <th>
                  <span class="sr-only">{{ t('common.actions') }}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              @for (token of list; track token.id) {
                <tr [attr.data-id]="token.id" [attr.data-name]="token.name">
                  <td class="name">
                    {{ token.name }}
                    @if (token.read_only) {
                      <span class="tag">{{ t('tokens.readOnlyTag') }}</span>
                    }
                  </td>
                  @if (all()) {
                    <td>{{ token.username }}</td>
                  }
                  <td>{{ label('role', token.role) }}</td>
                  <td class="opt">
                    <code>{{ token.prefix }}…</code>
                  </td>
                  <td class="opt">{{ date(token.created_at) }}</td>
                  <td>{{ token.expires_at ? date(token.expires_at) : t('tokens.never') }}</td>
                  <td class="opt">{{ token.last_used_at ? ago(token.last_used_at) : t('tokens.never') }}</td>
                  <td data-testid="token-state">{{ state(token) }}</td>
                  <td class="actions">
                    @if (token.active) {
                      <button mat-stroked-button type="button" class="danger" (click)="revoke(token)" data-testid="token-revoke">
                        {{ t('tokens.revoke') }}
                      </button>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        @if (nextCursor()) {
          <button mat-button type="button" class="more" (click)="loadMore()" data-testid="tokens-more">{{ t('access.loadMore') }}</button>
        }
      }
    } @else {
      <p class="muted">{{ t('common.loading') }}</p>
    }
  `,
  styleUrl: '../shared/styles/list-page.scss',
  styles: `
    tbody tr {
      cursor: default;
    }
    .name {
      font-weight: 500;
      overflow-wrap: anywhere;
    }
    .tag {
      margin-left: 6px;
      padding: 1px 6px;
      border-radius: 8px;
      font: var(--mat-sys-label-small);
      background: var(--mat-sys-surface-container-highest);
    }
    .actions {
      text-align: right;
    }
    .danger {
      --mat-button-outlined-label-text-color: var(--mat-sys-error);
    }
    .more,
    mat-checkbox {
      margin: 8px 0;
    }
    .sr-only {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
  `,
})
export class TokenList implements OnInit {
  private readonly api = inject(AccessApi);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly language = inject(Language);
  private readonly i18n = injectI18n();
  protected readonly t = this.i18n.t;
  protected readonly label = this.i18n.label;
  /** Everyone's tokens (admins), with an owner column; otherwise the person's own. */
  readonly all = input(false);
  protected readonly tokens = signal<AccessToken[] | null>(null);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly includeInactive = signal(false);

  ngOnInit(): void {
    void this.load();
  }

  /** The first page again (after a token was created or revoked). */
  async load(): Promise<void> {
    try {
      const page = await this.api.listTokens({ all: this.all() || undefined, include_inactive: this.includeInactive() || undefined });
      this.tokens.set(page.items);
      this.nextCursor.set(page.has_more ? page.next_cursor : null);
    } catch {
      /* the interceptor showed the API's message */
    }
  }

  protected async loadMore(): Promise<void> {
    const cursor = this.nextCursor();
    if (!cursor) return;
    try {
      const page = await this.api.listTokens({
        all: this.all() || undefined,
        include_inactive: this.includeInactive() || undefined,
        cursor,
      });
      this.tokens.update((list) => [...(list ?? []), ...page.items]);
      this.nextCursor.set(page.has_more ? page.next_cursor : null);
    } catch {
      /* the interceptor showed the API's message */
    }
  }

  protected showInactive(on: boolean): void {
    this.includeInactive.set(on);
    void this.load();
  }

  protected state(token: AccessToken): string {
    if (token.active) return this.t('tokens.active');
    return this.t(token.revoked_at ? 'tokens.revoked' : 'tokens.expired');
  }

  protected date(iso: string): string {
    return formatDateTime(iso, this.language.locale());
  }

  protected ago(iso: string): string {
    return formatRelative(iso, this.language.locale());
  }

  protected async revoke(token: AccessToken): Promise<void> {
    const ok = await askAction(this.dialog, {
      title: this.t('tokens.revokeTitle', { name: token.name }),
      text: this.t('tokens.revokeText'),
      confirm: this.t('tokens.revoke'),
      destructive: true,
    });
    if (!ok) return;
    try {
      await this.api.revokeToken(token.id);
      this.notifier.info(this.t('tokens.revokedDone', { name: token.name }));
    } catch {
      /* the interceptor showed the API's message */
    }
    await this.load();
  }
}
