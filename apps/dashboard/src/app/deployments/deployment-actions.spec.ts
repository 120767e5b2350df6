import { TestBed } from '@angular/core/testing';
import { vi } from 'vitest';
import { provideRouter } from '@angular/router';
import { DEPLOYMENT_STATUSES, allowedDeploymentActions, type DeploymentAction, type TimelineEntry } from '@workflow-mcp/domain';
import { EVENT_SOURCE_FACTORY } from '../core/live-updates';
import { deployment, fakeApi, page, environment } from '../../testing/fakes';
import { DeploymentActions, buttonActions } from './deployment-actions';
import { DeploymentDetailPage } from './deployment-detail-page';

/** As the service answers when nothing stands in the way (a version to roll back to, the environment free). */
const lifecycle = (status: (typeof DEPLOYMENT_STATUSES)[number]) => ({ status, allowed_actions: allowedDeploymentActions(status) });

describe('deployment lifecycle buttons', () => {
  it("offer what the service's allowed_actions say (progress comes from the pipeline), plus edit until rolled back", () => {
    expect(buttonActions(lifecycle('planned'))).toEqual(['execute', 'edit', 'delete']);
    expect(buttonActions(lifecycle('in_progress'))).toEqual(['complete', 'fail', 'rollback', 'edit']);
    expect(buttonActions(lifecycle('completed'))).toEqual(['rollback', 'edit']);
    expect(buttonActions(lifecycle('failed'))).toEqual(['rollback', 'edit']);
    expect(buttonActions(lifecycle('rolled_back'))).toEqual([]);
    for (const status of DEPLOYMENT_STATUSES) {
      const offered = buttonActions(lifecycle(status)).filter((a) => a !== 'edit');
      expect(offered.every((a) => allowedDeploymentActions(status).includes(a))).toBe(true);
    }
  });

  it('leave out what the service would refuse now: execute while the environment is busy, rollback with no version known', () => {
    expect(buttonActions({ status: 'planned', allowed_actions: ['edit', 'delete'] })).toEqual(['edit', 'delete']);
    expect(buttonActions({ status: 'failed', allowed_actions: [] })).toEqual(['edit']);
    expect(buttonActions({ status: 'in_progress', allowed_actions: ['progress', 'complete', 'fail'] })).toEqual([
      'complete',
      'fail',
      'edit',
    ]);
  });

  async function render(overrides: Parameters<typeof deployment>[0]) {
    const { api, provider } = fakeApi();
    const status = overrides?.status ?? 'planned';
    api.getDeployment.mockResolvedValue(deployment({ allowed_actions: allowedDeploymentActions(status), ...overrides }));
    api.listEnvironments.mockResolvedValue(page([environment()]));
    TestBed.configureTestingModule({
      imports: [DeploymentDetailPage],
      providers: [provider, DeploymentActions, provideRouter([]), { provide: EVENT_SOURCE_FACTORY, useValue: null }],
    });
    const fixture = TestBed.createComponent(DeploymentDetailPage);
    fixture.componentRef.setInput('id', 'dep-1');
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    return {
      api,
      el,
      fixture,
      buttons: () => [...el.querySelectorAll('[data-testid=deployment-actions] button')].map((b) => b.getAttribute('data-action')),
    };
  }

  it('a planned deployment shows "Execute" and no progress', async () => {
    const { el, buttons } = await render({ status: 'planned' });
    expect(buttons()).toEqual(['execute', 'edit', 'delete']);
    expect(el.querySelector('[data-action=execute]')?.textContent?.trim()).toBe('Execute');
    expect(el.querySelector('[data-testid=deployment-progress]')).toBeNull();
  });

  it('a running deployment shows its progress and complete / fail / roll back', async () => {
    const { el, buttons } = await render({ status: 'in_progress', progress_percentage: 40, progress_message: '2 of 3 switched' });
    expect(buttons()).toEqual(['complete', 'fail', 'rollback', 'edit']);
    const progress = el.querySelector('[data-testid=deployment-progress]');
    expect(progress?.textContent).toContain('40% done');
    expect(progress?.textContent).toContain('2 of 3 switched');
    expect(progress?.querySelector('mat-progress-bar')?.getAttribute('aria-valuenow')).toBe('40');
  });

  it('a rolled back deployment offers nothing more', async () => {
    const { buttons, el } = await render({ status: 'rolled_back', rolled_back_to: 'v2.0.5' });
    expect(buttons()).toEqual([]);
    expect(el.querySelector('[data-testid=rolled-back-to]')?.textContent).toContain('v2.0.5');
  });
});

describe('deployment detail: rollback without a version', () => {
  it('from failed, rolls back to the version before it when the version field is left empty', async () => {
    const { api, provider } = fakeApi();
    const failed = deployment({ status: 'failed', previous_version: 'v2.0.5', allowed_actions: ['rollback'] as DeploymentAction[] });
    api.getDeployment.mockResolvedValue(failed);
    api.listEnvironments.mockResolvedValue(page([environment()]));
    api.rollbackDeployment.mockResolvedValue({ ...failed, status: 'rolled_back', rolled_back_to: 'v2.0.5', allowed_actions: [] });
    TestBed.configureTestingModule({
      imports: [DeploymentDetailPage],
      providers: [provider, DeploymentActions, provideRouter([]), { provide: EVENT_SOURCE_FACTORY, useValue: null }],
    });
    const fixture = TestBed.createComponent(DeploymentDetailPage);
    fixture.componentRef.setInput('id', 'dep-1');
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    el.querySelector<HTMLButtonElement>('[data-action=rollback]')!.click();
    await fixture.whenStable();
    const dialog = document.querySelector('mat-dialog-container') as HTMLElement;
    expect(dialog.textContent).toContain('v2.0.5');
    const reason = dialog.querySelector<HTMLTextAreaElement>('[data-testid=action-reason]')!;
    reason.value = 'error rate spiked';
    reason.dispatchEvent(new Event('input'));
    dialog.querySelector<HTMLButtonElement>('[data-testid=action-confirm]')!.click();
    // The dialog hands back its answer once it has closed.
    await vi.waitFor(() => expect(api.rollbackDeployment).toHaveBeenCalledWith('dep-1', { reason: 'error rate spiked' }));
  });
});

describe('deployment detail: older timeline entries', () => {
  const entry = (id: number): TimelineEntry => ({
    id,
    kind: 'progress',
    source: 'rest',
    actor: null,
    message: `entry ${id}`,
    changes: null,
    data: null,
    created_at: '2025-01-10T10:00:00.000Z',
  });

  it('offers them when the timeline has more, and puts each page before what is shown until none is left', async () => {
    const { api, provider } = fakeApi();
    api.getDeployment.mockResolvedValue(
      deployment({ timeline: [entry(5), entry(6)], timeline_has_more: true, timeline_next_cursor: 'c-5' }),
    );
    api.listEnvironments.mockResolvedValue(page([environment()]));
    api.deploymentTimeline.mockResolvedValueOnce({ items: [entry(3), entry(4)], total: 6, limit: 200, has_more: true, next_cursor: 'c-3' });
    api.deploymentTimeline.mockResolvedValueOnce({ items: [entry(1), entry(2)], total: 6, limit: 200, has_more: false, next_cursor: null });
    TestBed.configureTestingModule({
      imports: [DeploymentDetailPage],
      providers: [provider, DeploymentActions, provideRouter([]), { provide: EVENT_SOURCE_FACTORY, useValue: null }],
    });
    const fixture = TestBed.createComponent(DeploymentDetailPage);
    fixture.componentRef.setInput('id', 'dep-1');
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const shown = () => [...el.querySelectorAll('[data-testid=timeline] > li .message')].map((m) => m.textContent?.trim());
    const button = () => el.querySelector<HTMLButtonElement>('[data-testid=timeline-older]');

    expect(shown()).toEqual(['entry 6', 'entry 5']);
    expect(button()?.textContent?.trim()).toBe('Show older entries');
    button()!.click();
    await fixture.whenStable();
    expect(api.deploymentTimeline).toHaveBeenLastCalledWith('dep-1', { cursor: 'c-5', limit: 200 });
    expect(shown()).toEqual(['entry 6', 'entry 5', 'entry 4', 'entry 3']);
    button()!.click();
    await fixture.whenStable();
    expect(api.deploymentTimeline).toHaveBeenLastCalledWith('dep-1', { cursor: 'c-3', limit: 200 });
    expect(shown()).toEqual(['entry 6', 'entry 5', 'entry 4', 'entry 3', 'entry 2', 'entry 1']);
    expect(button()).toBeNull();
  });
});
