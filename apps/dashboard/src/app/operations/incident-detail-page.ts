import { ChangeDetectionStrategy, Component, Injector, computed, inject, input, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { LIMITS, allowedIncidentStatuses, type IncidentDetail, type IncidentStatus } from '@workflow-mcp/domain';
import { ApiClient } from '../core/api-client';
import { errorBody } from '../core/api-error';
import { formatDateTime } from '../core/format';
import { Language, translator } from '../core/i18n/language';
import { Auth } from '../core/auth';
import { injectI18n } from '../core/i18n/messages';
import { POSTMORTEMS_MESSAGES } from '../postmortems/postmortems.messages';
import { Notifier } from '../core/notifier';
import { askAction } from '../shared/action-dialog';
import { ChipList } from '../shared/chip-list';
import { DetailHeader } from '../shared/detail-header';
import { DetailPage } from '../shared/detail-page';
import { EntityDetail } from '../shared/entity-detail';
import { EnvironmentLookup } from '../shared/environment-lookup';
import { errorText } from '../shared/form-errors';
import { Panel } from '../shared/panel';
import { StatusPill } from '../shared/status-pill';
import { Timeline, TimelineHistory } from '../shared/timeline';
import { openIncidentDialog } from './incident-form-dialog';

/** /operations/incidents/:id — every field, the timeline, lifecycle buttons, notes, "수정" and delete. */
@Component({
  selector: 'app-incident-detail-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    StatusPill,
    Timeline,
    DetailPage,
    DetailHeader,
    Panel,
    ChipList,
  ],
  template: `
    <app-detail-page
      [detail]="detail"
      back="/operations"
      [backLabel]="t('incident.back')"
      [notFound]="t('incident.notFound')"
      missingTestId="incident-missing"
    >
      @if (detail.value(); as inc) {
        <app-detail-header [heading]="inc.title" headingTestId="incident-title">
          <app-status-pill group="severity" [value]="inc.severity" />
          <app-status-pill group="incidentStatus" [value]="inc.status" data-testid="incident-status" />
          <span class="type">{{ label('incidentType', inc.incident_type) }}</span>
          <code class="id">{{ inc.id }}</code>
          @if (inc.status === 'resolved') {
            <a
              detailAction
              mat-stroked-button
              [routerLink]="['/operations/incidents', inc.id, 'postmortem']"
              data-testid="incident-postmortem"
            >
              {{ pm('pm.open') }}
            </a>
          }
          @if (auth.can('responder')) {
            <button detailAction mat-flat-button type="button" (click)="edit()" data-testid="incident-edit">
              {{ t('incident.edit') }}
            </button>
          }
          @if (auth.can('admin')) {
            <button detailAction mat-stroked-button type="button" class="danger" (click)="remove()" data-testid="incident-delete">
              {{ t('incident.delete') }}
            </button>
          }
        </app-detail-header>

        <div class="layout">
          <div class="column">
            @if (auth.can('responder')) {
              <app-panel [heading]="t('incident.moveTo')">
                <p class="hint">{{ inc.status === 'resolved' ? t('incident.reopenHint') : t('incident.moveHint') }}</p>
                <div class="moves" data-testid="status-actions">
                  @for (to of moves(); track to) {
                    <button mat-stroked-button type="button" [attr.data-status]="to" [disabled]="busy()" (click)="move(to)">
                      → {{ label('incidentStatus', to) }}
                    </button>
                  }
                </div>
              </app-panel>
            }

            <app-panel [heading]="t('incident.fields')">
              <dl class="fields">
                <dt>{{ t('incident.description') }}</dt>
                <dd class="pre">{{ inc.description || '—' }}</dd>
                <dt>{{ t('incident.affectedServices') }}</dt>
                <dd><app-chip-list [items]="inc.affected_services" /></dd>
                <dt>{{ t('incident.tags') }}</dt>
                <dd><app-chip-list [items]="inc.tags" /></dd>
                <dt>{{ t('incident.environment') }}</dt>
                <dd>{{ inc.environment_id ? environments.name(inc.environment_id) : '—' }}</dd>
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
                <dt>{{ t('incident.impact') }}</dt>
                <dd class="pre" data-testid="incident-impact">{{ inc.impact || '—' }}</dd>
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
            </app-panel>
          </div>

          <div class="column">
            @if (auth.can('responder')) {
              <app-panel [heading]="t('incident.addNote')">
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
              </app-panel>
            }
            <app-panel [heading]="t('common.timeline')">
              <app-timeline [history]="history" [olderLabel]="t('incident.olderEntries')" />
            </app-panel>
          </div>
        </div>
      }
    </app-detail-page>
  `,
  styleUrl: '../shared/styles/detail-page.scss',
  styles: `
    .type {
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
    }
    .id {
      font-size: 12px;
      color: var(--mat-sys-on-surface-variant);
    }
    .danger {
      color: var(--mat-sys-error);
    }
    .column {
      display: flex;
      flex-direction: column;
      gap: 16px;
      min-width: 0;
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
    .full {
      width: 100%;
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
  /** What the signed-in role may do: viewers see no buttons that change the incident. */
  protected readonly auth = inject(Auth);
  protected readonly label = this.i18n.label;
  protected readonly pm = translator(POSTMORTEMS_MESSAGES);

  protected readonly detail = new EntityDetail<IncidentDetail>({
    id: this.id,
    fetch: (id) => this.api.getIncident(id),
    entity: 'incident',
  });
  /** The timeline with the older entries a person asked for. */
  protected readonly history = new TimelineHistory(this.detail.value, (id, query) => this.api.incidentTimeline(id, query));
  protected readonly environments = new EnvironmentLookup();
  protected readonly busy = signal(false);
  protected readonly note = new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, Validators.maxLength(LIMITS.textMax)],
  });
  protected readonly noteError = signal('');

  /** The statuses the lifecycle allows from here (libs/domain decides). */
  protected readonly moves = computed<IncidentStatus[]>(() => {
    const inc = this.detail.value();
    return inc ? allowedIncidentStatuses(inc.status) : [];
  });

  protected time(iso: string | null): string {
    return formatDateTime(iso, this.language.locale());
  }

  protected async move(to: IncidentStatus): Promise<void> {
    const inc = this.detail.value();
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
      this.detail.set(await this.api.updateIncident(inc.id, { status: to, ...extra }));
      this.notifier.info(this.t('incident.statusChanged', { status: this.label('incidentStatus', to) }));
    });
  }

  protected async addNote(): Promise<void> {
    const inc = this.detail.value();
    if (!inc) return;
    if (this.note.invalid || !this.note.value.trim()) {
      this.note.markAsTouched();
      this.note.setErrors({ required: true });
      this.noteError.set(errorText(this.note, this.t));
      return;
    }
    await this.act(async () => {
      try {
        this.detail.set(await this.api.addIncidentNote(inc.id, this.note.value.trim()));
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
    const inc = this.detail.value();
    if (!inc) return;
    const saved = await openIncidentDialog(this.dialog, { incident: inc }, this.injector);
    if (saved) this.detail.set(saved);
  }

  protected async remove(): Promise<void> {
    const inc = this.detail.value();
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
      await this.detail.reload();
    } finally {
      this.busy.set(false);
    }
  }
}
