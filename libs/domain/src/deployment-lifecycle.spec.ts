import { describe, expect, it } from '@jest/globals';
import {
  DEPLOYMENT_ACTIONS,
  actionForDeploymentStatus,
  allowedDeploymentActions,
  canDoDeploymentAction,
  defaultRollbackTarget,
  requireDeploymentAction,
  type DeploymentAction,
} from './deployment-lifecycle.js';
import { DomainError } from './errors.js';
import { DEPLOYMENT_STATUSES, type DeploymentStatus } from './vocabulary.js';

/** SPEC §5 written out as a table, so a change to the rules has to change this too. */
const TABLE: Record<DeploymentStatus, DeploymentAction[]> = {
  planned: ['execute', 'edit', 'delete'],
  in_progress: ['progress', 'complete', 'fail', 'rollback'],
  completed: ['rollback'],
  failed: ['rollback'],
  rolled_back: [],
};

const MOVES: Array<[DeploymentStatus, DeploymentStatus, DeploymentAction]> = [
  ['planned', 'in_progress', 'execute'],
  ['in_progress', 'completed', 'complete'],
  ['in_progress', 'failed', 'fail'],
  ['in_progress', 'rolled_back', 'rollback'],
  ['completed', 'rolled_back', 'rollback'],
  ['failed', 'rolled_back', 'rollback'],
];

describe('deployment lifecycle', () => {
  describe.each(DEPLOYMENT_STATUSES)('from %s', (status) => {
    it('allows exactly the actions of the table', () => {
      expect(allowedDeploymentActions(status)).toEqual(TABLE[status]);
    });

    it.each(DEPLOYMENT_ACTIONS)('%s is allowed only if the table says so', (action) => {
      const allowed = TABLE[status].includes(action);
      expect(canDoDeploymentAction(status, action)).toBe(allowed);
      if (allowed) {
        expect(() => requireDeploymentAction(status, action)).not.toThrow();
        return;
      }
      let refusal: unknown;
      try {
        requireDeploymentAction(status, action);
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toBeInstanceOf(DomainError);
      const error = refusal as DomainError;
      expect(error.code).toBe('invalid_transition');
      expect(error.message).toContain(`is ${status}`);
      expect(error.details).toEqual({ current_status: status, allowed_actions: TABLE[status] });
    });

    it.each(DEPLOYMENT_STATUSES)('to %s only through its lifecycle action', (to) => {
      const move = MOVES.find(([from, target]) => from === status && target === to);
      expect(actionForDeploymentStatus(status, to)).toBe(move?.[2]);
    });
  });

  it('says what can be done instead, and that rolled_back is final', () => {
    expect(() => requireDeploymentAction('completed', 'execute')).toThrow(
      'Cannot execute a deployment that is completed. Allowed now: rollback.',
    );
    expect(() => requireDeploymentAction('rolled_back', 'rollback')).toThrow('plan a new deployment instead');
  });

  describe('with the circumstances, exactly what would be accepted', () => {
    const free = { rollbackTarget: 'v1', environmentBusy: false };

    it('lists rollback only when there is a version to restore', () => {
      for (const status of DEPLOYMENT_STATUSES) {
        expect(allowedDeploymentActions(status, free)).toEqual(TABLE[status]);
        expect(allowedDeploymentActions(status, { ...free, rollbackTarget: null })).toEqual(TABLE[status].filter((a) => a !== 'rollback'));
      }
    });

    it('lists execute only when nothing else runs in the environment', () => {
      expect(allowedDeploymentActions('planned', { ...free, environmentBusy: true })).toEqual(['edit', 'delete']);
      expect(allowedDeploymentActions('in_progress', { ...free, environmentBusy: true })).toEqual(TABLE.in_progress);
    });

    it('gives the exact list in a refusal too', () => {
      let refusal: unknown;
      try {
        requireDeploymentAction('completed', 'execute', undefined, { rollbackTarget: null, environmentBusy: false });
      } catch (error) {
        refusal = error;
      }
      expect((refusal as DomainError).details).toEqual({ current_status: 'completed', allowed_actions: [] });
      expect((refusal as DomainError).message).toContain('Nothing is allowed right now.');
    });

    it('rolls back to rollback_version, else the version before the deployment', () => {
      expect(defaultRollbackTarget({ rollback_version: 'v2', previous_version: 'v1' })).toBe('v2');
      expect(defaultRollbackTarget({ rollback_version: null, previous_version: 'v1' })).toBe('v1');
      expect(defaultRollbackTarget({ rollback_version: null, previous_version: null })).toBeNull();
    });
  });

  it('hands back a copy of the allowed actions, so callers cannot change the rules', () => {
    allowedDeploymentActions('planned').push('complete');
    expect(canDoDeploymentAction('planned', 'complete')).toBe(false);
  });
});
