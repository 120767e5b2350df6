import { LIMITS, allowedIncidentStatuses } from '@workflow-mcp/domain';
import { incidentChanges, incidentForm, incidentInput, statusChoices } from './incident-form';
import { incident } from '../../testing/fakes';

describe('incident form: validation mirrors the service limits (libs/domain)', () => {
  const valid = () => {
    const form = incidentForm();
    form.patchValue({ title: 'API 서버 응답 지연', severity: 'high', incident_type: 'performance' });
    return form;
  };

  it('needs a title, a severity and a type; nothing else', () => {
    const form = incidentForm();
    expect(form.valid).toBe(false);
    expect(form.controls.title.hasError('required')).toBe(true);
    expect(form.controls.severity.hasError('required')).toBe(true);
    expect(form.controls.incident_type.hasError('required')).toBe(true);
    expect(valid().valid).toBe(true);
  });

  it('refuses a blank title, as the service does', () => {
    const form = valid();
    form.controls.title.setValue('   ');
    expect(form.controls.title.invalid).toBe(true);
  });

  it('allows exactly LIMITS.titleMax characters in the title', () => {
    const form = valid();
    form.controls.title.setValue('x'.repeat(LIMITS.titleMax));
    expect(form.controls.title.valid).toBe(true);
    form.controls.title.setValue('x'.repeat(LIMITS.titleMax + 1));
    expect(form.controls.title.hasError('maxlength')).toBe(true);
  });

  it('limits tags and affected services in count and length', () => {
    const form = valid();
    form.controls.tags.setValue(Array.from({ length: LIMITS.tagsMax }, (_, i) => `t${i}`));
    expect(form.controls.tags.valid).toBe(true);
    form.controls.tags.setValue(Array.from({ length: LIMITS.tagsMax + 1 }, (_, i) => `t${i}`));
    expect(form.controls.tags.hasError('maxItems')).toBe(true);
    form.controls.tags.setValue(['x'.repeat(LIMITS.tagMax + 1)]);
    expect(form.controls.tags.hasError('itemTooLong')).toBe(true);
    form.controls.affected_services.setValue(Array.from({ length: LIMITS.servicesMax + 1 }, (_, i) => `s${i}`));
    expect(form.controls.affected_services.hasError('maxItems')).toBe(true);
    form.controls.affected_services.setValue(['x'.repeat(LIMITS.serviceMax + 1)]);
    expect(form.controls.affected_services.hasError('itemTooLong')).toBe(true);
  });

  it('limits the long texts to LIMITS.textMax and the commander to LIMITS.actorMax', () => {
    const form = valid();
    for (const name of ['description', 'impact', 'root_cause', 'resolution_notes'] as const) {
      form.controls[name].setValue('x'.repeat(LIMITS.textMax + 1));
      expect(form.controls[name].hasError('maxlength')).toBe(true);
    }
    form.controls.commander.setValue('x'.repeat(LIMITS.actorMax + 1));
    expect(form.controls.commander.hasError('maxlength')).toBe(true);
  });

  it('sends every field, empty optional texts as null', () => {
    const form = valid();
    form.patchValue({ commander: '  ', tags: ['api'] });
    expect(incidentInput(form)).toEqual({
      title: 'API 서버 응답 지연',
      description: '',
      severity: 'high',
      incident_type: 'performance',
      status: 'open',
      affected_services: [],
      tags: ['api'],
      environment_id: null,
      deployment_id: null,
      commander: null,
      resolution_notes: null,
      root_cause: null,
      impact: null,
      public: false,
    });
  });

  it('on edit, offers only the statuses the lifecycle allows, and sends only what changed', () => {
    const existing = incident({ status: 'monitoring', tags: ['a'] });
    expect(statusChoices(existing)).toEqual(['investigating', 'identified', 'monitoring', 'resolved']);
    expect(new Set(statusChoices(existing))).toEqual(new Set(['monitoring', ...allowedIncidentStatuses('monitoring')]));
    expect(statusChoices()).toEqual(['open', 'investigating', 'identified', 'monitoring', 'resolved']);
    const form = incidentForm(existing);
    form.patchValue({ commander: 'kim', tags: ['a', 'b'], impact: 'checkout slow' });
    expect(incidentChanges(existing, incidentInput(form))).toEqual({ commander: 'kim', tags: ['a', 'b'], impact: 'checkout slow' });
  });
});
