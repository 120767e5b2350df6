import { LIMITS } from '@workflow-mcp/domain';
import { environment } from '../../testing/fakes';
import { environmentChanges, environmentForm, environmentInput } from './environment-form';

describe('environment form: validation mirrors the service limits (libs/domain)', () => {
  const valid = () => {
    const form = environmentForm();
    form.patchValue({ name: 'prod-env-123', environment_type: 'production' });
    return form;
  };

  it('needs a name and a type; starts with the service defaults for health checks', () => {
    expect(environmentForm().valid).toBe(false);
    const form = valid();
    expect(form.valid).toBe(true);
    expect(form.controls.health_check.getRawValue()).toMatchObject({
      expected_status: LIMITS.expectedStatusDefault,
      timeout_ms: LIMITS.healthCheckTimeoutMsDefault,
      interval_seconds: LIMITS.healthCheckIntervalSecondsDefault,
      slow_threshold_ms: LIMITS.healthCheckSlowMsDefault,
      critical_threshold: LIMITS.criticalThresholdDefault,
      enabled: true,
    });
  });

  it('refuses names the service refuses: too long, leading space, / ? #', () => {
    const form = valid();
    form.controls.name.setValue('x'.repeat(LIMITS.nameMax));
    expect(form.controls.name.valid).toBe(true);
    form.controls.name.setValue('x'.repeat(LIMITS.nameMax + 1));
    expect(form.controls.name.hasError('maxlength')).toBe(true);
    for (const bad of [' prod', 'prod/eu', 'prod?', 'prod#1']) {
      form.controls.name.setValue(bad);
      expect(form.controls.name.hasError('pattern')).toBe(true);
    }
  });

  it('takes only http(s) URLs for the environment and its deploy hook', () => {
    const form = valid();
    for (const control of [form.controls.url, form.controls.deploy_hook_url]) {
      control.setValue('ftp://example.com');
      expect(control.hasError('url')).toBe(true);
      control.setValue('https://api.company.com');
      expect(control.valid).toBe(true);
      control.setValue('');
      expect(control.valid).toBe(true);
    }
  });

  it('keeps health check settings within LIMITS', () => {
    const hc = valid().controls.health_check.controls;
    const edges: Array<[keyof typeof hc, number, number]> = [
      ['expected_status', LIMITS.expectedStatusMin, LIMITS.expectedStatusMax],
      ['timeout_ms', LIMITS.healthCheckTimeoutMsMin, LIMITS.healthCheckTimeoutMsMax],
      ['interval_seconds', LIMITS.healthCheckIntervalSecondsMin, LIMITS.healthCheckIntervalSecondsMax],
      ['critical_threshold', LIMITS.criticalThresholdMin, LIMITS.criticalThresholdMax],
    ];
    for (const [name, min, max] of edges) {
      const control = hc[name];
      control.setValue(min as never);
      expect(control.valid).toBe(true);
      control.setValue(max as never);
      expect(control.valid).toBe(true);
      control.setValue((min - 1) as never);
      expect(control.hasError('range')).toBe(true);
      control.setValue((max + 1) as never);
      expect(control.hasError('range')).toBe(true);
    }
    hc.target.setValue('health');
    expect(hc.target.hasError('hcTarget')).toBe(true);
    hc.target.setValue('/health');
    expect(hc.target.valid).toBe(true);
  });

  it('judges the target by the check kind, as the service does', () => {
    const hc = valid().controls.health_check.controls;
    const judged = (kind: 'http' | 'tcp' | 'tls' | 'dns', target: string) => {
      hc.kind.setValue(kind);
      hc.target.setValue(target);
      return hc.target.errors;
    };
    expect(judged('tcp', 'db.internal:5432')).toBeNull();
    expect(judged('tcp', 'db.internal')).toEqual({ hcTarget: true });
    expect(judged('tcp', '')).toEqual({ required: true });
    expect(judged('tls', 'api.company.com')).toBeNull();
    expect(judged('dns', '/health')).toEqual({ hcTarget: true });
    expect(judged('http', '')).toBeNull();
  });

  it('sends the settings of the chosen kind, and clears those of the others', () => {
    const form = valid();
    form.controls.health_check.patchValue({ kind: 'dns', target: 'api.company.com', dns_expected: '10.0.0.5', body_keyword: 'ok' });
    expect(environmentInput(form).health_check).toMatchObject({
      kind: 'dns',
      target: 'api.company.com',
      dns_expected: '10.0.0.5',
      dns_record_type: null,
      body_keyword: null,
      tls_allow_untrusted: false,
    });
  });

  it('leaves automatic incidents to the type unless someone sets them; edits send only what changed', () => {
    const form = valid();
    expect(environmentInput(form).health_check).not.toHaveProperty('auto_incident_enabled');
    const existing = environment({ tags: ['api'] });
    const edit = environmentForm(existing);
    edit.patchValue({ status: 'maintenance', description: '점검을 위한 임시 중단' });
    expect(environmentChanges(existing, environmentInput(edit))).toEqual({ status: 'maintenance', description: '점검을 위한 임시 중단' });
  });
});
