import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal, Injector } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import {
  DEPLOYMENT_SORTS,
  DEPLOYMENT_STATUSES,
  DEPLOYMENT_TYPES,
  LIMITS,
  type Deployment,
  type DeploymentSort,
  type DeploymentStats,
  type DeploymentStatus,
  type DeploymentType,
  type Environment,
  type Page,
} from '@workflow-mcp/domain';
import { debounceTime, merge } from 'rxjs';
import { ApiClient } from '../core/api-client';
import type { DeploymentQuery } from '../core/api-types';
import { formatDateTime } from '../core/format';
import { Language } from '../core/i18n/language';
import { injectI18n } from '../core/i18n/messages';
import { LiveUpdates } from '../core/live-updates';
import { CHART_COLORS } from '../shared/charts/colors';
import { StackedBar, type Segment } from '../shared/charts/stacked-bar';
import { StatusPill } from '../shared/status-pill';
import { DeploymentActions } from './deployment-actions';
import { openDeploymentDialog } from './deployment-form-dialog';

const PAGE_SIZE = 20;

/** /deployments: outcomes, then every deployment in time order with filters; "새 배포 계획"; "실행" on planned ones. */
@Component({
  selector: 'app-deployments-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    StatusPill,
    StackedBar,
  ],
  template: `
    <div class="page-head">
      <div>
        <h1>{{ t('dep.title') }}</h1>
        <p class="subtitle">{{ t('dep.subtitle') }}</p>
      </div>
      <button mat-flat-button type="button" (click)="plan()" data-testid="new-deployment">{{ t('dep.new') }}</button>
    </div>

    @if (stats(); as s) {
      <section class="outcomes" data-testid="deployment-outcomes">
        <div class="rate">
          <span class="label">{{ t('dep.successRate') }}</span>
          <span class="value">{{ s.success_rate === null ? '—' : percent(s.success_rate) }}</span>
        </div>
        <div class="bar">
          <span class="label">{{ t('dep.outcomes') }}</span>
          <app-stacked-bar [segments]="segments()" [title]="t('dep.outcomes')" />
        </div>
      </section>
    }

    <form class="filters" [formGroup]="filters" role="search" (submit)="$event.preventDefault()">
      <mat-form-field appearance="outline" class="search">
        <mat-label>{{ t('common.search') }}</mat-label>
        <input matInput formControlName="search" [placeholder]="t('dep.searchHint')" data-testid="dfilter-search" />
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>{{ t('dep.environment') }}</mat-label>
        <select matNativeControl formControlName="environment_id" data-testid="dfilter-environment">
          <option [ngValue]="null">{{ t('common.all') }}</option>
          @for (env of environments(); track env.id) {
            <option [ngValue]="env.id">{{ env.name }}</option>
          }
        </select>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>{{ t('common.status') }}</mat-label>
        <select matNativeControl formControlName="status" data-testid="dfilter-status">
          <option [ngValue]="null">{{ t('common.all') }}</option>
          @for (s of statuses; track s) {
            <option [ngValue]="s">{{ label('deploymentStatus', s) }}</option>
          }
        </select>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>{{ t('dep.type') }}</mat-label>
        <select matNativeControl formControlName="deployment_type" data-testid="dfilter-type">
          <option [ngValue]="null">{{ t('common.all') }}</option>
          @for (type of types; track type) {
            <option [ngValue]="type">{{ label('deploymentType', type) }}</option>
          }
        </select>
      </mat-form-field>
      <mat-form-field appearance="outline" class="sort">
        <mat-label>{{ t('common.sort') }}</mat-label>
        <select matNativeControl formControlName="sort_by" data-testid="dfilter-sort">
          @for (s of sorts; track s) {
            <option [ngValue]="s">{{ label('deploymentSort', s) }}</option>
          }
        </select>
      </mat-form-field>
      @if (filtered()) {
        <button mat-button type="button" (click)="clear()">{{ t('common.clearFilters') }}</button>
      }
    </form>

    @if (page(); as p) {
      @if (p.items.length === 0) {
        <div class="empty" data-testid="deployments-empty">
          <p>{{ filtered() ? t('dep.emptyFiltered') : environments().length === 0 ? t('dep.noEnvironments') : t('dep.empty') }}</p>
          @if (filtered()) {
            <button mat-stroked-button type="button" (click)="clear()">{{ t('common.clearFilters') }}</button>
          }
        </div>
      } @else {
        <div class="table-wrap">
          <table data-testid="deployment-table">
            <thead>
              <tr>
                <th scope="col">{{ t('dep.deploymentTitle') }}</th>
                <th scope="col">{{ t('dep.environment') }}</th>
                <th scope="col">{{ t('dep.version') }}</th>
                <th scope="col" class="opt">{{ t('dep.type') }}</th>
                <th scope="col">{{ t('common.status') }}</th>
                <th scope="col" class="opt">{{ t('dep.when') }}</th>
                <th scope="col">
                  <span class="sr-only">{{ t('common.actions') }}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              @for (dep of p.items; track dep.id) {
                <tr [attr.data-id]="dep.id" (click)="open(dep)">
                  <td class="title">
                    <a [routerLink]="['/deployments', dep.id]" (click)="$event.stopPropagation()">{{ dep.title }}</a>
                  </td>
                  <td>{{ environmentName(dep.environment_id) }}</td>
                  <td>
                    <code>{{ dep.version }}</code>
                  </td>
                  <td class="opt">{{ label('deploymentType', dep.deployment_type) }}</td>
                  <td class="status">
                    <app-status-pill group="deploymentStatus" [value]="dep.status" />
                    @if (dep.status === 'in_progress') {
                      <mat-progress-bar
                        [mode]="waiting(dep) ? 'indeterminate' : 'determinate'"
                        [value]="dep.progress_percentage ?? 0"
                        [attr.aria-label]="t('dep.progress')"
                      />
                      <span class="pct">{{
                        waiting(dep) ? t('dep.waiting') : t('dep.progressValue', { percent: dep.progress_percentage ?? 0 })
                      }}</span>
                    }
                  </td>
                  <td class="opt">
                    <span class="when">{{ when(dep) }}</span>
                  </td>
                  <td class="actions">
                    @if (dep.status === 'planned') {
                      <button mat-flat-button type="button" (click)="$event.stopPropagation(); execute(dep)" data-testid="row-execute">
                        {{ t('dep.execute') }}
                      </button>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        <nav class="pager" aria-label="Pages">
          <span class="range">{{
            t('common.pageOf', { from: cursors().length * pageSize + 1, to: cursors().length * pageSize + p.items.length, total: p.total })
          }}</span>
          <button mat-stroked-button type="button" [disabled]="cursors().length === 0" (click)="previous()">
            {{ t('common.previous') }}
          </button>
          <button mat-stroked-button type="button" [disabled]="!p.has_more" (click)="next()">{{ t('common.next') }}</button>
        </nav>
      }
    } @else {
      <p class="muted">{{ t('common.loading') }}</p>
    }
  `,
  styles: `
    .page-head {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      align-items: center;
      gap: 12px;
      margin-bottom: 16px;
    }
    h1 {
      font: var(--mat-sys-headline-small);
      margin: 8px 0 0;
    }
    .subtitle {
      margin: 4px 0 0;
      color: var(--mat-sys-on-surface-variant);
    }
    .outcomes {
      display: flex;
      flex-wrap: wrap;
      gap: 12px 32px;
      align-items: flex-start;
      margin-bottom: 16px;
      background: var(--mat-sys-surface-container-low);
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
      padding: 14px 16px;
    }
    .outcomes .rate {
      display: flex;
      flex-direction: column;
    }
    .outcomes .bar {
      flex: 1 1 320px;
    }
    .label {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
      display: block;
      margin-bottom: 4px;
    }
    .value {
      font: var(--mat-sys-headline-small);
    }
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
      vertical-align: middle;
    }
    tbody tr {
      cursor: pointer;
    }
    tbody tr:hover {
      background: color-mix(in srgb, var(--mat-sys-primary) 5%, transparent);
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
    td.status {
      min-width: 140px;
    }
    td.status mat-progress-bar {
      margin-top: 6px;
    }
    .pct {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .when {
      white-space: nowrap;
    }
    td.actions {
      text-align: right;
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
    .sr-only {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
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
export class DeploymentsPage implements OnInit {
  private readonly api = inject(ApiClient);
  private readonly dialog = inject(MatDialog);
  private readonly injector = inject(Injector);
  private readonly router = inject(Router);
  private readonly actions = inject(DeploymentActions);
  private readonly language = inject(Language);
  private readonly i18n = injectI18n();
  protected readonly t = this.i18n.t;
  protected readonly label = this.i18n.label;
  protected readonly statuses = DEPLOYMENT_STATUSES;
  protected readonly types = DEPLOYMENT_TYPES;
  protected readonly sorts = DEPLOYMENT_SORTS;
  protected readonly pageSize = PAGE_SIZE;

  protected readonly filters = new FormGroup({
    search: new FormControl('', { nonNullable: true }),
    environment_id: new FormControl<string | null>(null),
    status: new FormControl<DeploymentStatus | null>(null),
    deployment_type: new FormControl<DeploymentType | null>(null),
    sort_by: new FormControl<DeploymentSort>('scheduled_desc', { nonNullable: true }),
  });
  private readonly filterValues = signal(this.filters.getRawValue());
  protected readonly filtered = computed(() => {
    const f = this.filterValues();
    return Boolean(f.search.trim() || f.environment_id || f.status || f.deployment_type);
  });

  protected readonly page = signal<Page<Deployment> | null>(null);
  protected readonly stats = signal<DeploymentStats | null>(null);
  protected readonly environments = signal<Environment[]>([]);
  protected readonly cursors = signal<Array<string | undefined>>([]);
  private cursor: string | undefined;
  private loads = 0;
  private readonly names = computed(() => new Map(this.environments().map((e) => [e.id, e.name])));
  protected readonly segments = computed<Segment[]>(() =>
    DEPLOYMENT_STATUSES.map((s) => ({
      label: this.i18n.label('deploymentStatus', s),
      value: this.stats()?.by_status[s] ?? 0,
      color: CHART_COLORS[s] ?? '#888',
    })),
  );

  constructor() {
    const live = inject(LiveUpdates);
    live.watch(['deployment'], () => void this.load());
    live.watch(['environment'], () => void this.loadEnvironments());
    merge(
      this.filters.controls.search.valueChanges.pipe(debounceTime(300)),
      this.filters.controls.environment_id.valueChanges,
      this.filters.controls.status.valueChanges,
      this.filters.controls.deployment_type.valueChanges,
      this.filters.controls.sort_by.valueChanges,
    )
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
    return this.names().get(id) ?? id;
  }
  /** Started, and the pipeline has not said anything yet. */
  protected waiting(dep: Deployment): boolean {
    return dep.progress_percentage === null || (dep.progress_percentage === 0 && !dep.progress_message);
  }

  protected percent(rate: number): string {
    return `${Math.round(rate * 1000) / 10}%`;
  }
  protected when(dep: Deployment): string {
    const locale = this.language.locale();
    if (dep.completed_at) return formatDateTime(dep.completed_at, locale);
    if (dep.started_at) return formatDateTime(dep.started_at, locale);
    return dep.scheduled_at
      ? formatDateTime(dep.scheduled_at, locale)
      : `${this.t('dep.unscheduled')} · ${formatDateTime(dep.created_at, locale)}`;
  }

  protected open(dep: Deployment): void {
    void this.router.navigate(['/deployments', dep.id]);
  }

  protected async plan(): Promise<void> {
    if (await openDeploymentDialog(this.dialog, {}, this.injector)) await this.load();
  }

  protected async execute(dep: Deployment): Promise<void> {
    if (await this.actions.run('execute', dep, this.environmentName(dep.environment_id))) await this.load();
  }

  protected clear(): void {
    this.filters.reset({
      search: '',
      environment_id: null,
      status: null,
      deployment_type: null,
      sort_by: this.filters.controls.sort_by.value,
    });
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

  private query(): DeploymentQuery {
    const f = this.filters.getRawValue();
    return {
      search: f.search.trim().slice(0, LIMITS.searchMax) || undefined,
      environment_id: f.environment_id ?? undefined,
      status: f.status ?? undefined,
      deployment_type: f.deployment_type ?? undefined,
      sort_by: f.sort_by,
      limit: PAGE_SIZE,
      cursor: this.cursor,
    };
  }

  async load(): Promise<void> {
    const ticket = ++this.loads;
    try {
      const [page, stats] = await Promise.all([this.api.listDeployments(this.query()), this.api.deploymentStats()]);
      if (ticket !== this.loads) return;
      if (page.items.length === 0 && this.cursor !== undefined) return this.restart();
      this.page.set(page);
      this.stats.set(stats);
    } catch {
      /* the interceptor showed the API's message */
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
