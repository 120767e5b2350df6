import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import type { Routes } from '@angular/router';
import { requiresRole, signedIn } from './access/access.guards';
import { ApiClient } from './core/api-client';
import { apiInterceptor } from './core/api.interceptor';
import { DeploymentActions } from './deployments/deployment-actions';

/**
 * The pages, one lazy route each (a folder per page area), under one parent that provides HTTP:
 * the REST client with its interceptor (X-Client, access token, errors → snackbar). Dialogs that
 * call the API are opened with the calling page's injector, so they reach these providers too.
 */
export const PAGE_ROUTES: Routes = [
  {
    path: '',
    providers: [provideHttpClient(withFetch(), withInterceptors([apiInterceptor])), ApiClient, DeploymentActions],
    // In team mode every page but /sign-in needs someone signed in.
    canActivateChild: [signedIn],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'operations' },
      {
        path: 'operations',
        title: 'Operations · workflow-mcp',
        loadComponent: () => import('./operations/operations-page').then((m) => m.OperationsPage),
      },
      {
        path: 'operations/incidents/:id',
        title: 'Incident · workflow-mcp',
        loadComponent: () => import('./operations/incident-detail-page').then((m) => m.IncidentDetailPage),
      },
      {
        path: 'operations/incidents/:id/postmortem',
        title: 'Postmortem · workflow-mcp',
        loadComponent: () => import('./postmortems/postmortem-editor-page').then((m) => m.PostmortemEditorPage),
      },
      {
        path: 'operations/follow-ups',
        title: 'Follow-ups · workflow-mcp',
        loadComponent: () => import('./postmortems/follow-ups-page').then((m) => m.FollowUpsPage),
      },
      {
        path: 'environments',
        title: 'Environments · workflow-mcp',
        loadComponent: () => import('./environments/environments-page').then((m) => m.EnvironmentsPage),
      },
      {
        path: 'environments/:id',
        title: 'Environment · workflow-mcp',
        loadComponent: () => import('./environments/environment-detail-page').then((m) => m.EnvironmentDetailPage),
      },
      {
        path: 'deployments',
        title: 'Deployments · workflow-mcp',
        loadComponent: () => import('./deployments/deployments-page').then((m) => m.DeploymentsPage),
      },
      {
        path: 'deployments/:id',
        title: 'Deployment · workflow-mcp',
        loadComponent: () => import('./deployments/deployment-detail-page').then((m) => m.DeploymentDetailPage),
      },
      {
        path: 'delivery',
        title: 'Delivery · workflow-mcp',
        loadComponent: () => import('./delivery/delivery-page').then((m) => m.DeliveryPage),
      },
      {
        path: 'notifications',
        title: 'Notifications · workflow-mcp',
        loadComponent: () => import('./notifications/notifications-page').then((m) => m.NotificationsPage),
      },
      {
        path: 'sign-in',
        title: 'Sign in · workflow-mcp',
        loadComponent: () => import('./access/sign-in-page').then((m) => m.SignInPage),
      },
      {
        path: 'tokens',
        title: 'My tokens · workflow-mcp',
        loadComponent: () => import('./access/tokens-page').then((m) => m.TokensPage),
      },
      {
        path: 'password',
        title: 'Change password · workflow-mcp',
        loadComponent: () => import('./access/password-page').then((m) => m.PasswordPage),
      },
      { path: 'admin', pathMatch: 'full', redirectTo: 'admin/users' },
      {
        path: 'admin/users',
        title: 'Users · workflow-mcp',
        canActivate: [requiresRole('admin')],
        loadComponent: () => import('./access/admin/users-page').then((m) => m.UsersPage),
      },
      {
        path: 'admin/tokens',
        title: 'Tokens · workflow-mcp',
        canActivate: [requiresRole('admin')],
        loadComponent: () => import('./access/admin/admin-tokens-page').then((m) => m.AdminTokensPage),
      },
      {
        path: 'admin/audit',
        title: 'Audit log · workflow-mcp',
        canActivate: [requiresRole('admin')],
        loadComponent: () => import('./access/admin/audit-page').then((m) => m.AuditPage),
      },
      { path: '**', redirectTo: 'operations' },
    ],
  },
];
