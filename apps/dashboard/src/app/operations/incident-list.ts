import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
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
  type Environment,
  type Incident,
  type IncidentSort,
  type IncidentStatus,
  type IncidentType,
  type Page,
  type Severity,
} from '@workflow-mcp/domain';
import { debounceTime, merge } from 'rxjs';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ApiClient } from '../core/api-client';
import type { IncidentQuery } from '../core/api-types';
import { formatDateTime, formatRelative } from '../core/format';
import { Language } from '../core/i18n/language';
import { injectI18n } from '../core/i18n/messages';
import { LiveUpdates } from '../core/live-updates';
import { StatusPill } from '../shared/status-pill';

export const PAGE_SIZES = [10, 20, 50] as const;

/** The incident list: filters, sort, and pages fetched from the service (cursor by cursor). */
@Component({
  selector: 'app-incident-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, MatFormFieldModule, MatInputModule, MatButtonModule, StatusPill],
  template: `
    <form class="filters" [formGroup]="filters" role="search" (submit)="$event.preventDefault()">
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
          @for (env of environments(); track env.id) {
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
      @if (filtered()) {
        <button mat-button type="button" (click)="clear()">{{ t('common.clearFilters') }}</button>
      }
    </form>

    @if (page(); as p) {
      @if (p.items.length === 0) {
        <div class="empty" data-testid="incidents-empty">
          <p>{{ filtered() ? t('incident.emptyFiltered') : t('incident.empty') }}</p>
          @if (filtered()) {
            <button mat-stroked-button type="button" (click)="clear()">{{ t('common.clearFilters') }}</button>
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
                  <td class="opt">{{ incident.environment_id ? environmentName(incident.environment_id) : '—' }}</td>
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
        <nav class="pager" aria-label="Pages">
          <span class="range" data-testid="incident-range">{{
            t('common.pageOf', { from: rangeFrom(), to: rangeFrom() + p.items.length - 1, total: p.total })
          }}</span>
          <mat-form-field appearance="outline" class="size" subscriptSizing="dynamic">
            <mat-label>{{ t('common.rowsPerPage') }}</mat-label>
            <select matNativeControl [value]="limit()" (change)="setLimit(+$any($event.target).value)">
              @for (size of sizes; track size) {
                <option [value]="size" [selected]="size === limit()">{{ size }}</option>
              }
            </select>
          </mat-form-field>
          <button mat-stroked-button type="button" [disabled]="cursors().length === 0" (click)="previous()">
            {{ t('common.previous') }}
          </button>
          <button mat-stroked-button type="button" [disabled]="!p.has_more" (click)="next()" data-testid="incident-next">
            {{ t('common.next') }}
          </button>
        </nav>
      }
    } @else {
      <p class="muted">{{ t('common.loading') }}</p>
    }
  `,
  styles: `
    .filters {
      display: flex;
      flex-wrap: wrap;
      gap: 0 12px;
      align-items: baseline;
    }
    .filters mat-form-field {
      width: 170px;
    }
    .filters .search {
      flex: 1 1 220px;
      min-width: 200px;
    }
    .filters .sort {
      width: 220px;
    }
    .table-wrap {
      overflow-x: auto;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
    }
    table {
      width: 100%;
      border-collapse: collapse;
    }
    th {
      text-align: left;
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
      padding: 10px 12px;
      background: var(--mat-sys-surface-container);
      white-space: nowrap;
    }
    td {
      padding: 10px 12px;
      border-top: 1px solid var(--mat-sys-outline-variant);
      vertical-align: top;
    }
    tbody tr {
      cursor: pointer;
    }
    tbody tr:hover {
      background: color-mix(in srgb, var(--mat-sys-primary) 5%, transparent);
    }
    td.title {
      min-width: 220px;
    }
    td.title a {
      font-weight: 500;
      color: var(--mat-sys-primary);
      text-decoration: none;
      overflow-wrap: anywhere;
    }
    td.title a:hover,
    td.title a:focus-visible {
      text-decoration: underline;
    }
    .services {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      margin-top: 2px;
    }
    time {
      white-space: nowrap;
    }
    .pager {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: flex-end;
      gap: 8px 12px;
      margin-top: 12px;
    }
    .pager .range {
      margin-right: auto;
      color: var(--mat-sys-on-surface-variant);
    }
    .pager .size {
      width: 110px;
    }
    .empty {
      padding: 32px 16px;
      text-align: center;
      border: 1px dashed var(--mat-sys-outline-variant);
      border-radius: 12px;
      color: var(--mat-sys-on-surface-variant);
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    @media (max-width: 900px) {
      .opt {
        display: none;
      }
      .filters mat-form-field {
        width: 150px;
      }
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

  protected readonly filters = new FormGroup({
    search: new FormControl('', { nonNullable: true }),
    severity: new FormControl<Severity | null>(null),
    status: new FormControl<IncidentStatus | null>(null),
    incident_type: new FormControl<IncidentType | null>(null),
    environment_id: new FormControl<string | null>(null),
    sort_by: new FormControl<IncidentSort>('created_desc', { nonNullable: true }),
  });

  protected readonly page = signal<Page<Incident> | null>(null);
  protected readonly environments = signal<Environment[]>([]);
  protected readonly limit = signal<number>(20);
  /** Cursors of the pages before the current one; the current page's own cursor is `cursor`. */
  protected readonly cursors = signal<Array<string | undefined>>([]);
  private cursor: string | undefined;
  private loads = 0;
  private readonly filterValues = signal(this.filters.getRawValue());
  protected readonly filtered = computed(() => {
    const f = this.filterValues();
    return Boolean(f.search.trim() || f.severity || f.status || f.incident_type || f.environment_id);
  });
  protected readonly rangeFrom = computed(() => this.cursors().length * this.limit() + 1);
  private readonly environmentNames = computed(() => new Map(this.environments().map((e) => [e.id, e.name])));

  constructor() {
    const live = inject(LiveUpdates);
    live.watch(['incident'], () => void this.load());
    live.watch(['environment'], () => void this.loadEnvironments());
    const search = this.filters.controls.search.valueChanges.pipe(debounceTime(300));
    const others = merge(
      this.filters.controls.severity.valueChanges,
      this.filters.controls.status.valueChanges,
      this.filters.controls.incident_type.valueChanges,
      this.filters.controls.environment_id.valueChanges,
      this.filters.controls.sort_by.valueChanges,
    );
    merge(search, others)
      .pipe(takeUntilDestroyed())
      .subscribe(() => {
        this.filterValues.set(this.filters.getRawValue());
        this.restart();
      });
  }

  ngOnInit(): void {
    void this.load();
    void this.loadEnvironments();
  }

  protected environmentName(id: string): string {
    return this.environmentNames().get(id) ?? id;
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

  protected clear(): void {
    this.filters.reset({
      search: '',
      severity: null,
      status: null,
      incident_type: null,
      environment_id: null,
      sort_by: this.filters.controls.sort_by.value,
    });
  }

  protected setLimit(size: number): void {
    this.limit.set(size);
    this.restart();
  }

  protected next(): void {
    const p = this.page();
    if (!p?.next_cursor) return;
    this.cursors.update((c) => [...c, this.cursor]);
    this.cursor = p.next_cursor;
    void this.load();
  }

  protected previous(): void {
    const stack = this.cursors();
    if (stack.length === 0) return;
    this.cursor = stack[stack.length - 1];
    this.cursors.set(stack.slice(0, -1));
    void this.load();
  }

  private restart(): void {
    this.cursor = undefined;
    this.cursors.set([]);
    void this.load();
  }

  private query(): IncidentQuery {
    const f = this.filters.getRawValue();
    return {
      search: f.search.trim().slice(0, LIMITS.searchMax) || undefined,
      severity: f.severity ?? undefined,
      status: f.status ?? undefined,
      incident_type: f.incident_type ?? undefined,
      environment_id: f.environment_id ?? undefined,
      sort_by: f.sort_by,
      limit: this.limit(),
      cursor: this.cursor,
    };
  }

  /** Loads the current page again (after a filter change, a page move or a live change). */
  async load(): Promise<void> {
    const ticket = ++this.loads;
    try {
      const page = await this.api.listIncidents(this.query());
      // An answer to an older request (filters changed meanwhile) is dropped.
      if (ticket !== this.loads) return;
      // A page emptied by deletions elsewhere: go back to the first page.
      if (page.items.length === 0 && this.cursor !== undefined) return this.restart();
      this.page.set(page);
    } catch {
      /* the interceptor showed the API's message; keep what is on screen */
    }
  }

  private async loadEnvironments(): Promise<void> {
    try {
      this.environments.set((await this.api.listEnvironments()).items);
    } catch {
      /* shown by the interceptor */
    }
  }
}
