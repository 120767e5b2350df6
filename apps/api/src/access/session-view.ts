import { actorName, type Identity } from '../common/identity.js';
import type { AccessMode, Session, User } from '../domain.js';

/** The caller as the dashboard and GET /api/auth/session show it. */
export function sessionOf(identity: Identity, mode: AccessMode, user: User | null): Session {
  return {
    mode,
    kind: identity.kind,
    user,
    token_name: identity.tokenName,
    role: identity.role,
    read_only: identity.readOnly,
    actor: actorName(identity),
  };
}
