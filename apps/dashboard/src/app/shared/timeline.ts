import { ChangeDetectionStrategy, Component, type Signal, computed, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { Page, TimelineEntry, TimelineWindow } from '@workflow-mcp/domain';
import { formatDateTime, formatRelative } from '../core/format';
import { Language } from '../core/i18n/language';
import { injectI18n } from '../core/i18n/messages';
import { isPersonNote, timelineText } from './server-text';

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '∅';
  if (Array.isArray(value)) return value.length ? value.join(', ') : '∅';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * A detail page's timeline, with the older entries a person asked for. The detail brings only the
 * newest entries (and a cursor when there are more); `loadOlder` fetches the page before the oldest
 * entry shown and puts it in front. When the detail is read again (a change, live), what was loaded
 * stays: entries are never edited, so the union by id is the timeline.
 */
export class TimelineHistory {
  /** Entries loaded beyond the detail's, for one record, and where the next older page starts (null: none). */
  private readonly loaded = signal<{ id: string; entries: TimelineEntry[]; cursor: string | null } | null>(null);
  readonly loading = signal(false);

  /** `fetchPage`: the page of older entries before `cursor`, at most `limit` of them. */
  constructor(
    private readonly detail: Signal<(TimelineWindow & { id: string }) | null>,
    private readonly fetchPage: (id: string, query: { cursor: string; limit: number }) => Promise<Page<TimelineEntry>>,
    private readonly pageSize = 200,
  ) {}

  private readonly extra = computed(() => {
    const loaded = this.loaded();
    return loaded && loaded.id === this.detail()?.id ? loaded : null;
  });

  /** Oldest first, as the API gives them. */
  readonly entries = computed<TimelineEntry[]>(() => {
    const detail = this.detail();
    if (!detail) return [];
    const extra = this.extra();
    if (!extra) return detail.timeline;
    const newest = new Set(detail.timeline.map((e) => e.id));
    return [...extra.entries.filter((e) => !newest.has(e.id)), ...detail.timeline].sort((a, b) => a.id - b.id);
  });

  private readonly cursor = computed(() => {
    const extra = this.extra();
    return extra ? extra.cursor : (this.detail()?.timeline_next_cursor ?? null);
  });
  readonly hasMore = computed(() => this.cursor() !== null);

  async loadOlder(): Promise<void> {
    const detail = this.detail();
    const cursor = this.cursor();
    if (!detail || cursor === null || this.loading()) return;
    this.loading.set(true);
    try {
      const page = await this.fetchPage(detail.id, { cursor, limit: this.pageSize });
      if (this.detail()?.id !== detail.id) return;
      this.loaded.set({ id: detail.id, entries: [...page.items, ...this.entries()], cursor: page.next_cursor });
    } catch {
      // The interceptor showed the API's message; the button stays for another try.
    } finally {
      this.loading.set(false);
    }
  }
}

/** What happened, newest first: who, through which interface, when, and what changed. */
@Component({
  selector: 'app-timeline',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule],
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
            @if (entry.personNote) {
              <blockquote>{{ entry.message }}</blockquote>
            } @else {
              <div class="message">{{ entry.text }}</div>
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
      @if (history().hasMore()) {
        <button
          mat-stroked-button
          type="button"
          class="older"
          [disabled]="history().loading()"
          (click)="history().loadOlder()"
          data-testid="timeline-older"
        >
          {{ olderLabel() }}
        </button>
      }
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
    .older {
      margin-top: 4px;
    }
  `,
})
export class Timeline {
  /** The record's timeline, with the older entries asked for so far. */
  readonly history = input.required<TimelineHistory>();
  /** The "older entries" button's words, from the page's messages. */
  readonly olderLabel = input('');
  private readonly language = inject(Language);
  private readonly i18n = injectI18n();
  protected readonly t = this.i18n.t;
  protected readonly label = this.i18n.label;

  protected readonly entries = computed(() =>
    [...this.history().entries()].reverse().map((entry) => ({
      ...entry,
      // What the service wrote, in the reader's language; a person's note stays as written.
      text: timelineText(entry, this.language.current()),
      personNote: isPersonNote(entry),
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
