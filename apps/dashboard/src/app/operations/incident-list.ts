import { ChangeDetectionStrategy, Component, type OnInit, inject } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import {
  INCIDENT_SORTS,
  INCIDENT_STATUSES,
  INCIDENT_TYPES,
  LIMITS,
  SEVERITIES,
  type Incident,
  type IncidentQuery,
  type IncidentSort,
  type IncidentStatus,
  type IncidentType,
  type Severity,
} from '@workflow-mcp/domain';
import { ApiClient } from '../core/api-client';
import { formatDateTime, formatRelative } from '../core/format';
import { Language } from '../core/i18n/language';
import { injectI18n } from '../core/i18n/messages';
import { EnvironmentLookup } from '../shared/environment-lookup';
import { ListFilters } from '../shared/list-filters';
import { PagedList } from '../shared/paged-list';
import { Pager } from '../shared/pager';
import { StatusPill } from '../shared/status-pill';

export const PAGE_SIZES = [10, 20, 50] as const;

/** The incident list: filters, sort, and pages fetched from the service (cursor by cursor). */
@Component({
  selector: 'app-incident-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, MatFormFieldModule, MatInputModule, MatButtonModule, StatusPill, Pager],
  template: `
    <form class="filters" [formGroup]="filters.form" role="search" (submit)="$event.preventDefault()">
      <mat-form-field appearance="outline" class="search">
        <mat-label>{{ t('common.search') }}</mat-label>
        <input matInput formControlName="search" [placeholder]="t('incident.searchHint')" data-testid="filter-search" />
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>{{ t('incident.severity') }}</mat-label>
        <select matNativeControl formControlName="severity" data-testid="filter-severity">
          <option [ngValue]="null">{{ t('common.all') }}</option>
          @for (s of severities; track s) {
            <option [ngValue]="s">{{ label('severity', s) }}</option>
          }
        </select>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>{{ t('incident.status') }}</mat-label>
        <select matNativeControl formControlName="status" data-testid="filter-status">
          <option [ngValue]="null">{{ t('common.all') }}</option>
          @for (s of statuses; track s) {
            <option [ngValue]="s">{{ label('incidentStatus', s) }}</option>
          }
        </select>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>{{ t('incident.type') }}</mat-label>
        <select matNativeControl formControlName="incident_type" data-testid="filter-type">
          <option [ngValue]="null">{{ t('common.all') }}</option>
          @for (type of types; track type) {
            <option [ngValue]="type">{{ label('incidentType', type) }}</option>
          }
        </select>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>{{ t('incident.environment') }}</mat-label>
        <select matNativeControl formControlName="environment_id" data-testid="filter-environment">
          <option [ngValue]="null">{{ t('common.all') }}</option>
          @for (env of environments.all(); track env.id) {
            <option [ngValue]="env.id">{{ env.name }}</option>
          }
        </select>
      </mat-form-field>
      <mat-form-field appearance="outline" class="sort">
        <mat-label>{{ t('common.sort') }}</mat-label>
        <select matNativeControl formControlName="sort_by" data-testid="filter-sort">
          @for (s of sorts; track s) {
            <option [ngValue]="s">{{ label('incidentSort', s) }}</option>
          }
        </select>
      </mat-form-field>
      @if (filters.active()) {
        <button mat-button type="button" (click)="filters.clear()">{{ t('common.clearFilters') }}</button>
      }
    </form>

    @if (pages.page(); as p) {
      @if (p.items.length === 0) {
        <div class="empty" data-testid="incidents-empty">
          <p>{{ filters.active() ? t('incident.emptyFiltered') : t('incident.empty') }}</p>
          @if (filters.active()) {
            <button mat-stroked-button type="button" (click)="filters.clear()">{{ t('common.clearFilters') }}</button>
          }
        </div>
      } @else {
        <div class="table-wrap">
          <table class="incidents" data-testid="incident-table">
            <thead>
              <tr>
                <th scope="col">{{ t('incident.title') }}</th>
                <th scope="col">{{ t('incident.severity') }}</th>
                <th scope="col">{{ t('incident.status') }}</th>
                <th scope="col" class="opt">{{ t('incident.type') }}</th>
                <th scope="col" class="opt">{{ t('incident.environment') }}</th>
                <th scope="col">{{ t('incident.opened') }}</th>
              </tr>
            </thead>
            <tbody>
              @for (incident of p.items; track incident.id) {
                <tr (click)="open(incident)" [attr.data-id]="incident.id">
                  <td class="title">
                    <a [routerLink]="['/operations/incidents', incident.id]" (click)="$event.stopPropagation()">{{ incident.title }}</a>
                    @if (incident.affected_services.length) {
                      <div class="services">{{ incident.affected_services.join(', ') }}</div>
                    }
                  </td>
                  <td><app-status-pill group="severity" [value]="incident.severity" /></td>
                  <td><app-status-pill group="incidentStatus" [value]="incident.status" /></td>
                  <td class="opt">{{ label('incidentType', incident.incident_type) }}</td>
                  <td class="opt">{{ incident.environment_id ? environments.name(incident.environment_id) : '—' }}</td>
                  <td>
                    <time [attr.datetime]="incident.created_at" [attr.title]="absolute(incident.created_at)">{{
                      relative(incident.created_at)
                    }}</time>
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        <app-pager [list]="pages" [sizes]="sizes" testId="incident" />
      }
    } @else {
      <p class="muted">{{ t('common.loading') }}</p>
    }
  `,
  styleUrl: '../shared/styles/list-page.scss',
  styles: `
    td {
      vertical-align: top;
    }
    td.title {
      min-width: 220px;
    }
    .services {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      margin-top: 2px;
    }
    time {
      white-space: nowrap;
    }
  `,
})
export class IncidentList implements OnInit {
  private readonly api = inject(ApiClient);
  private readonly router = inject(Router);
  private readonly language = inject(Language);
  private readonly i18n = injectI18n();
  protected readonly t = this.i18n.t;
  protected readonly label = this.i18n.label;
  protected readonly severities = SEVERITIES;
  protected readonly statuses = INCIDENT_STATUSES;
  protected readonly types = INCIDENT_TYPES;
  protected readonly sorts = INCIDENT_SORTS;
  protected readonly sizes = PAGE_SIZES;
  protected readonly environments = new EnvironmentLookup({ live: true });

  protected readonly filters = new ListFilters(
    {
      search: new FormControl('', { nonNullable: true }),
      severity: new FormControl<Severity | null>(null),
      status: new FormControl<IncidentStatus | null>(null),
      incident_type: new FormControl<IncidentType | null>(null),
      environment_id: new FormControl<string | null>(null),
      sort_by: new FormControl<IncidentSort>('created_desc', { nonNullable: true }),
    },
    () => this.pages.restart(),
  );

  protected readonly pages = new PagedList<Incident>({
    fetch: (paging) => this.api.listIncidents({ ...this.query(), ...paging }),
    limit: 20,
    reloadOn: ['incident'],
  });

  ngOnInit(): void {
    void this.load();
  }

  protected relative(iso: string): string {
    return formatRelative(iso, this.language.locale());
  }
  protected absolute(iso: string): string {
    return formatDateTime(iso, this.language.locale());
  }

  protected open(incident: Incident): void {
    void this.router.navigate(['/operations/incidents', incident.id]);
  }

  private query(): IncidentQuery {
    const f = this.filters.form.getRawValue();
    return {
      search: f.search.trim().slice(0, LIMITS.searchMax) || undefined,
      severity: f.severity ?? undefined,
      status: f.status ?? undefined,
      incident_type: f.incident_type ?? undefined,
      environment_id: f.environment_id ?? undefined,
      sort_by: f.sort_by,
    };
  }

  /** Loads the current page again (after a new incident was created here). */
  load(): Promise<void> {
    return this.pages.load();
  }
}
