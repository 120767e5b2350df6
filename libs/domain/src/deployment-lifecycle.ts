import { DomainError } from './errors.js';
import type { DeploymentStatus } from './vocabulary.js';

export const DEPLOYMENT_ACTIONS = ['execute', 'progress', 'complete', 'fail', 'rollback', 'edit', 'delete'] as const;
export type DeploymentAction = (typeof DEPLOYMENT_ACTIONS)[number];

/**
 * What may be done to a deployment in each status (SPEC §5). `edit` means changing the plan
 * (DEPLOYMENT_PLAN_FIELDS); descriptive fields such as title or notes stay editable in every status.
 */
const ACTIONS_BY_STATUS: Record<DeploymentStatus, readonly DeploymentAction[]> = {
  planned: ['execute', 'edit', 'delete'],
  in_progress: ['progress', 'complete', 'fail', 'rollback'],
  completed: ['rollback'],
  failed: ['rollback'],
  rolled_back: [],
};

/** The status each lifecycle action leads to. */
export const STATUS_AFTER: Partial<Record<DeploymentAction, DeploymentStatus>> = {
  execute: 'in_progress',
  complete: 'completed',
  fail: 'failed',
  rollback: 'rolled_back',
};

/**
 * What gets deployed where and when. Once a deployment has started these describe what
 * actually ran, so changing them afterwards would rewrite history.
 */
export const DEPLOYMENT_PLAN_FIELDS = ['environment_id', 'version', 'deployment_type', 'deployment_config', 'scheduled_at'] as const;

/**
 * What the status alone does not decide (SPEC §11 "Deployments"): whether a rollback has a version
 * to restore without being told one, and whether another deployment of the same environment is
 * running, which keeps this one from starting.
 */
export interface DeploymentCircumstances {
  /** The version a rollback without `rollback_version` would restore; null when none is known. */
  rollbackTarget: string | null;
  /** Another deployment of the same environment is in progress. */
  environmentBusy: boolean;
}

/** The version a rollback restores when the request names none: the deployment's rollback_version, else the version before it. */
export function defaultRollbackTarget(d: { rollback_version: string | null; previous_version: string | null }): string | null {
  return d.rollback_version || d.previous_version || null;
}

/**
 * What may be done to a deployment now. Without `circumstances`, what its status allows; with
 * them, exactly what would be accepted: `rollback` only when there is a version to restore
 * (otherwise it needs `rollback_version` in the request), `execute` only when nothing else runs
 * in the environment.
 */
export function allowedDeploymentActions(status: DeploymentStatus, circumstances?: DeploymentCircumstances): DeploymentAction[] {
  return ACTIONS_BY_STATUS[status].filter(
    (action) =>
      !circumstances ||
      ((action !== 'rollback' || circumstances.rollbackTarget !== null) && (action !== 'execute' || !circumstances.environmentBusy)),
  );
}

export function canDoDeploymentAction(status: DeploymentStatus, action: DeploymentAction): boolean {
  return ACTIONS_BY_STATUS[status].includes(action);
}

/** The action that moves a deployment from one status to another, if any. */
export function actionForDeploymentStatus(from: DeploymentStatus, to: DeploymentStatus): DeploymentAction | undefined {
  return ACTIONS_BY_STATUS[from].find((a) => STATUS_AFTER[a] === to);
}

const ACTION_PHRASES: Record<DeploymentAction, string> = {
  execute: 'execute',
  progress: 'report progress on',
  complete: 'complete',
  fail: 'mark as failed',
  rollback: 'roll back',
  edit: 'change the plan of',
  delete: 'delete',
};

function whatIsAllowed(status: DeploymentStatus, allowed: readonly DeploymentAction[]): string {
  if (allowed.length > 0) return `Allowed now: ${allowed.join(', ')}.`;
  return ACTIONS_BY_STATUS[status].length > 0
    ? 'Nothing is allowed right now.'
    : `Nothing more can happen to a ${status} deployment; plan a new deployment instead.`;
}

/**
 * The refusal for an illegal lifecycle move; it carries what is allowed instead, so a client can
 * offer it (exactly, when the circumstances are given).
 */
export function deploymentTransitionError(status: DeploymentStatus, message: string, circumstances?: DeploymentCircumstances): DomainError {
  const allowed = allowedDeploymentActions(status, circumstances);
  return new DomainError('invalid_transition', `${message} ${whatIsAllowed(status, allowed)}`, {
    current_status: status,
    allowed_actions: allowed,
  });
}

/**
 * Throws unless the status allows `action`; `reason` explains the rule when the bare refusal would
 * not. The circumstances only make the refusal's list of allowed actions exact: whether a rollback
 * has a target or the environment is free is the caller's own check, with its own message.
 */
export function requireDeploymentAction(
  status: DeploymentStatus,
  action: DeploymentAction,
  reason?: string,
  circumstances?: DeploymentCircumstances,
): void {
  if (canDoDeploymentAction(status, action)) return;
  const refusal = `Cannot ${ACTION_PHRASES[action]} a deployment that is ${status}.`;
  throw deploymentTransitionError(status, reason ? `${refusal} ${reason}` : refusal, circumstances);
}
