import { DEPLOYMENT_PLAN_FIELDS, LIMITS } from '@workflow-mcp/domain';
import { deployment } from '../../testing/fakes';
import { deploymentChanges, deploymentForm, deploymentInput } from './deployment-form';

describe('deployment form ("새 배포 계획"): validation mirrors the service limits (libs/domain)', () => {
  const valid = () => {
    const form = deploymentForm();
    form.patchValue({ title: 'API v2.1.0', environment_id: 'env-1', version: 'v2.1.0', deployment_type: 'blue_green' });
    return form;
  };

  it('needs a title, an environment, a version and a type', () => {
    const form = deploymentForm();
    expect(form.valid).toBe(false);
    for (const name of ['title', 'environment_id', 'version', 'deployment_type'] as const)
      expect(form.controls[name].hasError('required')).toBe(true);
    expect(valid().valid).toBe(true);
  });

  it('limits title, version and rollback version to LIMITS', () => {
    const form = valid();
    form.controls.title.setValue('x'.repeat(LIMITS.titleMax + 1));
    expect(form.controls.title.hasError('maxlength')).toBe(true);
    form.controls.version.setValue('x'.repeat(LIMITS.versionMax + 1));
    expect(form.controls.version.hasError('maxlength')).toBe(true);
    form.controls.rollback_version.setValue('x'.repeat(LIMITS.versionMax + 1));
    expect(form.controls.rollback_version.hasError('maxlength')).toBe(true);
  });

  it('checks the config keys the product knows and keeps the others', () => {
    const form = valid();
    const config = form.controls.config.controls;
    config.instances.setValue(0);
    expect(config.instances.invalid).toBe(true);
    config.instances.setValue(3);
    config.rollout_percentage.setValue(101);
    expect(config.rollout_percentage.hasError('range')).toBe(true);
    config.rollout_percentage.setValue(25);
    config.health_check_url.setValue('health');
    expect(config.health_check_url.invalid).toBe(true);
    config.health_check_url.setValue('/health');
    config.extra.setValue('[1, 2]');
    expect(config.extra.hasError('json')).toBe(true);
    config.extra.setValue('{"region": "ap-northeast-2"}');
    expect(form.valid).toBe(true);
    expect(deploymentInput(form).deployment_config).toEqual({
      region: 'ap-northeast-2',
      instances: 3,
      rollout_percentage: 25,
      health_check_url: '/health',
    });
  });

  it(`refuses a config larger than ${LIMITS.deploymentConfigMaxBytes} bytes, as the service does`, () => {
    const form = valid();
    form.controls.config.controls.extra.setValue(JSON.stringify({ blob: 'x'.repeat(LIMITS.deploymentConfigMaxBytes) }));
    form.controls.config.updateValueAndValidity();
    expect(form.valid).toBe(false);
  });

  it('sends the schedule as a UTC instant and nothing for an empty one', () => {
    const form = valid();
    expect(deploymentInput(form).scheduled_at).toBeNull();
    form.controls.scheduled_at.setValue('2025-01-15T02:00');
    expect(deploymentInput(form).scheduled_at).toBe(new Date('2025-01-15T02:00').toISOString());
  });

  it('once started, the plan fields are fixed and edits send only descriptive fields', () => {
    const running = deployment({ status: 'in_progress', tags: ['api'] });
    const form = deploymentForm(running);
    for (const field of DEPLOYMENT_PLAN_FIELDS)
      expect((field === 'deployment_config' ? form.controls.config : form.get(field))?.disabled).toBe(true);
    expect(form.controls.title.enabled).toBe(true);
    form.patchValue({ notes: 'watching error rates' });
    expect(deploymentChanges(running, deploymentInput(form))).toEqual({ notes: 'watching error rates' });
  });
});
