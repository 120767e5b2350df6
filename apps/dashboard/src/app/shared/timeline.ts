import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import type { TimelineEntry } from '@workflow-mcp/domain';
import { formatDateTime, formatRelative } from '../core/format';
import { Language } from '../core/i18n/language';
import { injectI18n } from '../core/i18n/messages';

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '∅';
  if (Array.isArray(value)) return value.length ? value.join(', ') : '∅';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** What happened, newest first: who, through which interface, when, and what changed. */
@Component({
  selector: 'app-timeline',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (entries().length === 0) {
      <p class="empty">{{ t('common.noTimeline') }}</p>
    } @else {
      <ol class="timeline" data-testid="timeline">
        @for (entry of entries(); track entry.id) {
          <li [attr.data-kind]="entry.kind">
            <div class="head">
              <span class="kind">{{ label('kind', entry.kind) }}</span>
              <time [attr.datetime]="entry.created_at" [attr.title]="absolute(entry.created_at)">{{ relative(entry.created_at) }}</time>
              <span class="who"
                >{{ label('source', entry.source) }}
                @if (entry.actor) {
                  · {{ entry.actor }}
                }
              </span>
            </div>
            @if (entry.kind === 'note') {
              <blockquote>{{ entry.message }}</blockquote>
            } @else {
              <div class="message">{{ entry.message }}</div>
            }
            @if (entry.diffs.length) {
              <ul class="diffs">
                @for (diff of entry.diffs; track diff.field) {
                  <li>
                    <code>{{ diff.field }}</code>: <span class="from">{{ diff.from }}</span> → <span class="to">{{ diff.to }}</span>
                  </li>
                }
              </ul>
            }
          </li>
        }
      </ol>
    }
  `,
  styles: `
    .timeline {
      list-style: none;
      margin: 0;
      padding: 0 0 0 12px;
      border-left: 2px solid var(--mat-sys-outline-variant);
    }
    .timeline > li {
      position: relative;
      padding: 0 0 14px 14px;
    }
    .timeline > li::before {
      content: '';
      position: absolute;
      left: -19px;
      top: 5px;
      width: 10px;
      height: 10px;
      border-radius: 50%;
      background: var(--mat-sys-primary);
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 10px;
      align-items: baseline;
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .kind {
      font-weight: 600;
      color: var(--mat-sys-on-surface);
    }
    .message {
      margin-top: 2px;
      overflow-wrap: anywhere;
    }
    blockquote {
      margin: 4px 0 0;
      padding: 6px 10px;
      background: var(--mat-sys-surface-container);
      border-radius: 6px;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .diffs {
      margin: 4px 0 0;
      padding-left: 18px;
      font: var(--mat-sys-body-small);
      overflow-wrap: anywhere;
    }
    .from {
      color: var(--mat-sys-on-surface-variant);
      text-decoration: line-through;
    }
    .empty {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class Timeline {
  readonly timeline = input.required<TimelineEntry[]>();
  private readonly language = inject(Language);
  private readonly i18n = injectI18n();
  protected readonly t = this.i18n.t;
  protected readonly label = this.i18n.label;

  protected readonly entries = computed(() =>
    [...this.timeline()].reverse().map((entry) => ({
      ...entry,
      diffs: Object.entries(entry.changes ?? {}).map(([field, change]) => ({ field, from: show(change?.from), to: show(change?.to) })),
    })),
  );

  protected relative(iso: string): string {
    return formatRelative(iso, this.language.locale());
  }
  protected absolute(iso: string): string {
    return formatDateTime(iso, this.language.locale());
  }
}
