import type { DeploymentStatus } from './vocabulary.js';

export const DEPLOYMENT_ACTIONS = ['execute', 'progress', 'complete', 'fail', 'rollback', 'edit', 'delete'] as const;
export type DeploymentAction = (typeof DEPLOYMENT_ACTIONS)[number];

/** What may be done to a deployment in each status (SPEC §5). */
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
