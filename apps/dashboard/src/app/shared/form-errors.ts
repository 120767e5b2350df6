import type { AbstractControl, FormGroup } from '@angular/forms';
import { fieldErrors } from '../core/api-error';
import type { injectI18n } from '../core/i18n/messages';

type T = ReturnType<typeof injectI18n>['t'];

/**
 * Puts the API's field-level messages (400 `fields`) on the matching controls, so they show under
 * the inputs. Returns whether any field matched.
 */
export function applyFieldErrors(form: FormGroup, error: unknown, aliases: Record<string, string> = {}): boolean {
  let matched = false;
  for (const { field, messages } of fieldErrors(error)) {
    const control = form.get(aliases[field] ?? field) ?? form.get(field.replace(/\./g, '_'));
    if (!control) continue;
    control.setErrors({ ...(control.errors ?? {}), server: messages.join(' ') });
    control.markAsTouched();
    matched = true;
  }
  return matched;
}

/** The message for a control's first error, in the UI language. */
export function errorText(control: AbstractControl | null, t: T): string {
  const errors = control?.errors;
  if (!errors) return '';
  if (errors['server']) return String(errors['server']);
  if (errors['required']) return t('common.required');
  if (errors['maxlength']) return t('common.maxLength', { max: (errors['maxlength'] as { requiredLength: number }).requiredLength });
  if (errors['maxItems']) return t('common.maxItems', { max: (errors['maxItems'] as { max: number }).max });
  if (errors['itemTooLong']) return t('common.itemTooLong', { max: (errors['itemTooLong'] as { max: number }).max });
  if (errors['range']) return t('common.range', errors['range'] as { min: number; max: number });
  if (errors['min'] || errors['max'])
    return t('common.range', { min: (errors['min'] as { min?: number })?.min ?? '', max: (errors['max'] as { max?: number })?.max ?? '' });
  if (errors['url']) return t('common.url');
  if (errors['json']) return t('common.json');
  if (errors['pattern']) return t('env.namePattern');
  if (errors['hcTarget']) return t('env.hcTargetPattern');
  return Object.keys(errors)[0] ?? '';
}

/** null for an empty or blank text, else the trimmed text. */
export function orNull(value: string | null | undefined): string | null {
  const text = value?.trim();
  return text ? text : null;
}
