import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import {
  FOLLOW_UP_STATUSES,
  LIMITS,
  type FollowUpStatus,
  type Postmortem,
  type PostmortemDraft,
  type PostmortemEvidence,
  type PostmortemSave,
} from '@workflow-mcp/domain';
import { errorBody } from '../core/api-error';
import { Auth } from '../core/auth';
import { formatDateTime } from '../core/format';
import { Language, translator } from '../core/i18n/language';
import { LiveUpdates } from '../core/live-updates';
import { Notifier } from '../core/notifier';
import { Panel } from '../shared/panel';
import { PostmortemsApi } from './postmortems-api';
import { POSTMORTEMS_MESSAGES } from './postmortems.messages';

interface ExcerptRow {
  at: string;
  kind: string;
  actor: string | null;
  message: string;
}
interface FollowUpRow {
  id?: string;
  title: string;
  owner: string;
  due_date: string;
  status: FollowUpStatus;
  overdue?: boolean;
}
interface EditModel {
  summary: string;
  impact: string;
  root_cause: string;
  factors: Array<{ text: string }>;
  excerpt: ExcerptRow[];
  followUps: FollowUpRow[];
}

const emptyModel = (): EditModel => ({ summary: '', impact: '', root_cause: '', factors: [], excerpt: [], followUps: [] });

/** /operations/incidents/:id/postmortem — the saved postmortem, or a draft from what was recorded; edit, save, export. */
@Component({
  selector: 'app-postmortem-editor-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule, Panel],
  providers: [PostmortemsApi],
  styleUrl: '../shared/styles/detail-page.scss',
  styles: `
    .head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 12px;
      margin: 8px 0 16px;
    }
    h1 {
      font: var(--mat-sys-headline-small);
      margin: 0;
    }
    .meta,
    .hint {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
      margin: 4px 0;
    }
    .stack {
      display: flex;
      flex-direction: column;
      gap: 16px;
    }
    .full {
      width: 100%;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 0 12px;
      align-items: baseline;
    }
    .row .grow {
      flex: 1 1 260px;
    }
    .row .narrow {
      width: 170px;
    }
    .excerpt {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .excerpt li {
      display: flex;
      gap: 10px;
      align-items: baseline;
      padding: 4px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .excerpt .when {
      white-space: nowrap;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .excerpt .what {
      flex: 1;
      overflow-wrap: anywhere;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .conflict {
      padding: 12px;
      border-radius: 8px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .overdue {
      color: var(--mat-sys-error);
      font: var(--mat-sys-label-medium);
    }
  `,
  template: `
    <a mat-button [routerLink]="['/operations/incidents', id()]" data-testid="pm-back">← {{ pm('pm.back') }}</a>
    <div class="head">
      <div>
        <h1>{{ pm('pm.title') }}{{ incidentTitle() ? ': ' + incidentTitle() : '' }}</h1>
        @if (revision() !== null) {
          <p class="meta" data-testid="pm-revision">
            {{ pm('pm.savedRevision', { revision: revision()!, time: time(savedAt()), who: savedBy() || '—' }) }}
          </p>
        } @else if (loaded()) {
          <p class="meta" data-testid="pm-draft-note">{{ pm('pm.fromDraft') }}</p>
        }
      </div>
      <div class="actions">
        <button
          mat-stroked-button
          type="button"
          [disabled]="revision() === null || busy()"
          [title]="revision() === null ? pm('pm.exportNeedsSave') : ''"
          (click)="exportMarkdown()"
          data-testid="pm-export"
        >
          {{ pm('pm.exportMarkdown') }}
        </button>
        @if (canEdit()) {
          <button mat-flat-button type="button" [disabled]="busy() || !loaded()" (click)="save()" data-testid="pm-save">
            {{ pm('pm.save') }}
          </button>
        }
      </div>
    </div>

    @if (conflict()) {
      <p class="conflict" data-testid="pm-conflict">
        {{ pm('pm.conflict') }}
        <button mat-button type="button" (click)="load()">{{ pm('pm.reload') }}</button>
      </p>
    }
    @if (notResolved()) {
      <p class="hint" data-testid="pm-not-resolved">{{ pm('pm.notResolved') }}</p>
    }

    @if (loaded()) {
      <div class="stack">
        <app-panel [heading]="pm('pm.summary')">
          <mat-form-field appearance="outline" class="full">
            <mat-label>{{ pm('pm.summary') }}</mat-label>
            <textarea
              matInput
              rows="5"
              required
              [maxlength]="textMax"
              [readonly]="!canEdit()"
              [(ngModel)]="model.summary"
              data-testid="pm-summary"
            ></textarea>
          </mat-form-field>
          <mat-form-field appearance="outline" class="full">
            <mat-label>{{ pm('pm.impact') }}</mat-label>
            <textarea
              matInput
              rows="3"
              [maxlength]="textMax"
              [readonly]="!canEdit()"
              [(ngModel)]="model.impact"
              data-testid="pm-impact"
            ></textarea>
          </mat-form-field>
          <mat-form-field appearance="outline" class="full">
            <mat-label>{{ pm('pm.rootCause') }}</mat-label>
            <textarea
              matInput
              rows="3"
              [maxlength]="textMax"
              [readonly]="!canEdit()"
              [placeholder]="pm('pm.rootCauseHint')"
              [(ngModel)]="model.root_cause"
              data-testid="pm-root-cause"
            ></textarea>
          </mat-form-field>
        </app-panel>

        <app-panel [heading]="pm('pm.factors')">
          @for (factor of model.factors; track $index) {
            <div class="row" data-testid="pm-factor">
              <mat-form-field appearance="outline" class="grow">
                <mat-label>{{ pm('pm.factor') }}</mat-label>
                <textarea matInput rows="2" maxlength="1000" [readonly]="!canEdit()" [(ngModel)]="factor.text"></textarea>
              </mat-form-field>
              @if (canEdit()) {
                <button mat-button type="button" (click)="model.factors.splice($index, 1)">{{ pm('pm.remove') }}</button>
              }
            </div>
          }
          @if (canEdit()) {
            <button mat-stroked-button type="button" (click)="model.factors.push({ text: '' })" data-testid="pm-add-factor">
              {{ pm('pm.addFactor') }}
            </button>
          }
        </app-panel>

        <app-panel [heading]="pm('pm.followUps')">
          @if (model.followUps.length === 0) {
            <p class="hint">{{ pm('pm.noFollowUps') }}</p>
          }
          @for (f of model.followUps; track $index; let i = $index) {
            <div class="row" data-testid="pm-follow-up" [attr.data-index]="i">
              <mat-form-field appearance="outline" class="grow">
                <mat-label>{{ pm('pm.followUpTitle') }}</mat-label>
                <input
                  matInput
                  required
                  maxlength="200"
                  [readonly]="!canEdit()"
                  [(ngModel)]="f.title"
                  [attr.data-testid]="'fu-title-' + i"
                />
              </mat-form-field>
              <mat-form-field appearance="outline" class="narrow">
                <mat-label>{{ pm('pm.owner') }}</mat-label>
                <input
                  matInput
                  required
                  maxlength="100"
                  [readonly]="!canEdit()"
                  [(ngModel)]="f.owner"
                  [attr.data-testid]="'fu-owner-' + i"
                />
              </mat-form-field>
              <mat-form-field appearance="outline" class="narrow">
                <mat-label>{{ pm('pm.dueDate') }}</mat-label>
                <input matInput type="date" required [readonly]="!canEdit()" [(ngModel)]="f.due_date" [attr.data-testid]="'fu-due-' + i" />
              </mat-form-field>
              <mat-form-field appearance="outline" class="narrow">
                <mat-label>{{ pm('pm.status') }}</mat-label>
                <select matNativeControl [disabled]="!canEdit()" [(ngModel)]="f.status" [attr.data-testid]="'fu-status-' + i">
                  @for (s of statuses; track s) {
                    <option [value]="s">{{ statusLabel(s) }}</option>
                  }
                </select>
              </mat-form-field>
              @if (f.overdue) {
                <span class="overdue">{{ pm('pm.overdue') }}</span>
              }
              @if (canEdit()) {
                <button mat-button type="button" (click)="model.followUps.splice(i, 1)" [attr.data-testid]="'fu-remove-' + i">
                  {{ pm('pm.remove') }}
                </button>
              }
            </div>
          }
          @if (canEdit()) {
            <button mat-stroked-button type="button" (click)="addFollowUp()" data-testid="pm-add-follow-up">
              {{ pm('pm.addFollowUp') }}
            </button>
          }
        </app-panel>

        <app-panel [heading]="pm('pm.timeline')">
          <p class="hint">{{ pm('pm.timelineHint') }}</p>
          @if (model.excerpt.length === 0) {
            <p class="hint">{{ pm('pm.noEntries') }}</p>
          }
          <ul class="excerpt" data-testid="pm-timeline">
            @for (e of model.excerpt; track $index) {
              <li>
                <span class="when">{{ time(e.at) }}</span>
                <code>{{ e.kind }}</code>
                <span class="what">{{ e.message }}{{ e.actor ? ' — ' + e.actor : '' }}</span>
                @if (canEdit()) {
                  <button mat-button type="button" (click)="model.excerpt.splice($index, 1)">{{ pm('pm.remove') }}</button>
                }
              </li>
            }
          </ul>
        </app-panel>

        @if (evidence(); as ev) {
          <app-panel [heading]="pm('pm.evidence')">
            @if (ev.deployment; as d) {
              <p data-testid="pm-evidence-deployment">
                {{ pm('pm.deployment') }}: <a [routerLink]="['/deployments', d.id]">{{ d.title }}</a> ({{ d.version }}, {{ d.status }})
              </p>
            }
            @if (ev.health; as h) {
              <p data-testid="pm-evidence-health">
                {{ pm('pm.health') }}:
                {{
                  pm('pm.healthLine', {
                    checks: h.checks,
                    critical: h.by_status.critical,
                    warning: h.by_status.warning,
                    healthy: h.by_status.healthy,
                  })
                }}
              </p>
            }
          </app-panel>
        }
      </div>
    }
  `,
})
export class PostmortemEditorPage {
  /** From the route (:id): the incident. */
  readonly id = input.required<string>();
  private readonly api = inject(PostmortemsApi);
  private readonly notifier = inject(Notifier);
  private readonly language = inject(Language);
  private readonly auth = inject(Auth);
  protected readonly pm = translator(POSTMORTEMS_MESSAGES);
  protected readonly statuses = FOLLOW_UP_STATUSES;
  protected readonly textMax = LIMITS.textMax;

  protected model: EditModel = emptyModel();
  protected readonly loaded = signal(false);
  protected readonly busy = signal(false);
  protected readonly conflict = signal(false);
  protected readonly notResolved = signal(false);
  protected readonly revision = signal<number | null>(null);
  protected readonly savedAt = signal<string | null>(null);
  protected readonly savedBy = signal<string | null>(null);
  protected readonly incidentTitle = signal('');
  protected readonly evidence = signal<PostmortemEvidence | null>(null);
  protected readonly canEdit = () => this.auth.can('responder');

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.load(id));
    });
    // Someone else saving is shown at once, before this page's save would be refused.
    inject(LiveUpdates).watch(['incident'], (batch) => {
      if (batch.kind === 'changes' && batch.events.some((e) => e.entity_id === this.id() && e.action === 'postmortem_saved')) {
        void this.noticeNewer();
      }
    });
  }

  private async noticeNewer(): Promise<void> {
    // A save of this page's own is in flight: its answer sets the revision.
    if (this.busy()) return;
    try {
      const saved = await this.api.get(this.id());
      const mine = this.revision();
      if (mine === null || saved.revision > mine) this.conflict.set(true);
    } catch {
      /* the interceptor said why */
    }
  }

  protected statusLabel(status: FollowUpStatus): string {
    return this.pm(`pm.followUpStatus.${status}`);
  }

  protected time(iso: string | null): string {
    return formatDateTime(iso, this.language.locale());
  }

  /** The saved postmortem when there is one, else a draft; a draft also says whether one is saved. */
  async load(id = this.id()): Promise<void> {
    this.loaded.set(false);
    this.conflict.set(false);
    this.notResolved.set(false);
    let draft: PostmortemDraft | null = null;
    try {
      draft = await this.api.draft(id);
    } catch (error) {
      if (errorBody(error)?.error !== 'conflict') return;
      // Reopened since: a postmortem saved before can still be read.
      this.notResolved.set(true);
    }
    if (draft && draft.saved_revision === null) return this.fromDraft(draft);
    try {
      this.fromSaved(await this.api.get(id), draft?.evidence ?? null);
    } catch {
      /* the interceptor said why */
    }
  }

  protected addFollowUp(): void {
    const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    this.model.followUps.push({ title: '', owner: '', due_date: due, status: 'open' });
  }

  protected async save(): Promise<void> {
    const m = this.model;
    const revision = this.revision();
    const body: PostmortemSave = {
      summary: m.summary,
      impact: m.impact,
      root_cause: m.root_cause.trim() ? m.root_cause : null,
      contributing_factors: m.factors.map((f) => f.text.trim()).filter(Boolean),
      timeline_excerpt: m.excerpt,
      follow_ups: m.followUps.map((f) => ({
        ...(f.id ? { id: f.id } : {}),
        title: f.title,
        owner: f.owner,
        due_date: f.due_date,
        status: f.status,
      })),
      ...(revision !== null ? { revision } : {}),
    };
    this.busy.set(true);
    try {
      const saved = await this.api.save(this.id(), body);
      this.fromSaved(saved, this.evidence());
      this.notifier.info(this.pm('pm.saved', { revision: saved.revision }));
    } catch (error) {
      if (errorBody(error)?.error === 'revision_conflict') this.conflict.set(true);
    } finally {
      this.busy.set(false);
    }
  }

  protected async exportMarkdown(): Promise<void> {
    this.busy.set(true);
    try {
      const text = await this.api.markdown(this.id());
      const url = URL.createObjectURL(new Blob([text], { type: 'text/markdown' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `postmortem-${this.id()}.md`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      /* the interceptor said why */
    } finally {
      this.busy.set(false);
    }
  }

  private fromDraft(draft: PostmortemDraft): void {
    this.model = {
      summary: draft.summary,
      impact: draft.impact,
      root_cause: draft.root_cause ?? '',
      factors: draft.contributing_factors.map((text) => ({ text })),
      excerpt: draft.timeline_excerpt.map((e) => ({ ...e })),
      followUps: [],
    };
    this.revision.set(null);
    this.evidence.set(draft.evidence);
    this.incidentTitle.set(draft.evidence.incident.title);
    this.loaded.set(true);
  }

  private fromSaved(saved: Postmortem, evidence: PostmortemEvidence | null): void {
    this.model = {
      summary: saved.summary,
      impact: saved.impact,
      root_cause: saved.root_cause ?? '',
      factors: saved.contributing_factors.map((text) => ({ text })),
      excerpt: saved.timeline_excerpt.map((e) => ({ ...e })),
      followUps: saved.follow_ups.map((f) => ({
        id: f.id,
        title: f.title,
        owner: f.owner,
        due_date: f.due_date,
        status: f.status,
        overdue: f.overdue,
      })),
    };
    this.revision.set(saved.revision);
    this.savedAt.set(saved.updated_at);
    this.savedBy.set(saved.updated_by);
    this.evidence.set(evidence);
    if (evidence) this.incidentTitle.set(evidence.incident.title);
    else if (saved.follow_ups[0]) this.incidentTitle.set(saved.follow_ups[0].incident_title);
    this.conflict.set(false);
    this.loaded.set(true);
  }
}
