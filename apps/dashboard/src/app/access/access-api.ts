import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  AccessTokenCreate,
  AccessTokenPage,
  AccessTokenQuery,
  AuditPage,
  AuditQuery,
  CreatedAccessToken,
  PasswordChange,
  User,
  UserCreate,
  UserPage,
  UserQuery,
  UserUpdate,
} from '@workflow-mcp/domain';
import { firstValueFrom } from 'rxjs';

function params(query: object): HttpParams {
  let result = new HttpParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    result = result.set(key, String(value));
  }
  return result;
}

const id = (value: string) => encodeURIComponent(value);

/**
 * The people-and-tokens routes, one method each. Provided by the pages that use them (their
 * injector reaches the pages' HttpClient and interceptor, which shows the API's messages).
 * Signing in and out goes through `Auth` instead, which the shell needs before any page loads.
 */
@Injectable()
export class AccessApi {
  private readonly http = inject(HttpClient);

  changePassword(change: PasswordChange): Promise<unknown> {
    return firstValueFrom(this.http.put('/api/auth/password', change));
  }

  listUsers(query: UserQuery = {}): Promise<UserPage> {
    return firstValueFrom(this.http.get<UserPage>('/api/users', { params: params({ limit: 100, ...query }) }));
  }
  createUser(input: UserCreate): Promise<User> {
    return firstValueFrom(this.http.post<User>('/api/users', input));
  }
  updateUser(userId: string, changes: UserUpdate): Promise<User> {
    return firstValueFrom(this.http.patch<User>(`/api/users/${id(userId)}`, changes));
  }
  deleteUser(userId: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`/api/users/${id(userId)}`));
  }

  listTokens(query: AccessTokenQuery = {}): Promise<AccessTokenPage> {
    return firstValueFrom(this.http.get<AccessTokenPage>('/api/tokens', { params: params({ limit: 100, ...query }) }));
  }
  createToken(input: AccessTokenCreate): Promise<CreatedAccessToken> {
    return firstValueFrom(this.http.post<CreatedAccessToken>('/api/tokens', input));
  }
  revokeToken(tokenId: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`/api/tokens/${id(tokenId)}`));
  }

  listAudit(query: AuditQuery = {}): Promise<AuditPage> {
    return firstValueFrom(this.http.get<AuditPage>('/api/audit', { params: params({ limit: 50, ...query }) }));
  }
}
