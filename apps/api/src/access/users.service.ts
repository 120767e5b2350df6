import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import { byColumns, pageByKeyset } from '../database/keyset.js';
import { forUpdate } from '../database/revision.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { DomainError, type Page, type User } from '../domain.js';
import type { UserCreate, UserQuery, UserUpdate } from '../contracts.js';
import { AuditService } from './audit.service.js';
import { AccessTokenEntity } from './access-token.entity.js';
import { hashPassword } from './secrets.js';
import { SessionEntity } from './session.entity.js';
import { UserEntity } from './user.entity.js';

export function toUser(e: UserEntity): User {
  return {
    id: e.id,
    username: e.username,
    display_name: e.display_name,
    role: e.role,
    disabled: Boolean(e.disabled),
    created_at: e.created_at,
    updated_at: e.updated_at,
    last_sign_in_at: e.last_sign_in_at,
  };
}

const NOT_FOUND_HINT = 'List users with GET /api/users (or the list_users tool) to find the id.';

/** People with a sign-in. The first one turns the service from local into team mode. */
@Injectable()
export class UsersService {
  /** Listeners told when the first user appears (the authenticator switches to team mode at once). */
  private readonly created: Array<() => void> = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  onCreated(listener: () => void): void {
    this.created.push(listener);
  }

  async anyExist(): Promise<boolean> {
    return (await this.dataSource.getRepository(UserEntity).createQueryBuilder('u').select('u.id').limit(1).getRawOne()) !== undefined;
  }

  async list(query: UserQuery): Promise<Page<User>> {
    const qb = this.dataSource.getRepository(UserEntity).createQueryBuilder('u');
    const page = await pageByKeyset(qb, byColumns<UserEntity>('u', ['username', 'ASC'], ['id', 'ASC']), query.limit, query.cursor);
    return { ...page, items: page.items.map(toUser) };
  }

  async get(id: string): Promise<User> {
    return toUser(await this.require(id));
  }

  async require(id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<UserEntity> {
    const found = await manager.findOne(UserEntity, { where: { id }, ...(lock ? forUpdate(manager) : {}) });
    if (!found) throw DomainError.notFound('user', id, NOT_FOUND_HINT);
    return found;
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOne({ where: { username: username.trim().toLowerCase() } });
  }

  async create(dto: UserCreate, by: string | null): Promise<User> {
    const username = dto.username.trim().toLowerCase();
    const passwordHash = await hashPassword(dto.password);
    const now = this.clock.now();
    const row: UserEntity = {
      id: newId('usr'),
      username,
      display_name: dto.display_name?.trim() || null,
      role: dto.role,
      password_hash: passwordHash,
      disabled: false,
      created_at: now,
      updated_at: now,
      last_sign_in_at: null,
    };
    await this.unitOfWork.write(async (m) => {
      if (await m.findOne(UserEntity, { where: { username } })) {
        throw new DomainError('conflict', `A user named "${username}" already exists; choose another username.`);
      }
      await m.insert(UserEntity, row);
    });
    await this.audit.record({ kind: 'user_created', actor: by, subject: username, detail: `role ${row.role}` });
    for (const listener of this.created) listener();
    return toUser(row);
  }

  async update(id: string, dto: UserUpdate, by: string | null, selfId: string | null): Promise<User> {
    const passwordHash = dto.password ? await hashPassword(dto.password) : null;
    const changes: string[] = [];
    const user = await this.unitOfWork.write(async (m) => {
      const row = await this.require(id, m, true);
      const demoted = dto.role !== undefined && dto.role !== 'admin' && row.role === 'admin';
      const disabled = dto.disabled === true && !row.disabled && row.role === 'admin';
      if ((demoted || disabled) && (await this.otherActiveAdmins(m, row.id)) === 0) {
        throw new DomainError('conflict', `${row.username} is the last active admin; make someone else admin first.`);
      }
      if (selfId === row.id && (dto.disabled === true || (dto.role !== undefined && dto.role !== row.role))) {
        throw new DomainError('conflict', 'You cannot change your own role or disable yourself; ask another admin.');
      }
      if (dto.role !== undefined && dto.role !== row.role) changes.push(`role ${row.role} → ${dto.role}`);
      if (dto.disabled !== undefined && dto.disabled !== Boolean(row.disabled)) changes.push(dto.disabled ? 'disabled' : 'enabled');
      if (dto.display_name !== undefined) changes.push('display name');
      if (passwordHash) changes.push('password');
      row.role = dto.role ?? row.role;
      row.disabled = dto.disabled ?? Boolean(row.disabled);
      if (dto.display_name !== undefined) row.display_name = dto.display_name?.trim() || null;
      if (passwordHash) row.password_hash = passwordHash;
      row.updated_at = this.clock.now();
      await m.save(UserEntity, row);
      // A new password or a disabled account ends every session: whoever held one signs in again.
      if (passwordHash || row.disabled) await m.delete(SessionEntity, { user_id: row.id });
      return row;
    });
    await this.audit.record({ kind: 'user_updated', actor: by, subject: user.username, detail: changes.join(', ') || 'no change' });
    return toUser(user);
  }

  async remove(id: string, by: string | null, selfId: string | null): Promise<void> {
    const username = await this.unitOfWork.write(async (m) => {
      const row = await this.require(id, m, true);
      if (selfId === row.id) throw new DomainError('conflict', 'You cannot delete yourself; ask another admin.');
      if (row.role === 'admin' && !row.disabled && (await this.otherActiveAdmins(m, row.id)) === 0) {
        throw new DomainError('conflict', `${row.username} is the last active admin; make someone else admin first.`);
      }
      await m.delete(SessionEntity, { user_id: row.id });
      await m.delete(AccessTokenEntity, { user_id: row.id });
      await m.delete(UserEntity, { id: row.id });
      return row.username;
    });
    await this.audit.record({ kind: 'user_deleted', actor: by, subject: username });
  }

  private otherActiveAdmins(m: EntityManager, exceptId: string): Promise<number> {
    return m
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where("u.role = 'admin' AND u.disabled = :off AND u.id <> :id", { off: false, id: exceptId })
      .getCount();
  }
}
