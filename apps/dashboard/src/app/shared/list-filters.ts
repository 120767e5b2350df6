import { type WritableSignal, computed, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { type AbstractControl, type FormControl, FormGroup } from '@angular/forms';
import { debounceTime, merge } from 'rxjs';

/** Typing in the search box asks the service once the person pauses, not at every key. */
const SEARCH_DEBOUNCE_MS = 300;

type FilterControls = { search: FormControl<string>; sort_by: AbstractControl } & Record<string, AbstractControl>;

/**
 * The filters above a list: a search box, choices and a sort order. Every change calls `changed`
 * (the list starts again from its first page). Create it in an injection context: it stops
 * listening when the page goes.
 */
export class ListFilters<C extends FilterControls> {
  readonly form: FormGroup<C>;
  private readonly values: WritableSignal<Record<string, unknown>>;
  /** Whether anything narrows the list; the sort order does not. */
  readonly active = computed(() =>
    Object.entries(this.values()).some(([name, value]) => name !== 'sort_by' && (typeof value === 'string' ? value.trim() : value)),
  );

  constructor(controls: C, changed: () => void) {
    this.form = new FormGroup(controls);
    this.values = signal(this.form.getRawValue());
    const changes = Object.entries(controls).map(([name, control]) =>
      name === 'search' ? control.valueChanges.pipe(debounceTime(SEARCH_DEBOUNCE_MS)) : control.valueChanges,
    );
    merge(...changes)
      .pipe(takeUntilDestroyed())
      .subscribe(() => {
        this.values.set(this.form.getRawValue());
        changed();
      });
  }

  /** Empties every filter and keeps the sort order. */
  clear(): void {
    for (const [name, control] of Object.entries(this.form.controls)) if (name !== 'sort_by') control.reset();
  }
}
