import { Injectable, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { LIMITS, type Deployment, type DeploymentAction } from '@workflow-mcp/domain';
import { ApiClient } from '../core/api-client';
import { type MessageKey, injectI18n } from '../core/i18n/messages';
import { Notifier } from '../core/notifier';
import { askAction } from '../shared/action-dialog';

/** The lifecycle buttons a person can press, in the order shown. `progress` comes from the pipeline (REST/MCP). */
export const BUTTON_ACTIONS = ['execute', 'complete', 'fail', 'rollback', 'edit', 'delete'] as const satisfies readonly DeploymentAction[];
export type ButtonAction = (typeof BUTTON_ACTIONS)[number];

export const ACTION_LABELS: Record<ButtonAction, MessageKey> = {
  execute: 'dep.execute',
  complete: 'dep.complete',
  fail: 'dep.fail',
  rollback: 'dep.rollback',
  edit: 'dep.edit',
  delete: 'dep.delete',
};

/**
 * Which buttons a deployment offers: what the service says may be done now (allowed_actions, exact:
 * no execute while another deployment of the environment runs, no rollback without a version to restore).
 */
export function buttonActions(dep: Pick<Deployment, 'status' | 'allowed_actions'>): ButtonAction[] {
  const allowed = new Set<DeploymentAction>(dep.allowed_actions);
  // Descriptive fields (title, notes, tags, rollback version) stay editable in every status but the final one.
  if (dep.status !== 'rolled_back') allowed.add('edit');
  return BUTTON_ACTIONS.filter((a) => allowed.has(a));
}

/**
 * Runs a lifecycle action after asking what it needs (confirmation, a reason, a version).
 * Resolves with the deployment afterwards, null if the person cancelled or the service refused
 * (its message is already on screen).
 */
@Injectable()
export class DeploymentActions {
  private readonly api = inject(ApiClient);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly i18n = injectI18n();

  async run(action: Exclude<ButtonAction, 'edit'>, dep: Deployment, environmentName: string): Promise<Deployment | 'deleted' | null> {
    const t = this.i18n.t;
    try {
      switch (action) {
        case 'execute': {
          const ok = await askAction(this.dialog, {
            title: t('dep.executeTitle'),
            text: t('dep.executeConfirm', { version: dep.version, environment: environmentName }),
            confirm: t('dep.execute'),
          });
          if (!ok) return null;
          const done = await this.api.executeDeployment(dep.id);
          this.notifier.info(t('dep.executed'));
          return done;
        }
        case 'complete': {
          const answer = await askAction(this.dialog, {
            title: t('dep.completeTitle'),
            text: t('dep.completeText', { version: dep.version, environment: environmentName }),
            confirm: t('dep.complete'),
            fields: [
              { name: 'notes', label: `${t('dep.completeNotes')} (${t('common.optional')})`, multiline: true, maxLength: LIMITS.textMax },
            ],
          });
          if (!answer) return null;
          const done = await this.api.completeDeployment(dep.id, answer['notes'] || undefined);
          this.notifier.info(t('dep.completed'));
          return done;
        }
        case 'fail': {
          const answer = await askAction(this.dialog, {
            title: t('dep.failTitle'),
            confirm: t('dep.fail'),
            destructive: true,
            fields: [{ name: 'reason', label: t('dep.failReason'), required: true, multiline: true, maxLength: LIMITS.textMax }],
          });
          if (!answer) return null;
          const done = await this.api.failDeployment(dep.id, answer['reason'] ?? '');
          this.notifier.info(t('dep.failed'));
          return done;
        }
        case 'rollback': {
          const fallback = dep.rollback_version ?? dep.previous_version ?? '—';
          const answer = await askAction(this.dialog, {
            title: t('dep.rollbackTitle'),
            text: t('dep.rollbackText', { environment: environmentName }),
            confirm: t('dep.rollback'),
            destructive: true,
            fields: [
              { name: 'reason', label: t('dep.rollbackReason'), required: true, multiline: true, maxLength: LIMITS.textMax },
              {
                name: 'rollback_version',
                label: t('dep.rollbackTo'),
                maxLength: LIMITS.versionMax,
                hint: t('dep.rollbackToHint', { version: fallback }),
              },
            ],
          });
          if (!answer) return null;
          const done = await this.api.rollbackDeployment(dep.id, {
            reason: answer['reason'],
            ...(answer['rollback_version'] ? { rollback_version: answer['rollback_version'] } : {}),
          });
          this.notifier.info(t('dep.rolledBack', { version: done.rolled_back_to ?? fallback }));
          return done;
        }
        case 'delete': {
          const ok = await askAction(this.dialog, {
            title: t('dep.deleteTitle'),
            text: t('dep.deleteConfirm', { title: dep.title }),
            confirm: t('dep.delete'),
            destructive: true,
          });
          if (!ok) return null;
          await this.api.deleteDeployment(dep.id);
          this.notifier.info(t('dep.deleted'));
          return 'deleted';
        }
      }
    } catch {
      // The interceptor showed the service's message (e.g. the move is no longer allowed).
      return null;
    }
  }
}
