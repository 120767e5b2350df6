import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { FOLLOW_UP_STATUSES, type FollowUp, type FollowUpQuery, type FollowUpStatus } from '@workflow-mcp/domain';
import { translator } from '../core/i18n/language';
import { LiveUpdates } from '../core/live-updates';
import { EnvironmentLookup } from '../shared/environment-lookup';
import { PageHead } from '../shared/page-head';
import { Panel } from '../shared/panel';
import { PostmortemsApi } from './postmortems-api';
import { POSTMORTEMS_MESSAGES } from './postmortems.messages';

/** /operations/follow-ups — actions promised in postmortems, across incidents, earliest due first. */
@Component({
  selector: 'app-follow-ups-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatInputModule, PageHead, Panel],
  providers: [PostmortemsApi],
  styleUrl: '../shared/styles/list-page.scss',
  styles: `
    form {
      display: flex;
      flex-wrap: wrap;
      gap: 0 12px;
      align-items: baseline;
      margin-bottom: 8px;
    }
    form mat-form-field {
      width: 190px;
    }
    .overdue {
      color: var(--mat-sys-error);
      font: var(--mat-sys-label-medium);
    }
    .empty {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  template: `
    <app-page-head [heading]="pm('fu.title')" [subtitle]="pm('fu.subtitle')" />
    <app-panel>
      <form (submit)="$event.preventDefault(); search()" data-testid="fu-filters">
        <mat-form-field appearance="outline">
          <mat-label>{{ pm('pm.status') }}</mat-label>
          <select matNativeControl name="status" [(ngModel)]="status" data-testid="fu-filter-status">
            <option value="">{{ pm('fu.allOpen') }}</option>
            @for (s of statuses; track s) {
              <option [value]="s">{{ statusLabel(s) }}</option>
            }
          </select>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>{{ pm('pm.owner') }}</mat-label>
          <input matInput name="owner" maxlength="100" [(ngModel)]="owner" data-testid="fu-filter-owner" />
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>{{ pm('fu.environment') }}</mat-label>
          <select matNativeControl name="environment" [(ngModel)]="environment" data-testid="fu-filter-environment">
            <option value="">{{ pm('fu.allEnvironments') }}</option>
            @for (env of environments.all(); track env.id) {
              <option [value]="env.id">{{ env.name }}</option>
            }
          </select>
        </mat-form-field>
        <mat-checkbox name="overdue" [(ngModel)]="overdueOnly" data-testid="fu-filter-overdue">{{ pm('fu.overdueOnly') }}</mat-checkbox>
        <button mat-flat-button type="submit" data-testid="fu-apply">{{ pm('fu.apply') }}</button>
      </form>

      @if (loaded() && items().length === 0) {
        <p class="empty" data-testid="fu-empty">{{ pm('fu.none') }}</p>
      } @else {
        <table class="list" data-testid="fu-table">
          <thead>
            <tr>
              <th>{{ pm('pm.followUpTitle') }}</th>
              <th>{{ pm('pm.owner') }}</th>
              <th>{{ pm('pm.dueDate') }}</th>
              <th>{{ pm('pm.status') }}</th>
              <th>{{ pm('fu.incident') }}</th>
            </tr>
          </thead>
          <tbody>
            @for (f of items(); track f.id) {
              <tr data-testid="fu-row">
                <td>{{ f.title }}</td>
                <td>{{ f.owner }}</td>
                <td>
                  {{ f.due_date }}
                  @if (f.overdue) {
                    <span class="overdue">{{ pm('pm.overdue') }}</span>
                  }
                </td>
                <td>{{ statusLabel(f.status) }}</td>
                <td>
                  <a [routerLink]="['/operations/incidents', f.incident_id, 'postmortem']">{{ f.incident_title || f.incident_id }}</a>
                </td>
              </tr>
            }
          </tbody>
        </table>
      }
      @if (nextCursor()) {
        <button mat-button type="button" (click)="more()" data-testid="fu-more">{{ pm('fu.more') }}</button>
      }
    </app-panel>
  `,
})
export class FollowUpsPage {
  private readonly api = inject(PostmortemsApi);
  protected readonly pm = translator(POSTMORTEMS_MESSAGES);
  protected readonly environments = new EnvironmentLookup();
  protected readonly statuses = FOLLOW_UP_STATUSES;

  protected status: FollowUpStatus | '' = '';
  protected owner = '';
  protected environment = '';
  protected overdueOnly = false;

  protected readonly items = signal<FollowUp[]>([]);
  protected readonly loaded = signal(false);
  protected readonly nextCursor = signal<string | null>(null);
  private query: FollowUpQuery = {};

  constructor() {
    void this.search();
    inject(LiveUpdates).watch(['incident'], (batch) => {
      if (batch.kind === 'resync' || batch.events.some((e) => e.action === 'postmortem_saved' || e.action === 'deleted')) {
        void this.fetch(undefined);
      }
    });
  }

  protected statusLabel(status: FollowUpStatus): string {
    return this.pm(`pm.followUpStatus.${status}`);
  }

  protected async search(): Promise<void> {
    this.query = {
      ...(this.status ? { status: this.status } : {}),
      ...(this.owner.trim() ? { owner: this.owner.trim() } : {}),
      ...(this.environment ? { environment_id: this.environment } : {}),
      ...(this.overdueOnly ? { overdue: true } : {}),
    };
    await this.fetch(undefined);
  }

  protected async more(): Promise<void> {
    await this.fetch(this.nextCursor() ?? undefined);
  }

  private async fetch(cursor: string | undefined): Promise<void> {
    try {
      const page = await this.api.followUps({ ...this.query, limit: 50, ...(cursor ? { cursor } : {}) });
      this.items.set(cursor ? [...this.items(), ...page.items] : page.items);
      this.nextCursor.set(page.next_cursor);
      this.loaded.set(true);
    } catch {
      /* the interceptor said why */
    }
  }
}
