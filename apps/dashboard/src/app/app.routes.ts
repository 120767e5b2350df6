import type { Routes } from '@angular/router';

/** One lazy route per page area; each area lives in its own folder. */
export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'operations' },
  {
    path: 'operations',
    title: 'Operations · workflow-mcp',
    loadComponent: () => import('./operations/operations-page').then((m) => m.OperationsPage),
  },
  {
    path: 'environments',
    title: 'Environments · workflow-mcp',
    loadComponent: () => import('./environments/environments-page').then((m) => m.EnvironmentsPage),
  },
  {
    path: 'deployments',
    title: 'Deployments · workflow-mcp',
    loadComponent: () => import('./deployments/deployments-page').then((m) => m.DeploymentsPage),
  },
  { path: '**', redirectTo: 'operations' },
];
