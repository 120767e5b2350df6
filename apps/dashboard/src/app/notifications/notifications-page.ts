import { ChangeDetectionStrategy, Component, DestroyRef, type OnInit, computed, inject, signal } from '@angular/core';
import { FormsModule, type NgForm } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import {
  CHANNEL_KINDS,
  MAINTENANCE_WINDOW_KINDS,
  NOTIFICATION_EVENTS,
  NOTIFICATION_LANGUAGES,
  SEVERITIES,
  SMTP_SECURITY,
  WEEKDAYS,
  type Channel,
  type ChannelCreate,
  type ChannelKind,
  type Delivery,
  type Environment,
  type MaintenanceWindow,
  type MaintenanceWindowKind,
  type NotificationEvent,
  type NotificationLanguage,
  type Rule,
  type Severity,
  type SmtpSecurity,
  type Weekday,
} from '@workflow-mcp/domain';
import { ApiClient } from '../core/api-client';
import { Auth } from '../core/auth';
import { formatDateTime } from '../core/format';
import { Language } from '../core/i18n/language';
import { type MessageKey, injectI18n } from '../core/i18n/messages';
import { Notifier } from '../core/notifier';
import { askAction } from '../shared/action-dialog';
import { PageHead } from '../shared/page-head';
import { Panel } from '../shared/panel';
import { NotificationsApi } from './notifications-api';

const PENDING_REFRESH_MS = 3_000;

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** /notifications: channels (with "send test"), rules, maintenance windows and the delivery log. */
@Component({
  selector: 'app-notifications-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatInputModule, PageHead, Panel],
  providers: [NotificationsApi],
  styleUrl: '../shared/styles/list-page.scss',
  styles: `
    app-panel {
      margin-bottom: 16px;
    }
    form {
      display: flex;
      flex-wrap: wrap;
      gap: 0 12px;
      align-items: baseline;
      margin-top: 12px;
    }
    form mat-form-field {
      width: 190px;
    }
    form mat-form-field.wide {
      width: 320px;
    }
    .checks {
      display: flex;
      flex-wrap: wrap;
      gap: 0 8px;
      width: 100%;
    }
    .secret {
      margin: 12px 0;
      padding: 12px;
      border-radius: 8px;
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    .secret code {
      display: block;
      margin: 8px 0;
      overflow-wrap: anywhere;
      font-size: 0.95em;
    }
    .actions {
      text-align: right;
      white-space: nowrap;
    }
    .danger {
      --mat-button-text-label-text-color: var(--mat-sys-error);
    }
    tbody tr {
      cursor: default;
    }
    .pill {
      padding: 1px 8px;
      border-radius: 10px;
      font: var(--mat-sys-label-medium);
      background: var(--mat-sys-surface-container-high);
    }
    .pill.delivered {
      background: color-mix(in srgb, #2e7d32 20%, transparent);
    }
    .pill.dead {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .pill.active {
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    .error-text {
      max-width: 360px;
      overflow-wrap: anywhere;
      color: var(--mat-sys-on-surface-variant);
    }
    tr.attempts td {
      background: var(--mat-sys-surface-container-lowest);
    }
    tr.attempts ol {
      margin: 0;
      padding-left: 20px;
    }
    .toolbar {
      display: flex;
      gap: 12px;
      align-items: baseline;
    }
  `,
  template: `
    <app-page-head [heading]="t('ntf.title')" [subtitle]="t('ntf.subtitle')" />

    <app-panel [heading]="t('ntf.channels')">
      @if (secret(); as shown) {
        <div class="secret" role="status" data-testid="channel-secret">
          {{ t('ntf.secretOnce', { name: shown.name }) }}
          <code>{{ shown.secret }}</code>
          <button mat-button type="button" (click)="secret.set(null)">{{ t('ntf.secretDone') }}</button>
        </div>
      }
      @if (channels().length === 0) {
        <p class="muted">{{ t('ntf.noChannels') }}</p>
      } @else {
        <div class="table-wrap">
          <table data-testid="channel-table">
            <thead>
              <tr>
                <th>{{ t('ntf.name') }}</th>
                <th>{{ t('ntf.kind') }}</th>
                <th class="opt">{{ t('ntf.language') }}</th>
                <th>{{ t('ntf.target') }}</th>
                <th class="opt">{{ t('ntf.secret') }}</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              @for (channel of channels(); track channel.id) {
                <tr [attr.data-channel]="channel.name">
                  <td>
                    {{ channel.name }}
                    @if (!channel.enabled) {
                      <span class="pill">{{ t('ntf.disabled') }}</span>
                    }
                  </td>
                  <td>{{ kindLabel(channel.kind) }}</td>
                  <td class="opt">{{ channel.language }}</td>
                  <td>{{ channel.target }}</td>
                  <td class="opt">{{ channel.secret_hint ?? '—' }}</td>
                  <td class="actions">
                    @if (auth.can('responder')) {
                      <button
                        mat-button
                        type="button"
                        (click)="sendTest(channel)"
                        [disabled]="testing() === channel.id"
                        data-testid="channel-test"
                      >
                        {{ t('ntf.sendTest') }}
                      </button>
                    }
                    @if (auth.can('admin')) {
                      @if (channel.kind === 'webhook') {
                        <button mat-button type="button" (click)="rotate(channel)" data-testid="channel-rotate">
                          {{ t('ntf.rotate') }}
                        </button>
                      }
                      <button mat-button type="button" class="danger" (click)="removeChannel(channel)" data-testid="channel-delete">
                        {{ t('common.delete') }}
                      </button>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
      @if (auth.can('admin')) {
        <form #channelForm="ngForm" (ngSubmit)="addChannel(channelForm)" data-testid="channel-form">
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>{{ t('ntf.name') }}</mat-label>
            <input matInput name="name" [(ngModel)]="channelDraft.name" required maxlength="100" data-testid="channel-name" />
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>{{ t('ntf.kind') }}</mat-label>
            <select matNativeControl name="kind" [(ngModel)]="channelDraft.kind" data-testid="channel-kind">
              @for (kind of kinds; track kind) {
                <option [ngValue]="kind">{{ kindLabel(kind) }}</option>
              }
            </select>
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>{{ t('ntf.language') }}</mat-label>
            <select matNativeControl name="language" [(ngModel)]="channelDraft.language" data-testid="channel-language">
              @for (lang of languages; track lang) {
                <option [ngValue]="lang">{{ lang === 'ko' ? '한국어' : 'English' }}</option>
              }
            </select>
          </mat-form-field>
          @if (channelDraft.kind === 'email') {
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ t('ntf.smtpHost') }}</mat-label>
              <input matInput name="smtp_host" [(ngModel)]="channelDraft.smtp_host" required data-testid="channel-smtp-host" />
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ t('ntf.smtpPort') }}</mat-label>
              <input
                matInput
                type="number"
                name="smtp_port"
                [(ngModel)]="channelDraft.smtp_port"
                required
                data-testid="channel-smtp-port"
              />
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ t('ntf.security') }}</mat-label>
              <select matNativeControl name="security" [(ngModel)]="channelDraft.security">
                @for (s of securities; track s) {
                  <option [ngValue]="s">{{ s }}</option>
                }
              </select>
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ t('ntf.username') }}</mat-label>
              <input matInput name="username" [(ngModel)]="channelDraft.username" autocomplete="off" />
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ t('ntf.password') }}</mat-label>
              <input matInput type="password" name="password" [(ngModel)]="channelDraft.password" autocomplete="new-password" />
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ t('ntf.from') }}</mat-label>
              <input matInput type="email" name="from" [(ngModel)]="channelDraft.from" required data-testid="channel-from" />
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wide">
              <mat-label>{{ t('ntf.to') }}</mat-label>
              <input matInput name="to" [(ngModel)]="channelDraft.to" required data-testid="channel-to" />
            </mat-form-field>
          } @else {
            <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wide">
              <mat-label>{{ t('ntf.url') }}</mat-label>
              <input matInput type="url" name="url" [(ngModel)]="channelDraft.url" required data-testid="channel-url" />
              <mat-hint>{{ t('ntf.urlHint') }}</mat-hint>
            </mat-form-field>
          }
          <button mat-flat-button type="submit" data-testid="channel-submit">{{ t('ntf.addChannel') }}</button>
        </form>
      }
    </app-panel>

    <app-panel [heading]="t('ntf.rules')">
      @if (rules().length === 0) {
        <p class="muted">{{ t('ntf.noRules') }}</p>
      } @else {
        <div class="table-wrap">
          <table data-testid="rule-table">
            <thead>
              <tr>
                <th>{{ t('ntf.channel') }}</th>
                <th>{{ t('ntf.events') }}</th>
                <th class="opt">{{ t('ntf.minSeverity') }}</th>
                <th class="opt">{{ t('ntf.environments') }}</th>
                <th class="opt">{{ t('ntf.tags') }}</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              @for (rule of rules(); track rule.id) {
                <tr>
                  <td>{{ channelName(rule.channel_id) }}</td>
                  <td>{{ eventsText(rule.events) }}</td>
                  <td class="opt">{{ rule.min_severity ? label('severity', rule.min_severity) : t('ntf.anySeverity') }}</td>
                  <td class="opt">{{ environmentsText(rule.environment_ids) }}</td>
                  <td class="opt">{{ rule.tags.length ? rule.tags.join(', ') : t('ntf.anyTag') }}</td>
                  <td class="actions">
                    @if (auth.can('admin')) {
                      <button mat-button type="button" class="danger" (click)="removeRule(rule)">{{ t('common.delete') }}</button>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
      @if (channels().length > 0) {
        @if (auth.can('admin')) {
          <form #ruleForm="ngForm" (ngSubmit)="addRule(ruleForm)" data-testid="rule-form">
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ t('ntf.channel') }}</mat-label>
              <select matNativeControl name="channel" [(ngModel)]="ruleDraft.channel_id" required data-testid="rule-channel">
                @for (channel of channels(); track channel.id) {
                  <option [ngValue]="channel.id">{{ channel.name }}</option>
                }
              </select>
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ t('ntf.minSeverity') }}</mat-label>
              <select matNativeControl name="severity" [(ngModel)]="ruleDraft.min_severity">
                <option [ngValue]="null">{{ t('ntf.anySeverity') }}</option>
                @for (s of severities; track s) {
                  <option [ngValue]="s">{{ label('severity', s) }}</option>
                }
              </select>
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ t('ntf.environments') }}</mat-label>
              <select matNativeControl name="environment" [(ngModel)]="ruleDraft.environment">
                <option [ngValue]="null">{{ t('ntf.allEnvironments') }}</option>
                @for (env of environments(); track env.id) {
                  <option [ngValue]="env.id">{{ env.name }}</option>
                }
              </select>
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wide">
              <mat-label>{{ t('ntf.tags') }}</mat-label>
              <input matInput name="tags" [(ngModel)]="ruleDraft.tags" />
            </mat-form-field>
            <div class="checks" role="group" [attr.aria-label]="t('ntf.events')">
              @for (event of events; track event) {
                <mat-checkbox
                  [checked]="ruleDraft.events.has(event)"
                  (change)="toggleEvent(event, $event.checked)"
                  [attr.data-event]="event"
                >
                  {{ eventLabel(event) }}
                </mat-checkbox>
              }
            </div>
            <button mat-flat-button type="submit" data-testid="rule-submit">{{ t('ntf.addRule') }}</button>
          </form>
        }
      }
    </app-panel>

    <app-panel [heading]="t('ntf.windows')">
      @if (windows().length === 0) {
        <p class="muted">{{ t('ntf.noWindows') }}</p>
      } @else {
        <div class="table-wrap">
          <table data-testid="window-table">
            <thead>
              <tr>
                <th>{{ t('ntf.environment') }}</th>
                <th>{{ t('ntf.schedule') }}</th>
                <th class="opt">{{ t('ntf.reason') }}</th>
                <th>{{ t('ntf.status') }}</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              @for (w of windows(); track w.id) {
                <tr>
                  <td>{{ environmentName(w.environment_id) }}</td>
                  <td>{{ scheduleText(w) }}</td>
                  <td class="opt">{{ w.reason || '—' }}</td>
                  <td>
                    @if (w.active) {
                      <span class="pill active" data-testid="window-active">{{ t('ntf.activeNow', { time: date(w.active_until) }) }}</span>
                    } @else if (w.active_until) {
                      {{ t('ntf.nextEnds', { time: date(w.active_until) }) }}
                    } @else {
                      —
                    }
                  </td>
                  <td class="actions">
                    @if (auth.can('admin')) {
                      <button mat-button type="button" class="danger" (click)="removeWindow(w)">{{ t('common.delete') }}</button>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
      @if (auth.can('admin')) {
        <form #windowForm="ngForm" (ngSubmit)="addWindow(windowForm)" data-testid="window-form">
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>{{ t('ntf.environment') }}</mat-label>
            <select matNativeControl name="w-env" [(ngModel)]="windowDraft.environment_id" required>
              @for (env of environments(); track env.id) {
                <option [ngValue]="env.id">{{ env.name }}</option>
              }
            </select>
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>{{ t('ntf.windowKind') }}</mat-label>
            <select matNativeControl name="w-kind" [(ngModel)]="windowDraft.kind">
              @for (k of windowKinds; track k) {
                <option [ngValue]="k">{{ k === 'once' ? t('ntf.once') : t('ntf.weekly') }}</option>
              }
            </select>
          </mat-form-field>
          @if (windowDraft.kind === 'once') {
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ t('ntf.startsAt') }}</mat-label>
              <input matInput type="datetime-local" name="w-start" [(ngModel)]="windowDraft.starts_at" required />
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ t('ntf.endsAt') }}</mat-label>
              <input matInput type="datetime-local" name="w-end" [(ngModel)]="windowDraft.ends_at" required />
            </mat-form-field>
          } @else {
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ t('ntf.startTime') }}</mat-label>
              <input matInput name="w-time" [(ngModel)]="windowDraft.start_time" required pattern="[0-2][0-9]:[0-5][0-9]" />
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ t('ntf.duration') }}</mat-label>
              <input matInput type="number" name="w-duration" [(ngModel)]="windowDraft.duration_minutes" required min="1" />
            </mat-form-field>
            <div class="checks" role="group" [attr.aria-label]="t('ntf.days')">
              @for (day of weekdays; track day) {
                <mat-checkbox [checked]="windowDraft.days.has(day)" (change)="toggleDay(day, $event.checked)">{{ day }}</mat-checkbox>
              }
            </div>
          }
          <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wide">
            <mat-label>{{ t('ntf.reason') }}</mat-label>
            <input matInput name="w-reason" [(ngModel)]="windowDraft.reason" maxlength="500" />
          </mat-form-field>
          <button mat-flat-button type="submit" data-testid="window-submit">{{ t('ntf.addWindow') }}</button>
        </form>
      }
    </app-panel>

    <app-panel [heading]="t('ntf.deliveries')">
      <div class="toolbar">
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ t('ntf.channel') }}</mat-label>
          <select matNativeControl [ngModel]="deliveryChannel()" (ngModelChange)="filterDeliveries($event)" data-testid="delivery-channel">
            <option [ngValue]="null">{{ t('ntf.allChannels') }}</option>
            @for (channel of channels(); track channel.id) {
              <option [ngValue]="channel.id">{{ channel.name }}</option>
            }
          </select>
        </mat-form-field>
        <button mat-button type="button" (click)="loadDeliveries()" data-testid="delivery-refresh">{{ t('ntf.refresh') }}</button>
      </div>
      @if (deliveries().length === 0) {
        <p class="muted">{{ t('ntf.noDeliveries') }}</p>
      } @else {
        <div class="table-wrap">
          <table data-testid="delivery-table">
            <thead>
              <tr>
                <th>{{ t('ntf.created') }}</th>
                <th>{{ t('ntf.channel') }}</th>
                <th>{{ t('ntf.event') }}</th>
                <th>{{ t('ntf.status') }}</th>
                <th>{{ t('ntf.attempts') }}</th>
                <th class="opt">{{ t('ntf.code') }}</th>
                <th class="opt">{{ t('ntf.latency') }}</th>
                <th>{{ t('ntf.error') }}</th>
              </tr>
            </thead>
            <tbody>
              @for (d of deliveries(); track d.id) {
                <tr [attr.data-delivery]="d.id">
                  <td>{{ date(d.created_at) }}</td>
                  <td>{{ channelName(d.channel_id) }}</td>
                  <td [title]="d.summary">{{ eventLabel(d.event_type) }}</td>
                  <td>
                    <span
                      class="pill"
                      [class.delivered]="d.status === 'delivered'"
                      [class.dead]="d.status === 'dead'"
                      data-testid="delivery-status"
                    >
                      {{ t(deliveryKey(d.status)) }}
                    </span>
                  </td>
                  <td>
                    @if (d.attempts > 0) {
                      <button
                        mat-button
                        type="button"
                        (click)="toggleAttempts(d.id)"
                        [attr.aria-expanded]="expanded() === d.id"
                        data-testid="delivery-attempts"
                      >
                        {{ d.attempts }}
                      </button>
                    } @else {
                      0
                    }
                  </td>
                  <td class="opt">{{ d.last_status_code ?? '—' }}</td>
                  <td class="opt">{{ d.latency_ms === null ? '—' : d.latency_ms + ' ms' }}</td>
                  <td class="error-text">{{ d.error ?? '' }}</td>
                </tr>
                @if (expanded() === d.id) {
                  <tr class="attempts" data-testid="delivery-attempt-log">
                    <td colspan="8">
                      <ol>
                        @for (a of d.attempt_log; track a.attempt) {
                          <li>
                            {{ date(a.at) }} · {{ a.status_code ?? '—' }} · {{ a.latency_ms }} ms
                            @if (a.error) {
                              · <span class="error-text">{{ a.error }}</span>
                            }
                          </li>
                        }
                      </ol>
                      @if (d.next_attempt_at) {
                        <p class="muted">{{ t('ntf.nextAttempt', { time: date(d.next_attempt_at) }) }}</p>
                      }
                    </td>
                  </tr>
                }
              }
            </tbody>
          </table>
        </div>
      }
    </app-panel>
  `,
})
export class NotificationsPage implements OnInit {
  protected readonly auth = inject(Auth);
  private readonly api = inject(NotificationsApi);
  private readonly core = inject(ApiClient);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly language = inject(Language);
  private readonly destroyRef = inject(DestroyRef);
  private readonly i18n = injectI18n();
  protected readonly t = this.i18n.t;
  protected readonly label = this.i18n.label;

  protected readonly kinds = CHANNEL_KINDS;
  protected readonly languages = NOTIFICATION_LANGUAGES;
  protected readonly securities = SMTP_SECURITY;
  protected readonly events = NOTIFICATION_EVENTS;
  protected readonly severities = SEVERITIES;
  protected readonly windowKinds = MAINTENANCE_WINDOW_KINDS;
  protected readonly weekdays = WEEKDAYS;

  protected readonly channels = signal<Channel[]>([]);
  protected readonly rules = signal<Rule[]>([]);
  protected readonly windows = signal<MaintenanceWindow[]>([]);
  protected readonly deliveries = signal<Delivery[]>([]);
  protected readonly environments = signal<Environment[]>([]);
  protected readonly deliveryChannel = signal<string | null>(null);
  protected readonly testing = signal<string | null>(null);
  /** The delivery whose attempts are shown. */
  protected readonly expanded = signal<string | null>(null);
  protected readonly secret = signal<{ name: string; secret: string } | null>(null);
  private readonly channelNames = computed(() => new Map(this.channels().map((c) => [c.id, c.name])));
  private readonly environmentNames = computed(() => new Map(this.environments().map((e) => [e.id, e.name])));

  protected channelDraft = this.emptyChannel();
  protected ruleDraft = this.emptyRule();
  protected windowDraft = this.emptyWindow();

  ngOnInit(): void {
    void this.loadAll();
    // Deliveries change without anyone editing anything (retries, receivers answering): while some
    // are still pending, the log is read again every few seconds.
    const timer = setInterval(() => {
      if (this.deliveries().some((d) => d.status === 'pending')) void this.loadDeliveries();
    }, PENDING_REFRESH_MS);
    this.destroyRef.onDestroy(() => clearInterval(timer));
  }

  private async loadAll(): Promise<void> {
    try {
      const [channels, rules, windows, environments] = await Promise.all([
        this.api.listChannels(),
        this.api.listRules(),
        this.api.listWindows(),
        this.core.listEnvironments(),
      ]);
      this.channels.set(channels.items);
      this.rules.set(rules.items);
      this.windows.set(windows.items);
      this.environments.set(environments.items);
      await this.loadDeliveries();
    } catch {
      /* the interceptor showed the API's message */
    }
  }

  protected async loadDeliveries(): Promise<void> {
    try {
      const page = await this.api.listDeliveries({ channel_id: this.deliveryChannel() ?? undefined });
      this.deliveries.set(page.items);
    } catch {
      /* shown by the interceptor */
    }
  }

  protected filterDeliveries(channelId: string | null): void {
    this.deliveryChannel.set(channelId);
    void this.loadDeliveries();
  }

  protected async addChannel(form: NgForm): Promise<void> {
    if (form.invalid) return;
    const d = this.channelDraft;
    const input: ChannelCreate = { name: d.name.trim(), kind: d.kind, language: d.language };
    if (d.kind === 'email') {
      input.email = {
        smtp_host: d.smtp_host.trim(),
        smtp_port: Number(d.smtp_port),
        security: d.security,
        ...(d.username.trim() ? { username: d.username.trim() } : {}),
        ...(d.password ? { password: d.password } : {}),
        from: d.from.trim(),
        to: list(d.to),
      };
    } else {
      input.url = d.url.trim();
    }
    try {
      const created = await this.api.createChannel(input);
      this.channels.update((all) => [...all, created.channel].sort((a, b) => a.name.localeCompare(b.name)));
      if (created.signing_secret) this.secret.set({ name: created.channel.name, secret: created.signing_secret });
      this.channelDraft = this.emptyChannel();
      // A fresh form: no "required" marks on the fields just emptied.
      form.resetForm(this.channelDraft);
      if (!this.ruleDraft.channel_id) this.ruleDraft.channel_id = created.channel.id;
    } catch {
      /* the interceptor showed what to fix */
    }
  }

  protected async sendTest(channel: Channel): Promise<void> {
    this.testing.set(channel.id);
    try {
      const delivery = await this.api.sendTest(channel.id);
      if (delivery.status === 'delivered') this.notifier.info(this.t('ntf.testDelivered', { ms: delivery.latency_ms ?? 0 }));
      else if (delivery.attempts === 0) this.notifier.info(this.t('ntf.testQueued'));
      else this.notifier.info(this.t('ntf.testFailed', { error: delivery.error ?? String(delivery.last_status_code) }));
      await this.loadDeliveries();
    } catch {
      /* shown by the interceptor */
    } finally {
      this.testing.set(null);
    }
  }

  protected async rotate(channel: Channel): Promise<void> {
    try {
      const rotated = await this.api.rotateSecret(channel.id);
      this.channels.update((all) => all.map((c) => (c.id === channel.id ? rotated.channel : c)));
      if (rotated.signing_secret) this.secret.set({ name: channel.name, secret: rotated.signing_secret });
    } catch {
      /* shown by the interceptor */
    }
  }

  protected async removeChannel(channel: Channel): Promise<void> {
    if (!(await this.confirm(channel.name))) return;
    try {
      await this.api.deleteChannel(channel.id);
      this.channels.update((all) => all.filter((c) => c.id !== channel.id));
      this.rules.update((all) => all.filter((r) => r.channel_id !== channel.id));
      await this.loadDeliveries();
    } catch {
      /* shown by the interceptor */
    }
  }

  protected toggleEvent(event: NotificationEvent, on: boolean): void {
    if (on) this.ruleDraft.events.add(event);
    else this.ruleDraft.events.delete(event);
  }

  protected async addRule(form: NgForm): Promise<void> {
    if (form.invalid) return;
    const d = this.ruleDraft;
    try {
      const rule = await this.api.createRule({
        channel_id: d.channel_id,
        events: [...d.events],
        min_severity: d.min_severity,
        environments: d.environment ? [d.environment] : [],
        tags: list(d.tags),
      });
      this.rules.update((all) => [...all, rule]);
      this.ruleDraft = { ...this.emptyRule(), channel_id: d.channel_id };
      form.resetForm({ channel: d.channel_id, severity: null, environment: null, tags: '' });
    } catch {
      /* shown by the interceptor */
    }
  }

  protected async removeRule(rule: Rule): Promise<void> {
    if (!(await this.confirm(this.eventsText(rule.events)))) return;
    try {
      await this.api.deleteRule(rule.id);
      this.rules.update((all) => all.filter((r) => r.id !== rule.id));
    } catch {
      /* shown by the interceptor */
    }
  }

  protected toggleDay(day: Weekday, on: boolean): void {
    if (on) this.windowDraft.days.add(day);
    else this.windowDraft.days.delete(day);
  }

  protected async addWindow(form: NgForm): Promise<void> {
    if (form.invalid) return;
    const d = this.windowDraft;
    const toIso = (local: string) => (local ? new Date(local).toISOString() : undefined);
    try {
      const window = await this.api.createWindow({
        environment_id: d.environment_id,
        kind: d.kind,
        ...(d.reason.trim() ? { reason: d.reason.trim() } : {}),
        ...(d.kind === 'once'
          ? { starts_at: toIso(d.starts_at), ends_at: toIso(d.ends_at) }
          : { days: WEEKDAYS.filter((day) => d.days.has(day)), start_time: d.start_time, duration_minutes: Number(d.duration_minutes) }),
      });
      this.windows.update((all) => [...all, window]);
      this.windowDraft = this.emptyWindow();
      const w = this.windowDraft;
      form.resetForm({ 'w-kind': w.kind, 'w-time': w.start_time, 'w-duration': w.duration_minutes, 'w-reason': '' });
    } catch {
      /* shown by the interceptor */
    }
  }

  protected async removeWindow(window: MaintenanceWindow): Promise<void> {
    if (!(await this.confirm(this.scheduleText(window)))) return;
    try {
      await this.api.deleteWindow(window.id);
      this.windows.update((all) => all.filter((w) => w.id !== window.id));
    } catch {
      /* shown by the interceptor */
    }
  }

  protected toggleAttempts(id: string): void {
    this.expanded.update((current) => (current === id ? null : id));
  }

  protected kindLabel(kind: ChannelKind): string {
    return this.t(`ntf.kind.${kind}` as MessageKey);
  }
  protected eventLabel(event: string): string {
    return this.t(`ntf.event.${event}` as MessageKey);
  }
  protected deliveryKey(status: string): MessageKey {
    return `ntf.delivery.${status}` as MessageKey;
  }
  protected eventsText(events: readonly string[]): string {
    return events.map((e) => this.eventLabel(e)).join(', ');
  }
  protected channelName(id: string): string {
    return this.channelNames().get(id) ?? id;
  }
  protected environmentName(id: string): string {
    return this.environmentNames().get(id) ?? id;
  }
  protected environmentsText(ids: string[]): string {
    return ids.length ? ids.map((id) => this.environmentName(id)).join(', ') : this.t('ntf.allEnvironments');
  }
  protected scheduleText(w: MaintenanceWindow): string {
    if (w.kind === 'once') return `${this.date(w.starts_at)} – ${this.date(w.ends_at)}`;
    return this.t('ntf.weeklyAt', { days: w.days.join(', '), time: w.start_time ?? '', minutes: w.duration_minutes ?? 0 });
  }
  protected date(iso: string | null): string {
    return formatDateTime(iso, this.language.locale());
  }

  private async confirm(name: string): Promise<boolean> {
    const answer = await askAction(this.dialog, {
      title: this.t('ntf.deleteConfirm', { name }),
      confirm: this.t('common.delete'),
      destructive: true,
    });
    return answer !== null;
  }

  private emptyChannel() {
    return {
      name: '',
      kind: 'webhook' as ChannelKind,
      language: 'en' as NotificationLanguage,
      url: '',
      smtp_host: '',
      smtp_port: 587,
      security: 'starttls' as SmtpSecurity,
      username: '',
      password: '',
      from: '',
      to: '',
    };
  }

  private emptyRule() {
    return {
      channel_id: this.channels()[0]?.id ?? '',
      events: new Set<NotificationEvent>(['incident.opened', 'incident.resolved']),
      min_severity: null as Severity | null,
      environment: null as string | null,
      tags: '',
    };
  }

  private emptyWindow() {
    return {
      environment_id: '',
      kind: 'once' as MaintenanceWindowKind,
      starts_at: '',
      ends_at: '',
      days: new Set<Weekday>(),
      start_time: '02:00',
      duration_minutes: 60,
      reason: '',
    };
  }
}
