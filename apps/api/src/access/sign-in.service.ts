import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, LessThan } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { DomainError } from '../domain.js';
import type { SignIn } from '../contracts.js';
import { AuditService } from './audit.service.js';
import { newSecret, sha256, UNUSABLE_PASSWORD_HASH, verifyPassword } from './secrets.js';
import { SessionEntity } from './session.entity.js';
import { UserEntity } from './user.entity.js';
import { UsersService } from './users.service.js';

/** A session's last_seen_at (and so its idle expiry) moves at most this often. */
const TOUCH_EVERY_MS = 5 * 60_000;

export interface SessionHolder {
  user: UserEntity;
}

/**
 * Dashboard sign-in. Failures are counted from the audit log, so every instance sharing a
 * database enforces the same limit: after `maxFailures` for one name, or four times as many from
 * one address, within the window, sign-in waits until the oldest of them leaves the window.
 */
@Injectable()
export class SignInService {
  private readonly logger = new Logger('SignIn');

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The session key for the cookie, and the user it signs in. */
  async signIn(dto: SignIn, ip: string | null): Promise<{ key: string; user: UserEntity; maxAgeSeconds: number }> {
    const username = dto.username.trim().toLowerCase();
    await this.refuseWhileLimited(username, ip);
    const user = await this.users.findByUsername(username);
    // An unknown name is checked against an unusable hash, so it takes as long as a wrong password.
    const matches = await verifyPassword(dto.password, user?.password_hash ?? UNUSABLE_PASSWORD_HASH);
    if (!user || !matches || user.disabled) {
      await this.audit.record({
        kind: 'sign_in_failed',
        actor: null,
        subject: username,
        detail: !user ? 'unknown username' : !matches ? 'wrong password' : 'user is disabled',
        ip,
      });
      throw new DomainError('unauthorized', 'The username or password is not right (or the account is disabled).');
    }
    const key = newSecret();
    const now = this.clock.now();
    const ttlMs = this.config.auth.sessionHours * 3_600_000;
    await this.unitOfWork.write(async (m) => {
      await m.insert(SessionEntity, {
        key_hash: sha256(key),
        user_id: user.id,
        created_at: now,
        expires_at: new Date(Date.parse(now) + ttlMs).toISOString(),
        last_seen_at: now,
      });
      await m.update(UserEntity, { id: user.id }, { last_sign_in_at: now });
      // Expired sessions are cleared as people sign in; there is no table to grow without bound.
      await m.delete(SessionEntity, { expires_at: LessThan(now) });
    });
    await this.audit.record({ kind: 'sign_in', actor: user.username, subject: user.username, ip });
    return { key, user: { ...user, last_sign_in_at: now }, maxAgeSeconds: ttlMs / 1_000 };
  }

  async signOut(key: string | null, username: string | null, ip: string | null): Promise<void> {
    if (key) await this.unitOfWork.write((m) => m.delete(SessionEntity, { key_hash: sha256(key) }));
    await this.audit.record({ kind: 'sign_out', actor: username, subject: username, ip });
  }

  /** The signed-in user of a session key, if the session is current; an idle session expires after SESSION_HOURS. */
  async holderOf(key: string): Promise<SessionHolder | null> {
    // The session and its user in one read: this runs on every request the dashboard makes.
    const session = await this.dataSource
      .getRepository(SessionEntity)
      .createQueryBuilder('s')
      .innerJoinAndMapOne('s.holder', UserEntity, 'u', 'u.id = s.user_id')
      .where('s.key_hash = :hash', { hash: sha256(key) })
      .getOne();
    const now = this.clock.now();
    if (!session || session.expires_at <= now) return null;
    const { holder: user } = session as SessionEntity & { holder: UserEntity };
    if (user.disabled) return null;
    if (Date.parse(session.last_seen_at) < Date.parse(now) - TOUCH_EVERY_MS) {
      const expires = new Date(Date.parse(now) + this.config.auth.sessionHours * 3_600_000).toISOString();
      this.unitOfWork
        .write((m) => m.update(SessionEntity, { key_hash: session.key_hash }, { last_seen_at: now, expires_at: expires }))
        .catch((error: unknown) =>
          this.logger.warn(`Could not extend a session: ${error instanceof Error ? error.message : String(error)}`),
        );
    }
    return { user };
  }

  private async refuseWhileLimited(username: string, ip: string | null): Promise<void> {
    const { maxFailures, windowMinutes } = this.config.auth.signInLimit;
    const windowMs = windowMinutes * 60_000;
    const since = new Date(Date.parse(this.clock.now()) - windowMs).toISOString();
    const checks: Array<Promise<{ count: number; earliest: string | null; limit: number }>> = [
      this.audit.failuresSince('subject', username, since).then((r) => ({ ...r, limit: maxFailures })),
    ];
    if (ip) checks.push(this.audit.failuresSince('ip', ip, since).then((r) => ({ ...r, limit: maxFailures * 4 })));
    for (const { count, earliest, limit } of await Promise.all(checks)) {
      if (count < limit) continue;
      const retryAfter = Math.max(1, Math.ceil((Date.parse(earliest ?? since) + windowMs - Date.parse(this.clock.now())) / 1_000));
      throw new DomainError(
        'rate_limited',
        `Too many failed sign-ins; try again in ${retryAfter < 120 ? `${retryAfter} seconds` : `${Math.ceil(retryAfter / 60)} minutes`}.`,
        { retry_after_seconds: retryAfter },
      );
    }
  }
}
