import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { type LabelGroup, injectI18n } from '../core/i18n/messages';

type Tone = 'danger' | 'warn' | 'caution' | 'ok' | 'info' | 'muted' | 'neutral';

const TONES: Record<string, Tone> = {
  critical: 'danger',
  high: 'warn',
  medium: 'caution',
  low: 'info',
  open: 'danger',
  investigating: 'warn',
  identified: 'caution',
  monitoring: 'info',
  resolved: 'ok',
  active: 'ok',
  inactive: 'muted',
  maintenance: 'caution',
  planned: 'neutral',
  in_progress: 'info',
  completed: 'ok',
  failed: 'danger',
  rolled_back: 'warn',
  healthy: 'ok',
  warning: 'caution',
  unknown: 'muted',
};

/** A coloured label for a severity, status or health value; the text says it, the colour helps. */
@Component({
  selector: 'app-status-pill',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="pill" [attr.data-tone]="tone()" [attr.data-value]="value()">{{ text() }}</span>`,
  styles: `
    .pill {
      display: inline-block;
      padding: 2px 10px;
      border-radius: 12px;
      white-space: nowrap;
      font: var(--mat-sys-label-medium);
      border: 1px solid transparent;
    }
    [data-tone='danger'] {
      background: #fde7e9;
      color: #a1121e;
      border-color: #f5b5bb;
    }
    [data-tone='warn'] {
      background: #fff0e0;
      color: #9a4100;
      border-color: #f7c99a;
    }
    [data-tone='caution'] {
      background: #fff8d6;
      color: #6d5200;
      border-color: #eddc8c;
    }
    [data-tone='info'] {
      background: #e3f0ff;
      color: #0b4f9c;
      border-color: #a9cbf5;
    }
    [data-tone='ok'] {
      background: #e4f5e8;
      color: #1b5e20;
      border-color: #a8d8b2;
    }
    [data-tone='muted'] {
      background: #eef0f3;
      color: #4a5260;
      border-color: #d3d7de;
    }
    [data-tone='neutral'] {
      background: #ece9f7;
      color: #3f3470;
      border-color: #cbc4ea;
    }
  `,
})
export class StatusPill {
  readonly group = input.required<LabelGroup>();
  readonly value = input.required<string>();
  private readonly i18n = injectI18n();
  protected readonly tone = computed<Tone>(() =>
    this.group() === 'health' && this.value() === 'critical' ? 'danger' : (TONES[this.value()] ?? 'neutral'),
  );
  protected readonly text = computed(() => this.i18n.label(this.group(), this.value()));
}
