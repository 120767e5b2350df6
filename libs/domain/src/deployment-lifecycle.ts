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

export function allowedDeploymentActions(status: DeploymentStatus): DeploymentAction[] {
  return [...ACTIONS_BY_STATUS[status]];
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

function whatIsAllowed(status: DeploymentStatus): string {
  const allowed = ACTIONS_BY_STATUS[status];
  return allowed.length > 0
    ? `Allowed now: ${allowed.join(', ')}.`
    : `Nothing more can happen to a ${status} deployment; plan a new deployment instead.`;
}

/** The refusal for an illegal lifecycle move; it carries what is allowed instead, so a client can offer it. */
export function deploymentTransitionError(status: DeploymentStatus, message: string): DomainError {
  return new DomainError('invalid_transition', `${message} ${whatIsAllowed(status)}`, {
    current_status: status,
    allowed_actions: allowedDeploymentActions(status),
  });
}

/** Throws unless `action` is allowed in `status`; `reason` explains the rule when the bare refusal would not. */
export function requireDeploymentAction(status: DeploymentStatus, action: DeploymentAction, reason?: string): void {
  if (canDoDeploymentAction(status, action)) return;
  const refusal = `Cannot ${ACTION_PHRASES[action]} a deployment that is ${status}.`;
  throw deploymentTransitionError(status, reason ? `${refusal} ${reason}` : refusal);
}
