import type { AccessToken, Session, User } from '@workflow-mcp/domain';
import { vi } from 'vitest';
import { AccessApi } from '../app/access/access-api';

/** Shapes of the people-and-tokens routes as the API returns them, for component tests. */

export function user(overrides: Partial<User> = {}): User {
  return {
    id: 'usr-1',
    username: 'alice',
    display_name: 'Alice Kim',
    role: 'responder',
    disabled: false,
    created_at: '2025-01-10T10:00:00.000Z',
    updated_at: '2025-01-10T10:00:00.000Z',
    last_sign_in_at: null,
    ...overrides,
  };
}

export function session(overrides: Partial<Session> = {}): Session {
  const who = overrides.user === undefined ? user() : overrides.user;
  return {
    mode: 'team',
    kind: 'user',
    user: who,
    token_name: null,
    role: who?.role ?? 'admin',
    read_only: false,
    actor: who?.username ?? null,
    ...overrides,
  };
}

export function accessToken(overrides: Partial<AccessToken> = {}): AccessToken {
  return {
    id: 'tok-1',
    name: 'deploy-pipeline',
    user_id: 'usr-1',
    username: 'alice',
    role: 'responder',
    read_only: false,
    prefix: 'wfm_ab12',
    created_at: '2025-01-10T10:00:00.000Z',
    created_by: 'alice',
    expires_at: null,
    last_used_at: null,
    revoked_at: null,
    active: true,
    ...overrides,
  };
}

/** An AccessApi whose every method is a vi.fn(). */
export function fakeAccessApi() {
  const api = {
    changePassword: vi.fn(),
    listUsers: vi.fn(),
    createUser: vi.fn(),
    updateUser: vi.fn(),
    deleteUser: vi.fn(),
    listTokens: vi.fn(),
    createToken: vi.fn(),
    revokeToken: vi.fn(),
    listAudit: vi.fn(),
  };
  return { api, provider: { provide: AccessApi, useValue: api } };
}

/** A stand-in for fetch answering each URL as told (status and JSON body), recording the calls. */
export function fakeFetch(routes: Record<string, { status: number; body?: unknown; headers?: Record<string, string> }>) {
  return vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const key = `${init?.method ?? 'GET'} ${String(input)}`;
    const route = routes[key];
    if (!route) return new Response(null, { status: 404 });
    return new Response(route.body === undefined ? null : JSON.stringify(route.body), {
      status: route.status,
      headers: { 'content-type': 'application/json', ...route.headers },
    });
  });
}
