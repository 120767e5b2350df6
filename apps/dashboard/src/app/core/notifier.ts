import { HttpErrorResponse } from '@angular/common/http';
import { Injectable, Injector, inject } from '@angular/core';
import { errorBody, isUnreachable } from './api-error';
import { injectI18n } from './i18n/messages';

const REPEAT_WINDOW_MS = 4_000;

/**
 * Shows messages in a snackbar. Material's snackbar is loaded on the first message, not with the
 * app, to keep the initial bundle small. The same message twice in a row is shown once.
 */
@Injectable({ providedIn: 'root' })
export class Notifier {
  private readonly injector = inject(Injector);
  private readonly t = injectI18n().t;
  private last: { text: string; at: number } | null = null;

  /** The API's own message for a failed call (what it says to fix), or what went wrong on the way. */
  messageFor(error: unknown): string {
    const body = errorBody(error);
    if (body) return body.message;
    if (isUnreachable(error)) return this.t('error.unreachable');
    if (error instanceof HttpErrorResponse) return this.t('error.unknown', { status: error.status });
    return error instanceof Error ? error.message : String(error);
  }

  error(error: unknown): void {
    void this.show(this.messageFor(error), 'error');
  }

  info(text: string): void {
    void this.show(text, 'info');
  }

  private async show(text: string, kind: 'error' | 'info'): Promise<void> {
    const now = Date.now();
    if (this.last && this.last.text === text && now - this.last.at < REPEAT_WINDOW_MS) return;
    this.last = { text, at: now };
    try {
      const { MatSnackBar } = await import('@angular/material/snack-bar');
      this.injector.get(MatSnackBar).open(text, this.t('snackbar.close'), {
        duration: kind === 'error' ? 10_000 : 3_000,
        panelClass: kind === 'error' ? 'snack-error' : 'snack-info',
        politeness: kind === 'error' ? 'assertive' : 'polite',
      });
    } catch {
      // The app is going away (or the chunk could not load): nothing left to show the message on.
    }
  }
}
