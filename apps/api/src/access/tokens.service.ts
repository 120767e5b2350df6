import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import { byColumns, pageByKeyset } from '../database/keyset.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { DomainError, type AccessToken, type CreatedAccessToken, type Page, type Role } from '../domain.js';
import type { AccessTokenCreate, AccessTokenQuery } from '../contracts.js';
import { AccessTokenEntity } from './access-token.entity.js';
import { AuditService } from './audit.service.js';
import { actorName, type Identity, lowerRole, roleAtLeast } from '../common/identity.js';
import { newSecret, sha256, TOKEN_PREFIX } from './secrets.js';
import { UserEntity } from './user.entity.js';

/** last_used_at is written at most this often per token: a busy agent should not turn reads into writes. */
const LAST_USED_EVERY_MS = 60_000;

function toToken(e: AccessTokenEntity, username: string, now: string): AccessToken {
  return {
    id: e.id,
    name: e.name,
    user_id: e.user_id,
    username,
    role: e.role,
    read_only: Boolean(e.read_only),
    prefix: e.prefix,
    created_at: e.created_at,
    created_by: e.created_by,
    expires_at: e.expires_at,
    last_used_at: e.last_used_at,
    revoked_at: e.revoked_at,
    active: e.revoked_at === null && (e.expires_at === null || e.expires_at > now),
  };
}

/** What a presented token proves, when it is valid. */
export interface TokenHolder {
  token: AccessTokenEntity;
  user: UserEntity;
  role: Role;
}

/** Personal and agent tokens: shown once, stored as a hash, revocable, with a role no higher than their owner's. */
@Injectable()
export class TokensService {
  private readonly logger = new Logger('Tokens');

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async list(query: AccessTokenQuery, caller: Identity): Promise<Page<AccessToken>> {
    const everyone = query.all === true || (query.user_id !== undefined && query.user_id !== caller.userId);
    if (everyone && !roleAtLeast(caller.role, 'admin')) {
      throw new DomainError('forbidden', "Only admins may list other people's tokens; leave out all and user_id to list your own.");
    }
    const qb = this.dataSource.getRepository(AccessTokenEntity).createQueryBuilder('t');
    if (query.user_id !== undefined) qb.andWhere('t.user_id = :user', { user: query.user_id });
    else if (query.all !== true) qb.andWhere('t.user_id = :user', { user: caller.userId ?? '' });
    const now = this.clock.now();
    if (query.include_inactive !== true) qb.andWhere('t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > :now)', { now });
    const page = await pageByKeyset(
      qb,
      byColumns<AccessTokenEntity>('t', ['created_at', 'DESC'], ['id', 'DESC']),
      query.limit,
      query.cursor,
    );
    const owners = await this.usernames(page.items.map((t) => t.user_id));
    return { ...page, items: page.items.map((t) => toToken(t, owners.get(t.user_id) ?? '', now)) };
  }

  async create(dto: AccessTokenCreate, caller: Identity): Promise<CreatedAccessToken> {
    if (caller.userId === null && dto.user_id === undefined) {
      throw DomainError.validation('user_id', 'is required here: this caller is not a user, so name the user the token is for');
    }
    const ownerId = dto.user_id ?? caller.userId ?? '';
    if (ownerId !== caller.userId && !roleAtLeast(caller.role, 'admin')) {
      throw new DomainError('forbidden', 'Only admins may create tokens for other people; leave out user_id to create one for yourself.');
    }
    const owner = await this.dataSource.getRepository(UserEntity).findOne({ where: { id: ownerId } });
    if (!owner) throw DomainError.notFound('user', ownerId, 'List users with GET /api/users to find the id.');
    if (owner.disabled)
      throw new DomainError('conflict', `${owner.username} is disabled; enable the user before creating tokens for them.`);
    // No higher than the owner's role, nor than the caller's own (an admin's responder token cannot mint admin tokens).
    const ceiling = lowerRole(owner.role, caller.role);
    const role = dto.role ?? ceiling;
    if (!roleAtLeast(ceiling, role)) {
      throw DomainError.validation(
        'role',
        `may be at most ${ceiling} (the role of ${owner.username}${ceiling === caller.role ? ' and of the caller' : ''})`,
      );
    }
    const now = this.clock.now();
    if (dto.expires_at && new Date(dto.expires_at).toISOString() <= now) {
      throw DomainError.validation('expires_at', 'must be in the future');
    }
    const secret = newSecret(TOKEN_PREFIX);
    const row: AccessTokenEntity = {
      id: newId('tok'),
      name: dto.name.trim(),
      user_id: owner.id,
      role,
      read_only: dto.read_only ?? false,
      token_hash: sha256(secret),
      prefix: secret.slice(0, TOKEN_PREFIX.length + 8),
      created_at: now,
      created_by: actorName(caller),
      expires_at: dto.expires_at ? new Date(dto.expires_at).toISOString() : null,
      last_used_at: null,
      revoked_at: null,
    };
    await this.unitOfWork.write((m) => m.insert(AccessTokenEntity, row));
    await this.audit.record({
      kind: 'token_created',
      actor: actorName(caller),
      subject: `${row.name} (${owner.username})`,
      detail: `${row.prefix}…, role ${role}${row.read_only ? ', read-only' : ''}${row.expires_at ? `, expires ${row.expires_at}` : ''}`,
    });
    return { token: toToken(row, owner.username, now), secret };
  }

  async revoke(id: string, caller: Identity): Promise<void> {
    const subject = await this.unitOfWork.write(async (m) => {
      const row = await m.findOne(AccessTokenEntity, { where: { id } });
      if (!row || (row.user_id !== caller.userId && !roleAtLeast(caller.role, 'admin'))) {
        throw DomainError.notFound('token', id, 'List your tokens with GET /api/tokens to find the id.');
      }
      if (row.revoked_at === null) await m.update(AccessTokenEntity, { id }, { revoked_at: this.clock.now() });
      const owner = await m.findOne(UserEntity, { where: { id: row.user_id } });
      return `${row.name} (${owner?.username ?? row.user_id})`;
    });
    await this.audit.record({ kind: 'token_revoked', actor: actorName(caller), subject });
  }

  /**
   * The holder of a presented secret, if the token is active and its owner may still sign in.
   * Read from the database on every request, so revocation and expiry take effect at once.
   */
  async holderOf(secret: string): Promise<TokenHolder | null> {
    if (!secret.startsWith(TOKEN_PREFIX)) return null;
    // The token and its owner in one read: this runs on every request a token makes.
    const token = await this.dataSource
      .getRepository(AccessTokenEntity)
      .createQueryBuilder('t')
      .innerJoinAndMapOne('t.owner', UserEntity, 'u', 'u.id = t.user_id')
      .where('t.token_hash = :hash', { hash: sha256(secret) })
      .getOne();
    if (!token || token.revoked_at !== null) return null;
    const now = this.clock.now();
    if (token.expires_at !== null && token.expires_at <= now) return null;
    const { owner: user } = token as AccessTokenEntity & { owner: UserEntity };
    if (user.disabled) return null;
    if (token.last_used_at === null || Date.parse(token.last_used_at) < Date.parse(now) - LAST_USED_EVERY_MS) {
      this.unitOfWork
        .write((m) => m.update(AccessTokenEntity, { id: token.id }, { last_used_at: now }))
        .catch((error: unknown) =>
          this.logger.warn(`Could not record a token's last use: ${error instanceof Error ? error.message : String(error)}`),
        );
    }
    // A token never outranks its owner: demoting a person demotes their tokens.
    return { token, user, role: lowerRole(token.role, user.role) };
  }

  private async usernames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .select(['u.id', 'u.username'])
      .where('u.id IN (:...ids)', { ids: [...new Set(ids)] })
      .getMany();
    return new Map(rows.map((u) => [u.id, u.username]));
  }
}
