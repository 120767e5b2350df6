import type { ComponentType } from '@angular/cdk/portal';
import { Directive, type Injector, inject, signal } from '@angular/core';
import type { AbstractControl, FormGroup } from '@angular/forms';
import { type MatDialog, MatDialogRef } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';
import { ApiClient } from '../core/api-client';
import { type MessageKey, injectI18n } from '../core/i18n/messages';
import { Notifier } from '../core/notifier';
import { applyFieldErrors, errorText } from './form-errors';

/**
 * What the create and edit dialogs of incidents, environments and deployments share. Submit
 * checks the form, sends it (a create, or only the changes of an edit), says so in the snackbar
 * and closes with what the service saved; a 400's field messages go under the matching inputs
 * and the dialog stays open. The template is framed by `app-entity-form-dialog`.
 */
@Directive()
export abstract class EntityFormDialog<E, S> {
  protected readonly ref = inject<MatDialogRef<unknown, S>>(MatDialogRef);
  protected readonly api = inject(ApiClient);
  private readonly notifier = inject(Notifier);
  private readonly i18n = injectI18n();
  protected readonly t = this.i18n.t;
  protected readonly label = this.i18n.label;
  protected readonly saving = signal(false);

  /** The entity being edited; undefined when creating one. */
  protected abstract readonly existing: E | undefined;
  protected abstract readonly form: FormGroup;
  /** What the snackbar says once the service has saved it. */
  protected abstract readonly notices: { created: MessageKey; saved: MessageKey };
  /** API field names whose control has another path (the form may group fields differently). */
  protected readonly fieldAliases: Record<string, string> = {};

  protected abstract create(): Promise<S>;
  /** Sends only what changed, so a concurrent edit of another field is kept. */
  protected abstract update(existing: E): Promise<S>;

  protected err(control: AbstractControl | null): string {
    return errorText(control, this.t);
  }

  protected async save(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.saving.set(true);
    try {
      const existing = this.existing;
      const saved = existing === undefined ? await this.create() : await this.update(existing);
      this.notifier.info(this.t(existing === undefined ? this.notices.created : this.notices.saved));
      this.ref.close(saved);
    } catch (error) {
      applyFieldErrors(this.form, error, this.fieldAliases);
    } finally {
      this.saving.set(false);
    }
  }
}

/**
 * Opens a create/edit dialog; resolves with what it saved, or undefined when cancelled.
 * `injector`: the caller's, so the dialog reaches the API client provided by the pages' route.
 */
export function openEntityFormDialog<D, S>(
  dialog: MatDialog,
  component: ComponentType<EntityFormDialog<unknown, S>>,
  data: D,
  injector: Injector,
): Promise<S | undefined> {
  const ref = dialog.open<EntityFormDialog<unknown, S>, D, S>(component, {
    data,
    injector,
    width: '760px',
    maxWidth: '96vw',
    autoFocus: 'first-tabbable',
  });
  return firstValueFrom(ref.afterClosed());
}
