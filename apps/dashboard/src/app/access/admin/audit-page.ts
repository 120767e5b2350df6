import { ChangeDetectionStrategy, Component, type OnInit, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { AUDIT_KINDS, type AuditEntry, type AuditKind } from '@workflow-mcp/domain';
import { formatDateTime } from '../../core/format';
import { Language } from '../../core/i18n/language';
import { injectI18n } from '../../core/i18n/messages';
import { AccessApi } from '../access-api';
import { AdminTabs } from './admin-tabs';

/** /admin/audit: sign-ins, failures, users and tokens changed, permissions refused; newest first, filtered by kind. */
@Component({
  selector: 'app-audit-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatFormFieldModule, MatInputModule, AdminTabs],
  providers: [AccessApi],
  template: `
    <app-admin-tabs />
    <mat-form-field appearance="outline" class="kind">
      <mat-label>{{ t('audit.kind') }}</mat-label>
      <select matNativeControl [value]="kind() ?? ''" (change)="setKind($any($event.target).value)" data-testid="audit-kind">
        <option value="">{{ t('common.all') }}</option>
        @for (kind of kinds; track kind) {
          <option [value]="kind">{{ label('auditKind', kind) }}</option>
        }
      </select>
    </mat-form-field>
    @if (entries(); as list) {
      @if (list.length === 0) {
        <p class="muted" data-testid="audit-empty">{{ t('audit.empty') }}</p>
      } @else {
        <div class="table-wrap">
          <table data-testid="audit-table">
            <thead>
              <tr>
                <th>{{ t('audit.at') }}</th>
                <th>{{ t('audit.kind') }}</th>
                <th>{{ t('audit.actor') }}</th>
                <th>{{ t('audit.subject') }}</th>
                <th class="opt">{{ t('audit.detail') }}</th>
                <th class="opt">{{ t('audit.ip') }}</th>
              </tr>
            </thead>
            <tbody>
              @for (entry of list; track entry.id) {
                <tr [attr.data-kind]="entry.kind">
                  <td class="when">{{ date(entry.at) }}</td>
                  <td>{{ label('auditKind', entry.kind) }}</td>
                  <td>{{ entry.actor ?? '—' }}</td>
                  <td class="wrap">{{ entry.subject ?? '—' }}</td>
                  <td class="opt wrap">{{ entry.detail ?? '—' }}</td>
                  <td class="opt">{{ entry.ip ?? '—' }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        @if (nextCursor()) {
          <button mat-button type="button" (click)="loadMore()" data-testid="audit-more">{{ t('access.loadMore') }}</button>
        }
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
    .kind {
      width: 240px;
    }
    .when {
      white-space: nowrap;
    }
    .wrap {
      overflow-wrap: anywhere;
    }
  `,
})
export class AuditPage implements OnInit {
  private readonly api = inject(AccessApi);
  private readonly language = inject(Language);
  private readonly i18n = injectI18n();
  protected readonly t = this.i18n.t;
  protected readonly label = this.i18n.label;
  protected readonly kinds = AUDIT_KINDS;
  protected readonly kind = signal<AuditKind | null>(null);
  protected readonly entries = signal<AuditEntry[] | null>(null);
  protected readonly nextCursor = signal<string | null>(null);

  ngOnInit(): void {
    void this.load();
  }

  protected setKind(value: string): void {
    this.kind.set((AUDIT_KINDS as readonly string[]).includes(value) ? (value as AuditKind) : null);
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const page = await this.api.listAudit({ kind: this.kind() ?? undefined });
      this.entries.set(page.items);
      this.nextCursor.set(page.has_more ? page.next_cursor : null);
    } catch {
      /* the interceptor showed the API's message */
    }
  }

  protected async loadMore(): Promise<void> {
    const cursor = this.nextCursor();
    if (!cursor) return;
    try {
      const page = await this.api.listAudit({ kind: this.kind() ?? undefined, cursor });
      this.entries.update((list) => [...(list ?? []), ...page.items]);
      this.nextCursor.set(page.has_more ? page.next_cursor : null);
    } catch {
      /* the interceptor showed the API's message */
    }
  }

  protected date(iso: string): string {
    return formatDateTime(iso, this.language.locale());
  }
}
