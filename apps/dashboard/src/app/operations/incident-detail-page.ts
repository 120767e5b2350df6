import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked, Injector } from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { LIMITS, allowedIncidentStatuses, type Environment, type IncidentDetail, type IncidentStatus } from '@workflow-mcp/domain';
import { ApiClient } from '../core/api-client';
import { errorBody } from '../core/api-error';
import { formatDateTime } from '../core/format';
import { Language } from '../core/i18n/language';
import { injectI18n } from '../core/i18n/messages';
import { LiveUpdates } from '../core/live-updates';
import { Notifier } from '../core/notifier';
import { askAction } from '../shared/action-dialog';
import { errorText } from '../shared/form-errors';
import { StatusPill } from '../shared/status-pill';
import { Timeline } from '../shared/timeline';
import { openIncidentDialog } from './incident-form-dialog';

/** /operations/incidents/:id — every field, the timeline, lifecycle buttons, notes, "수정" and delete. */
@Component({
  selector: 'app-incident-detail-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, StatusPill, Timeline],
  template: `
    <a routerLink="/operations" class="back">← {{ t('incident.back') }}</a>
    @if (missing()) {
      <div class="empty" data-testid="incident-missing">
        <p>{{ t('incident.notFound') }}</p>
        <a mat-stroked-button routerLink="/operations">{{ t('incident.back') }}</a>
      </div>
    } @else if (incident(); as inc) {
      <header class="head">
        <div class="title-block">
          <h1 data-testid="incident-title">{{ inc.title }}</h1>
          <div class="pills">
            <app-status-pill group="severity" [value]="inc.severity" />
            <app-status-pill group="incidentStatus" [value]="inc.status" data-testid="incident-status" />
            <span class="type">{{ label('incidentType', inc.incident_type) }}</span>
            <code class="id">{{ inc.id }}</code>
          </div>
        </div>
        <div class="head-actions">
          <button mat-flat-button type="button" (click)="edit()" data-testid="incident-edit">{{ t('incident.edit') }}</button>
          <button mat-stroked-button type="button" class="danger" (click)="remove()" data-testid="incident-delete">
            {{ t('incident.delete') }}
          </button>
        </div>
      </header>

      <div class="layout">
        <div class="main-col">
          <section class="panel" aria-labelledby="status-h">
            <h2 id="status-h">{{ t('incident.moveTo') }}</h2>
            <p class="hint">{{ inc.status === 'resolved' ? t('incident.reopenHint') : t('incident.moveHint') }}</p>
            <div class="moves" data-testid="status-actions">
              @for (to of moves(); track to) {
                <button mat-stroked-button type="button" [attr.data-status]="to" [disabled]="busy()" (click)="move(to)">
                  → {{ label('incidentStatus', to) }}
                </button>
              }
            </div>
          </section>

          <section class="panel" aria-labelledby="fields-h">
            <h2 id="fields-h">{{ t('incident.fields') }}</h2>
            <dl class="fields">
              <dt>{{ t('incident.description') }}</dt>
              <dd class="pre">{{ inc.description || '—' }}</dd>
              <dt>{{ t('incident.affectedServices') }}</dt>
              <dd>
                @for (s of inc.affected_services; track s) {
                  <span class="chip">{{ s }}</span>
                } @empty {
                  —
                }
              </dd>
              <dt>{{ t('incident.tags') }}</dt>
              <dd>
                @for (tag of inc.tags; track tag) {
                  <span class="chip">{{ tag }}</span>
                } @empty {
                  —
                }
              </dd>
              <dt>{{ t('incident.environment') }}</dt>
              <dd>{{ inc.environment_id ? environmentName(inc.environment_id) : '—' }}</dd>
              <dt>{{ t('incident.deployment') }}</dt>
              <dd>
                @if (inc.deployment_id) {
                  <a [routerLink]="['/deployments', inc.deployment_id]">{{ inc.deployment_id }}</a>
                } @else {
                  —
                }
              </dd>
              <dt>{{ t('incident.commander') }}</dt>
              <dd>{{ inc.commander || '—' }}</dd>
              <dt>{{ t('incident.rootCause') }}</dt>
              <dd class="pre">{{ inc.root_cause || '—' }}</dd>
              <dt>{{ t('incident.resolutionNotes') }}</dt>
              <dd class="pre" data-testid="incident-resolution">{{ inc.resolution_notes || '—' }}</dd>
              <dt>{{ t('incident.opened') }}</dt>
              <dd>{{ time(inc.created_at) }}</dd>
              <dt>{{ t('incident.acknowledged') }}</dt>
              <dd>{{ time(inc.acknowledged_at) }}</dd>
              <dt>{{ t('incident.resolvedAt') }}</dt>
              <dd>{{ time(inc.resolved_at) }}</dd>
              <dt>{{ t('common.updated') }}</dt>
              <dd>{{ time(inc.updated_at) }}</dd>
            </dl>
          </section>
        </div>

        <div class="side-col">
          <section class="panel" aria-labelledby="note-h">
            <h2 id="note-h">{{ t('incident.addNote') }}</h2>
            <form (submit)="$event.preventDefault(); addNote()">
              <mat-form-field appearance="outline" class="full">
                <mat-label>{{ t('incident.note') }}</mat-label>
                <textarea
                  matInput
                  rows="3"
                  [formControl]="note"
                  [placeholder]="t('incident.notePlaceholder')"
                  data-testid="note-input"
                ></textarea>
                <mat-error>{{ noteError() }}</mat-error>
              </mat-form-field>
              <button mat-flat-button type="submit" [disabled]="busy()" data-testid="note-submit">{{ t('incident.addNote') }}</button>
            </form>
          </section>
          <section class="panel" aria-labelledby="timeline-h">
            <h2 id="timeline-h">{{ t('common.timeline') }}</h2>
            <app-timeline [timeline]="inc.timeline" />
          </section>
        </div>
      </div>
    } @else {
      <p class="muted">{{ t('common.loading') }}</p>
    }
  `,
  styles: `
    .back {
      display: inline-block;
      margin: 8px 0 12px;
      color: var(--mat-sys-primary);
      text-decoration: none;
    }
    .back:hover {
      text-decoration: underline;
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      gap: 12px;
      align-items: flex-start;
      margin-bottom: 16px;
    }
    .title-block {
      min-width: 0;
      flex: 1 1 360px;
    }
    h1 {
      font: var(--mat-sys-headline-small);
      margin: 0 0 8px;
      overflow-wrap: anywhere;
    }
    .pills {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
    }
    .type {
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
    }
    .id {
      font-size: 12px;
      color: var(--mat-sys-on-surface-variant);
    }
    .head-actions {
      display: flex;
      gap: 8px;
      flex-wrap: wrap;
    }
    .danger {
      color: var(--mat-sys-error);
    }
    .layout {
      display: grid;
      grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
      gap: 16px;
      align-items: start;
    }
    @media (max-width: 1000px) {
      .layout {
        grid-template-columns: minmax(0, 1fr);
      }
    }
    .main-col,
    .side-col {
      display: flex;
      flex-direction: column;
      gap: 16px;
      min-width: 0;
    }
    .panel {
      background: var(--mat-sys-surface-container-low);
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
      padding: 14px 16px;
    }
    .panel h2 {
      font: var(--mat-sys-title-small);
      margin: 0 0 8px;
    }
    .hint {
      margin: 0 0 10px;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .moves {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .fields {
      display: grid;
      grid-template-columns: max-content minmax(0, 1fr);
      gap: 8px 16px;
      margin: 0;
    }
    dt {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-label-large);
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .pre {
      white-space: pre-wrap;
    }
    .chip {
      display: inline-block;
      padding: 1px 8px;
      margin: 0 4px 4px 0;
      border-radius: 8px;
      background: var(--mat-sys-surface-container-high);
      font: var(--mat-sys-label-medium);
    }
    .full {
      width: 100%;
    }
    .empty {
      padding: 32px 16px;
      text-align: center;
      border: 1px dashed var(--mat-sys-outline-variant);
      border-radius: 12px;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    @media (max-width: 600px) {
      .fields {
        grid-template-columns: minmax(0, 1fr);
      }
      dt {
        margin-top: 6px;
      }
    }
  `,
})
export class IncidentDetailPage {
  /** From the route (:id). */
  readonly id = input.required<string>();
  private readonly api = inject(ApiClient);
  private readonly dialog = inject(MatDialog);
  private readonly injector = inject(Injector);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  private readonly language = inject(Language);
  private readonly i18n = injectI18n();
  protected readonly t = this.i18n.t;
  protected readonly label = this.i18n.label;

  protected readonly incident = signal<IncidentDetail | null>(null);
  protected readonly missing = signal(false);
  protected readonly busy = signal(false);
  private readonly environments = signal<Environment[]>([]);
  protected readonly note = new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, Validators.maxLength(LIMITS.textMax)],
  });
  protected readonly noteError = signal('');

  /** The statuses the lifecycle allows from here (libs/domain decides). */
  protected readonly moves = computed<IncidentStatus[]>(() => {
    const inc = this.incident();
    return inc ? allowedIncidentStatuses(inc.status) : [];
  });

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => {
        this.incident.set(null);
        this.missing.set(false);
        void this.load(id);
      });
    });
    void this.loadEnvironments();
    inject(LiveUpdates).watch(['incident'], (batch) => {
      if (batch.kind === 'resync' || batch.events.some((e) => e.entity_id === this.id())) void this.load(this.id());
    });
  }

  protected time(iso: string | null): string {
    return formatDateTime(iso, this.language.locale());
  }
  protected environmentName(id: string): string {
    return this.environments().find((e) => e.id === id)?.name ?? id;
  }

  async load(id: string): Promise<void> {
    try {
      const incident = await this.api.getIncident(id);
      if (id === this.id()) this.incident.set(incident);
    } catch (error) {
      if (errorBody(error)?.statusCode === 404) this.missing.set(true);
    }
  }

  private async loadEnvironments(): Promise<void> {
    try {
      this.environments.set((await this.api.listEnvironments()).items);
    } catch {
      /* shown by the interceptor */
    }
  }

  protected async move(to: IncidentStatus): Promise<void> {
    const inc = this.incident();
    if (!inc) return;
    let extra: { resolution_notes?: string | null; root_cause?: string | null } = {};
    if (to === 'resolved') {
      const answer = await askAction(this.dialog, {
        title: this.t('incident.resolveTitle'),
        text: this.t('incident.resolveText'),
        confirm: this.label('incidentStatus', 'resolved'),
        fields: [
          {
            name: 'resolution_notes',
            label: this.t('incident.resolutionNotes'),
            multiline: true,
            maxLength: LIMITS.textMax,
            value: inc.resolution_notes ?? '',
          },
          {
            name: 'root_cause',
            label: this.t('incident.rootCause'),
            multiline: true,
            maxLength: LIMITS.textMax,
            value: inc.root_cause ?? '',
          },
        ],
      });
      if (!answer) return;
      extra = {
        ...(answer['resolution_notes'] !== (inc.resolution_notes ?? '') ? { resolution_notes: answer['resolution_notes'] || null } : {}),
        ...(answer['root_cause'] !== (inc.root_cause ?? '') ? { root_cause: answer['root_cause'] || null } : {}),
      };
    }
    await this.act(async () => {
      this.incident.set(await this.api.updateIncident(inc.id, { status: to, ...extra }));
      this.notifier.info(this.t('incident.statusChanged', { status: this.label('incidentStatus', to) }));
    });
  }

  protected async addNote(): Promise<void> {
    const inc = this.incident();
    if (!inc) return;
    if (this.note.invalid || !this.note.value.trim()) {
      this.note.markAsTouched();
      this.note.setErrors({ required: true });
      this.noteError.set(errorText(this.note, this.t));
      return;
    }
    await this.act(async () => {
      try {
        this.incident.set(await this.api.addIncidentNote(inc.id, this.note.value.trim()));
        this.note.reset();
        this.noteError.set('');
        this.notifier.info(this.t('incident.noteAdded'));
      } catch (error) {
        const body = errorBody(error);
        if (body?.fields?.length) {
          this.note.setErrors({ server: body.fields.map((f) => f.messages.join(' ')).join(' ') });
          this.noteError.set(errorText(this.note, this.t));
        }
      }
    });
  }

  protected async edit(): Promise<void> {
    const inc = this.incident();
    if (!inc) return;
    const saved = await openIncidentDialog(this.dialog, { incident: inc }, this.injector);
    if (saved) this.incident.set(saved);
  }

  protected async remove(): Promise<void> {
    const inc = this.incident();
    if (!inc) return;
    const ok = await askAction(this.dialog, {
      title: this.t('incident.deleteTitle'),
      text: this.t('incident.deleteConfirm', { title: inc.title }),
      confirm: this.t('common.delete'),
      destructive: true,
    });
    if (!ok) return;
    await this.act(async () => {
      await this.api.deleteIncident(inc.id);
      this.notifier.info(this.t('incident.deleted'));
      await this.router.navigate(['/operations']);
    });
  }

  private async act(work: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    try {
      await work();
    } catch {
      // The interceptor showed the API's message; show what the service has now.
      await this.load(this.id());
    } finally {
      this.busy.set(false);
    }
  }
}
