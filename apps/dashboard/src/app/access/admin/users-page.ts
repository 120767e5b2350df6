import { ChangeDetectionStrategy, Component, Injector, type OnInit, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import type { User } from '@workflow-mcp/domain';
import { Auth } from '../../core/auth';
import { formatDateTime } from '../../core/format';
import { Language } from '../../core/i18n/language';
import { injectI18n } from '../../core/i18n/messages';
import { Notifier } from '../../core/notifier';
import { askAction } from '../../shared/action-dialog';
import { AccessApi } from '../access-api';
import { AdminTabs } from './admin-tabs';
import { openUserDialog } from './user-dialog';

/** /admin/users: everyone who can sign in; add, edit (role, name, disabled), set a new password, delete. */
@Component({
  selector: 'app-users-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, AdminTabs],
  providers: [AccessApi],
  template: `
    <app-admin-tabs>
      <button mat-flat-button type="button" (click)="create()" data-testid="new-user">{{ t('users.new') }}</button>
    </app-admin-tabs>
    @if (users(); as list) {
      <div class="table-wrap">
        <table data-testid="user-table">
          <thead>
            <tr>
              <th>{{ t('users.username') }}</th>
              <th>{{ t('users.displayName') }}</th>
              <th>{{ t('users.role') }}</th>
              <th>{{ t('common.status') }}</th>
              <th class="opt">{{ t('users.lastSignIn') }}</th>
              <th>
                <span class="sr-only">{{ t('common.actions') }}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            @for (user of list; track user.id) {
              <tr [attr.data-username]="user.username">
                <td class="name">
                  {{ user.username }}
                  @if (user.id === myId()) {
                    <span class="tag">{{ t('users.you') }}</span>
                  }
                </td>
                <td>{{ user.display_name || '—' }}</td>
                <td data-testid="user-role">{{ label('role', user.role) }}</td>
                <td>{{ user.disabled ? t('users.disabled') : t('users.active') }}</td>
                <td class="opt">{{ user.last_sign_in_at ? date(user.last_sign_in_at) : t('users.never') }}</td>
                <td class="actions">
                  <button mat-button type="button" (click)="edit(user)" data-testid="user-edit">{{ t('users.edit') }}</button>
                  <button mat-button type="button" (click)="resetPassword(user)" data-testid="user-password">
                    {{ t('users.resetPassword') }}
                  </button>
                  @if (user.id !== myId()) {
                    <button mat-button type="button" class="danger" (click)="remove(user)" data-testid="user-delete">
                      {{ t('common.delete') }}
                    </button>
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
      @if (nextCursor()) {
        <button mat-button type="button" (click)="loadMore()" data-testid="users-more">{{ t('access.loadMore') }}</button>
      }
    } @else {
      <p class="muted">{{ t('common.loading') }}</p>
    }
  `,
  styleUrl: '../../shared/styles/list-page.scss',
  styles: `
    tbody tr {
      cursor: default;
    }
    .name {
      font-weight: 500;
    }
    .tag {
      margin-left: 6px;
      padding: 1px 6px;
      border-radius: 8px;
      font: var(--mat-sys-label-small);
      background: var(--mat-sys-secondary-container);
    }
    .actions {
      text-align: right;
      white-space: nowrap;
    }
    .danger {
      --mat-button-text-label-text-color: var(--mat-sys-error);
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
export class UsersPage implements OnInit {
  private readonly api = inject(AccessApi);
  private readonly auth = inject(Auth);
  private readonly dialog = inject(MatDialog);
  private readonly injector = inject(Injector);
  private readonly notifier = inject(Notifier);
  private readonly language = inject(Language);
  private readonly i18n = injectI18n();
  protected readonly t = this.i18n.t;
  protected readonly label = this.i18n.label;
  protected readonly users = signal<User[] | null>(null);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly myId = () => this.auth.session()?.user?.id ?? null;

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    try {
      const page = await this.api.listUsers();
      this.users.set(page.items);
      this.nextCursor.set(page.has_more ? page.next_cursor : null);
    } catch {
      /* the interceptor showed the API's message */
    }
  }

  protected async loadMore(): Promise<void> {
    const cursor = this.nextCursor();
    if (!cursor) return;
    try {
      const page = await this.api.listUsers({ cursor });
      this.users.update((list) => [...(list ?? []), ...page.items]);
      this.nextCursor.set(page.has_more ? page.next_cursor : null);
    } catch {
      /* the interceptor showed the API's message */
    }
  }

  protected date(iso: string): string {
    return formatDateTime(iso, this.language.locale());
  }

  protected async create(): Promise<void> {
    const user = await openUserDialog(this.injector, { mode: 'create' });
    if (!user) return;
    this.notifier.info(this.t('users.created', { name: user.username }));
    await this.load();
  }

  protected async edit(user: User): Promise<void> {
    const saved = await openUserDialog(this.injector, { mode: 'edit', user });
    if (!saved) return;
    this.notifier.info(this.t('users.saved', { name: saved.username }));
    // Your own role or name may have changed: the header follows.
    if (saved.id === this.myId()) await this.auth.load(true);
    await this.load();
  }

  protected async resetPassword(user: User): Promise<void> {
    if (await openUserDialog(this.injector, { mode: 'password', user }))
      this.notifier.info(this.t('users.passwordReset', { name: user.username }));
  }

  protected async remove(user: User): Promise<void> {
    const ok = await askAction(this.dialog, {
      title: this.t('users.deleteTitle', { name: user.username }),
      text: this.t('users.deleteText'),
      confirm: this.t('common.delete'),
      destructive: true,
    });
    if (!ok) return;
    try {
      await this.api.deleteUser(user.id);
      this.notifier.info(this.t('users.deleted', { name: user.username }));
    } catch {
      /* the interceptor showed the API's message (e.g. the last admin cannot be deleted) */
    }
    await this.load();
  }
}
