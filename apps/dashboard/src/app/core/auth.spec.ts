import { TestBed } from '@angular/core/testing';
import type { Role } from '@workflow-mcp/domain';
import { fakeFetch, session, user } from '../../testing/access-fakes';
import { AUTH_FETCH, Auth } from './auth';

async function signedInAs(answer: Parameters<typeof fakeFetch>[0][string]) {
  TestBed.configureTestingModule({ providers: [{ provide: AUTH_FETCH, useValue: fakeFetch({ 'GET /api/auth/session': answer }) }] });
  const auth = TestBed.inject(Auth);
  await auth.load();
  return auth;
}

const allowed = (auth: Auth) => (['viewer', 'responder', 'admin'] as Role[]).filter((role) => auth.can(role));

describe('what the signed-in role may do', () => {
  it.each([
    ['viewer', ['viewer']],
    ['responder', ['viewer', 'responder']],
    ['admin', ['viewer', 'responder', 'admin']],
  ] as const)('a %s may do what needs %j', async (role, expected) => {
    const auth = await signedInAs({ status: 200, body: session({ user: user({ role }) }) });
    expect(allowed(auth)).toEqual(expected);
    expect(auth.isAdmin()).toBe(role === 'admin');
  });

  it('a read-only token changes nothing, whatever its role', async () => {
    const auth = await signedInAs({
      status: 200,
      body: session({ kind: 'token', token_name: 'report-bot', role: 'admin', read_only: true }),
    });
    expect(allowed(auth)).toEqual([]);
  });

  it('local mode: everything, no admin pages in the menu (there are no people to manage)', async () => {
    const auth = await signedInAs({ status: 200, body: session({ mode: 'local', kind: 'local', user: null, role: 'admin' }) });
    expect(allowed(auth)).toEqual(['viewer', 'responder', 'admin']);
    expect(auth.isAdmin()).toBe(false);
  });

  it('signed out: nothing; and the service unreachable: nothing hidden (it still refuses what it must)', async () => {
    const out = await signedInAs({ status: 401, body: { statusCode: 401, error: 'unauthorized', message: 'Sign in first.' } });
    expect(out.status()).toBe('signed-out');
    expect(allowed(out)).toEqual([]);
    TestBed.resetTestingModule();
    const unknown = await signedInAs({ status: 502 });
    expect(unknown.status()).toBe('unknown');
    expect(allowed(unknown)).toEqual(['viewer', 'responder', 'admin']);
  });
});
