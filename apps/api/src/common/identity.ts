import type { FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { type ChangeSource, type IdentityKind, LIMITS, ROLES, type Role } from '../domain.js';
import type { Actor } from './request-context.js';

/** Who a request comes from, decided once per request by the authenticator. */
export interface Identity {
  kind: IdentityKind;
  /** How it was proven: the dashboard's session cookie, a Bearer token, or nothing (local mode). */
  via: 'session' | 'bearer' | 'none';
  userId: string | null;
  username: string | null;
  tokenId: string | null;
  tokenName: string | null;
  role: Role;
  readOnly: boolean;
}

export const LOCAL_IDENTITY: Identity = {
  kind: 'local',
  via: 'none',
  userId: null,
  username: null,
  tokenId: null,
  tokenName: null,
  role: 'admin',
  readOnly: false,
};

export const roleAtLeast = (role: Role, needed: Role) => ROLES.indexOf(role) >= ROLES.indexOf(needed);
export const lowerRole = (a: Role, b: Role): Role => (ROLES.indexOf(a) <= ROLES.indexOf(b) ? a : b);

/** What timelines record as the actor: the user, a token with its owner, or the deprecated shared token. */
export function actorName(identity: Identity): string | null {
  switch (identity.kind) {
    case 'user':
      return identity.username;
    case 'token':
      return `${identity.tokenName ?? 'token'} (token of ${identity.username ?? 'unknown'})`.slice(0, LIMITS.actorMax);
    case 'access_token':
      return 'ACCESS_TOKEN';
    case 'local':
      return null;
  }
}

/** The change's author for timelines and events; `source` is the interface it came through. */
export function actorOf(identity: Identity, source: ChangeSource): Actor {
  return { source, actor: actorName(identity) };
}

const identities = new WeakMap<IncomingMessage, Identity>();

export function setIdentity(request: FastifyRequest, identity: Identity): void {
  identities.set(request.raw, identity);
}

/** The identity the request gate established, or null on the routes it lets through unauthenticated (sign-in, files). */
export function identityOf(request: FastifyRequest | { raw: IncomingMessage }): Identity | null {
  return identities.get(request.raw) ?? null;
}
