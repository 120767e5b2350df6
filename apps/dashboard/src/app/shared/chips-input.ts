import { ChangeDetectionStrategy, Component, DestroyRef, type OnInit, inject, input, signal } from '@angular/core';
import { type FormControl, ReactiveFormsModule } from '@angular/forms';
import { COMMA, ENTER } from '@angular/cdk/keycodes';
import { MatChipsModule, type MatChipInputEvent } from '@angular/material/chips';
import { MatFormFieldModule } from '@angular/material/form-field';
import { injectI18n } from '../core/i18n/messages';
import { errorText } from './form-errors';

/** A list of short strings (tags, affected services) edited as chips; the control holds string[]. */
@Component({
  selector: 'app-chips-input',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatChipsModule, MatFormFieldModule],
  template: `
    <mat-form-field appearance="outline" subscriptSizing="dynamic" class="full">
      <mat-label>{{ label() }}</mat-label>
      <mat-chip-grid #grid [formControl]="control()" [attr.aria-label]="label()">
        @for (item of items(); track $index) {
          <mat-chip-row (removed)="remove($index)" [editable]="false">
            {{ item }}
            <button matChipRemove type="button" [attr.aria-label]="t('common.removeItem', { item })">×</button>
          </mat-chip-row>
        }
        <input
          [matChipInputFor]="grid"
          [matChipInputSeparatorKeyCodes]="separators"
          [matChipInputAddOnBlur]="true"
          (matChipInputTokenEnd)="add($event)"
          [attr.data-testid]="testId()"
        />
      </mat-chip-grid>
      <mat-hint>{{ t('common.chipsHint') }}</mat-hint>
      <mat-error>{{ error() }}</mat-error>
    </mat-form-field>
  `,
  styles: `
    .full {
      width: 100%;
    }
    button[matChipRemove] {
      border: 0;
      background: transparent;
      font-size: 18px;
      line-height: 1;
      cursor: pointer;
      color: inherit;
    }
  `,
})
export class ChipsInput implements OnInit {
  readonly control = input.required<FormControl<string[]>>();
  readonly label = input.required<string>();
  readonly testId = input<string>('');
  protected readonly t = injectI18n().t;
  protected readonly separators = [ENTER, COMMA] as const;
  protected readonly items = signal<string[]>([]);
  protected readonly error = signal('');
  private readonly destroyRef = inject(DestroyRef);

  ngOnInit(): void {
    const control = this.control();
    const sync = () => {
      this.items.set([...(control.value ?? [])]);
      this.error.set(errorText(control, this.t));
    };
    sync();
    const subscription = control.events.subscribe(sync);
    this.destroyRef.onDestroy(() => subscription.unsubscribe());
  }

  protected add(event: MatChipInputEvent): void {
    const value = event.value.trim();
    event.chipInput.clear();
    if (!value) return;
    const control = this.control();
    if (control.value.includes(value)) return;
    control.setValue([...control.value, value]);
    control.markAsTouched();
    control.markAsDirty();
  }

  protected remove(index: number): void {
    const control = this.control();
    control.setValue(control.value.filter((_, i) => i !== index));
    control.markAsDirty();
  }
}
