import { randomUUID } from 'node:crypto';
import { SignJWT, type JSONWebKeySet } from 'jose';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, type AuthUser, type Role } from '../runtime/auth.js';
import { outboxEvent } from '../events/index.js';
import { DomainError } from '../runtime/errors.js';
import type { IdentityConfig } from './config.js';
import {
  dummyPasswordHash,
  hashPassword,
  hashRefreshToken,
  newRefreshToken,
  normalizeEmail,
  verifyPassword,
} from './credentials.js';
import { passwordChanged, profileUpdated, roleChanged, userRegistered } from './events.js';
import { SIGNING_ALGORITHM, type SigningKeyStore } from './keys.js';
import { canAccessProfile, roleChangeDecision } from './policy.js';
import { EmailTakenError, type IdentityRepository, type UserRecord } from './repository.js';
import { loginAttempts } from './metrics.js';
import { throttleDecision, throttleKeys, throttleQueries, type ThrottleProbes } from './throttle.js';

/** A user as the API shows it: never the password hash. */
export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}

export interface Session {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  user: PublicUser;
}

export interface RegisterInput {
  email: string;
  password: string;
  name: string;
}

export interface LoginInput {
  email: string;
  password: string;
  /** Client address, for per-IP throttling. */
  ip: string;
}

export interface ProfilePatch {
  email?: string | undefined;
  name?: string | undefined;
  password?: string | undefined;
  role?: Role | undefined;
}

export interface IdentityServiceDeps {
  repository: IdentityRepository;
  keys: SigningKeyStore;
  config: IdentityConfig;
  now?: () => Date;
  /** Called after a commit that wrote outbox rows (the relay publishes them soon). */
  outboxWritten?: () => void;
}

const INVALID_CREDENTIALS = 'Invalid email or password';
const USER_NOT_FOUND = 'User not found';

export function toPublicUser(user: UserRecord): PublicUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role, createdAt: user.createdAt.toISOString() };
}

export function createIdentityService({ repository, keys, config, now = () => new Date(), outboxWritten = () => undefined }: IdentityServiceDeps) {
  async function issueAccessToken(user: UserRecord): Promise<string> {
    const { kid, privateKey } = await keys.current();
    const issuedAt = Math.floor(now().getTime() / 1000);
    return new SignJWT({ email: user.email, role: user.role })
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid, typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + config.accessTokenTtlSeconds)
      .setJti(randomUUID())
      .sign(privateKey);
  }

  function refreshExpiry(): Date {
    return new Date(now().getTime() + config.refreshTokenTtlDays * 86_400_000);
  }

  async function session(user: UserRecord, refreshToken: string): Promise<Session> {
    return {
      accessToken: await issueAccessToken(user),
      tokenType: 'Bearer',
      expiresIn: config.accessTokenTtlSeconds,
      refreshToken,
      user: toPublicUser(user),
    };
  }

  /** The actor's current role: a token may outlive a demotion, so admin powers are re-checked here. */
  async function currentRole(actor: AuthUser): Promise<Role | null> {
    if (actor.role !== 'admin') return actor.role;
    const fresh = await repository.findUserById(actor.id);
    return fresh?.role ?? null;
  }

  async function visibleUser(actor: AuthUser, userId: string): Promise<{ user: UserRecord; actorRole: Role }> {
    const actorRole = await currentRole(actor);
    if (!actorRole || !canAccessProfile({ id: actor.id, role: actorRole }, userId)) {
      throw new DomainError('NOT_FOUND', USER_NOT_FOUND);
    }
    const user = await repository.findUserById(userId);
    if (!user) throw new DomainError('NOT_FOUND', USER_NOT_FOUND);
    return { user, actorRole };
  }

  return {
    /** New customer account. The role is never taken from the caller. */
    async register(input: RegisterInput): Promise<PublicUser> {
      const email = normalizeEmail(input.email);
      // Checked first for a cheap answer; the unique index settles concurrent registrations.
      if (await repository.findUserByEmail(email)) throw emailTaken();
      const passwordHash = await hashPassword(input.password);
      const id = randomUUID();
      const name = input.name.trim();
      // The new user is the actor of their own registration.
      const registered = outboxEvent(userRegistered, { userId: id, email, name, role: 'customer', registeredAt: now().toISOString() }, { actor: { type: 'user', id } });
      try {
        const user = await repository.createUser({ id, email, name, passwordHash, role: 'customer' }, [registered]);
        outboxWritten();
        return toPublicUser(user);
      } catch (error) {
        if (error instanceof EmailTakenError) throw emailTaken();
        throw error;
      }
    },

    async login(input: LoginInput): Promise<Session> {
      const email = normalizeEmail(input.email);
      const at = now();
      const limits = config.loginThrottle;
      const keys = throttleKeys(email, input.ip);

      // Reserve the attempt before touching the password: concurrent guesses queue on the account
      // and address, so no more than the limit ever reach a password check, and a blocked guesser
      // learns nothing. Every call counts, one procedure of a batch as much as a lone request.
      const { decision, reservation } = await repository.reserveLoginAttempt(
        { queries: throttleQueries(keys, limits, at), lock: [keys.pair, keys.account, keys.ip], at },
        (probes) => throttleDecision(probes as unknown as ThrottleProbes, limits, at),
      );
      if (decision.blocked) {
        loginAttempts().inc({ outcome: `throttled_${decision.reason}` });
        throw new DomainError(
          'TOO_MANY_REQUESTS',
          decision.reason === 'account' || decision.reason === 'global'
            ? `Too many failed login attempts; slow down and try again in ${decision.retryAfterSeconds} seconds`
            : `Too many failed login attempts; try again in ${decision.retryAfterSeconds} seconds`,
          { retryAfterSeconds: decision.retryAfterSeconds },
        );
      }

      const user = await repository.findUserByEmail(email);
      // Unknown emails verify against a dummy hash so both failures cost the same time.
      const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
      if (!user || !valid) {
        // The reservation stays: it is the failure.
        loginAttempts().inc({ outcome: 'failed' });
        throw new DomainError('UNAUTHORIZED', INVALID_CREDENTIALS);
      }

      loginAttempts().inc({ outcome: 'succeeded' });
      await repository.refundLoginAttempt(reservation, keys.pair);
      const refreshToken = newRefreshToken();
      await repository.insertRefreshToken({
        userId: user.id,
        familyId: randomUUID(),
        tokenHash: hashRefreshToken(refreshToken),
        expiresAt: refreshExpiry(),
      });
      return session(user, refreshToken);
    },

    /** Rotates a refresh token: the presented one is spent, its successor joins the same family. */
    async refresh(presented: string): Promise<Session> {
      const refreshToken = newRefreshToken();
      const result = await repository.rotateRefreshToken(
        hashRefreshToken(presented),
        { tokenHash: hashRefreshToken(refreshToken), expiresAt: refreshExpiry() },
        now(),
      );
      switch (result.status) {
        case 'rotated': {
          const user = await repository.findUserById(result.userId);
          if (!user) throw new DomainError('UNAUTHORIZED', 'Refresh token is invalid');
          return session(user, refreshToken);
        }
        case 'reused':
          throw new DomainError(
            'UNAUTHORIZED',
            'Refresh token was already used; every session of this login has been revoked, sign in again',
          );
        case 'expired':
          throw new DomainError('UNAUTHORIZED', 'Refresh token has expired; sign in again');
        case 'revoked':
          throw new DomainError('UNAUTHORIZED', 'Refresh token has been revoked; sign in again');
        case 'unknown':
          throw new DomainError('UNAUTHORIZED', 'Refresh token is invalid');
      }
    },

    async me(actor: AuthUser): Promise<PublicUser> {
      const user = await repository.findUserById(actor.id);
      if (!user) throw new DomainError('NOT_FOUND', USER_NOT_FOUND);
      return toPublicUser(user);
    },

    /** Self or admin; anyone else is told the user does not exist. */
    async getProfile(actor: AuthUser, userId: string): Promise<PublicUser> {
      const { user } = await visibleUser(actor, userId);
      return toPublicUser(user);
    },

    async updateProfile(actor: AuthUser, userId: string, patch: ProfilePatch): Promise<PublicUser> {
      const { user, actorRole } = await visibleUser(actor, userId);
      const roleChange = roleChangeDecision(actorRole, user.role, patch.role);
      if (!roleChange.allowed) throw new DomainError('FORBIDDEN', roleChange.reason);

      const data: { email?: string; name?: string; passwordHash?: string; role?: Role } = {};
      if (patch.name !== undefined) data.name = patch.name.trim();
      if (patch.email !== undefined && normalizeEmail(patch.email) !== user.email) data.email = normalizeEmail(patch.email);
      if (patch.password !== undefined) data.passwordHash = await hashPassword(patch.password);
      if (roleChange.change && patch.role) data.role = patch.role;
      if (Object.keys(data).length === 0) return toPublicUser(user);

      // The facts this change announces, written with it.
      const at = now();
      const by = { actor: { type: 'user' as const, id: actor.id } };
      const changed = (['name', 'email'] as const).filter((field) => data[field] !== undefined && data[field] !== user[field]);
      const events = [
        ...(changed.length ? [outboxEvent(profileUpdated, { userId, changed: [...changed], email: data.email ?? user.email, name: data.name ?? user.name }, by)] : []),
        ...(data.role && data.role !== user.role ? [outboxEvent(roleChanged, { userId, from: user.role, to: data.role }, by)] : []),
        ...(data.passwordHash ? [outboxEvent(passwordChanged, { userId, email: data.email ?? user.email, changedAt: at.toISOString() }, by)] : []),
      ];
      let updated: UserRecord | null;
      try {
        // New credentials: sessions started with the old password must sign in again (same transaction).
        updated = await repository.updateUser(userId, data, events, data.passwordHash ? at : undefined);
      } catch (error) {
        if (error instanceof EmailTakenError) throw emailTaken();
        throw error;
      }
      if (!updated) throw new DomainError('NOT_FOUND', USER_NOT_FOUND);
      if (events.length) outboxWritten();
      return toPublicUser(updated);
    },

    /**
     * Deletes refresh tokens that expired more than a day ago (a day of grace keeps reuse of a
     * just-expired token detectable) and login failures outside the throttle window.
     */
    async purgeStale(): Promise<{ refreshTokens: number; loginFailures: number }> {
      const at = now().getTime();
      const longest = Math.max(config.loginThrottle.windowSeconds, config.loginThrottle.globalWindowSeconds);
      return repository.purgeStale(new Date(at - 86_400_000), new Date(at - longest * 1000));
    },

    async jwks(): Promise<JSONWebKeySet> {
      return keys.jwks();
    },
  };
}

function emailTaken(): DomainError {
  return new DomainError('CONFLICT', 'An account with this email already exists');
}

export type IdentityService = ReturnType<typeof createIdentityService>;
