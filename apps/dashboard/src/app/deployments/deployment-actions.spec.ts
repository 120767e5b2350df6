import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { DEPLOYMENT_STATUSES, allowedDeploymentActions } from '@workflow-mcp/domain';
import { EVENT_SOURCE_FACTORY } from '../core/live-updates';
import { deployment, fakeApi, page, environment } from '../../testing/fakes';
import { DeploymentActions, buttonActions } from './deployment-actions';
import { DeploymentDetailPage } from './deployment-detail-page';

describe('deployment lifecycle buttons', () => {
  it('offer what libs/domain allows in each status (progress comes from the pipeline), plus edit until rolled back', () => {
    expect(buttonActions({ status: 'planned' })).toEqual(['execute', 'edit', 'delete']);
    expect(buttonActions({ status: 'in_progress' })).toEqual(['complete', 'fail', 'rollback', 'edit']);
    expect(buttonActions({ status: 'completed' })).toEqual(['rollback', 'edit']);
    expect(buttonActions({ status: 'failed' })).toEqual(['rollback', 'edit']);
    expect(buttonActions({ status: 'rolled_back' })).toEqual([]);
    for (const status of DEPLOYMENT_STATUSES) {
      const lifecycle = buttonActions({ status }).filter((a) => a !== 'edit');
      expect(lifecycle.every((a) => allowedDeploymentActions(status).includes(a))).toBe(true);
    }
  });

  async function render(overrides: Parameters<typeof deployment>[0]) {
    const { api, provider } = fakeApi();
    api.getDeployment.mockResolvedValue(deployment(overrides));
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
