import type { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';

/** Validators that mirror the service's rules, built from the limits in '@workflow-mcp/domain'. */

/** A list of short strings (tags, services): at most `maxItems`, each at most `maxLength`. */
export function stringList(maxItems: number, maxLength: number): ValidatorFn {
  return (control: AbstractControl<string[] | null>): ValidationErrors | null => {
    const items = control.value ?? [];
    if (items.length > maxItems) return { maxItems: { max: maxItems } };
    if (items.some((item) => item.length > maxLength)) return { itemTooLong: { max: maxLength } };
    return null;
  };
}

/** Empty, or an absolute http(s) URL. */
export function httpUrl(control: AbstractControl<string | null>): ValidationErrors | null {
  const value = control.value?.trim();
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? null : { url: true };
  } catch {
    return { url: true };
  }
}

/** Not only whitespace (titles, names, versions are never blank). */
export function notBlank(control: AbstractControl<string | null>): ValidationErrors | null {
  return control.value !== null && control.value !== '' && control.value.trim() === '' ? { required: true } : null;
}

/** Empty, or a whole number in [min, max]. */
export function intRange(min: number, max: number): ValidatorFn {
  return (control: AbstractControl<number | string | null>): ValidationErrors | null => {
    const raw = control.value;
    if (raw === null || raw === '' || raw === undefined) return null;
    const value = Number(raw);
    return Number.isInteger(value) && value >= min && value <= max ? null : { range: { min, max } };
  };
}

/** Empty, or text that parses as a JSON object. */
export function jsonObject(control: AbstractControl<string | null>): ValidationErrors | null {
  const value = control.value?.trim();
  if (!value) return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? null : { json: true };
  } catch {
    return { json: true };
  }
}
