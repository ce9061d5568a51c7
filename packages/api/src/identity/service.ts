import { createHash, randomUUID } from 'node:crypto';
import { SignJWT, type JSONWebKeySet } from 'jose';
import { PASSWORD_RESET_LINK_INVALID, PASSWORD_RESET_REQUESTED_MESSAGE, STAFF_ROLES, legacyRole, permissionsOf, type AccountRole, type NumberedPage, type Permission, type StaffRole } from '@omnicart/contracts';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, PERMISSIONS_CLAIM, SESSION_EPOCH_CLAIM, type AuthUser, type Role, type SessionState } from '../runtime/auth.js';
import { outboxEvent } from '../events/index.js';
import { auditChanges, auditEvent } from '../runtime/audit.js';
import { DomainError } from '../runtime/errors.js';
import { decodeKeysetCursor, encodeKeysetCursor } from '../runtime/keyset-cursor.js';
import { sealSecret } from '../runtime/sealed.js';
import type { IdentityConfig } from './config.js';
import {
  dummyPasswordHash,
  hashPassword,
  hashRefreshToken,
  hashInvitationToken,
  hashPasswordResetToken,
  newInvitationToken,
  newPasswordResetToken,
  newRefreshToken,
  normalizeEmail,
  verifyPassword,
} from './credentials.js';
import { accountDisabled, accountEnabled, identityAudit, passwordChanged, passwordResetRequested, profileUpdated, roleChanged, staffInvitationRevoked, staffInvited, userRegistered } from './events.js';
import { SIGNING_ALGORITHM, type SigningKeyStore } from './keys.js';
import { canAccessProfile, disableDecision, isDemotion, profileEditDecision, roleChangeDecision } from './policy.js';
import { EmailTakenError, type IdentityRepository, type StaffInvitationRecord, type UserExportKey, type UserRecord } from './repository.js';
import type { ExportUsersInput, ListUsersInput, UserExportPage, UserSort } from './schemas.js';
import { loginAttempts } from './metrics.js';
import { throttleDecision, throttleKeys, throttleQueries, type ThrottleProbes } from './throttle.js';

/** A user as the API shows it: never the password hash. */
export interface PublicUser {
  id: string;
  email: string;
  name: string;
  /** The REST contract's coarse role: `admin` for every staff member (clients written before staff roles keep working). */
  role: Role;
  /** The precise staff role; null for customers. */
  staffRole: StaffRole | null;
  /** What the role may do (packages/contracts permissions.ts); empty for customers. */
  permissions: Permission[];
  /** True while an admin has disabled the account. */
  disabled: boolean;
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
  /** The shopper asked for offers and news by email (carried by identity.user_registered). */
  marketingOptIn?: boolean | undefined;
}

export interface PasswordResetRequest {
  email: string;
  /** Client address, for the per-address throttle. */
  ip: string;
}

export interface PasswordResetConfirmation {
  token: string;
  password: string;
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
  /** Legacy: `admin` makes a customer an owner (a staff member keeps their role); `customer` removes staff access. */
  role?: Role | undefined;
  /** The precise role: a staff role, or null for a customer. Wins over `role` (both given must agree). */
  staffRole?: StaffRole | null | undefined;
  disabled?: boolean | undefined;
}

export interface LogoutInput {
  /** The verified caller, when an access token came with the request. */
  user: AuthUser | null;
  /** The refresh token of the session to end (its whole family is revoked). */
  refreshToken?: string | undefined;
}

export interface IdentityServiceDeps {
  repository: IdentityRepository;
  keys: SigningKeyStore;
  config: IdentityConfig;
  /** The services' shared SERVICE_TOKEN: seals the link tokens events carry to notifications (runtime/sealed.ts). */
  serviceToken: string;
  now?: () => Date;
  /** Called after a commit that wrote outbox rows (the relay publishes them soon). */
  outboxWritten?: () => void;
}

const INVALID_CREDENTIALS = 'Invalid email or password';
const USER_NOT_FOUND = 'User not found';
const ACCOUNT_DISABLED = 'This account is disabled';

export function toPublicUser(user: UserRecord): PublicUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: legacyRole(user.role),
    staffRole: user.role === 'customer' ? null : user.role,
    permissions: [...permissionsOf(user.role)],
    disabled: user.disabledAt !== null,
    createdAt: user.createdAt.toISOString(),
  };
}

/** The export cursor of `sort` after `user`: its sort value and id (runtime/keyset-cursor.ts). */
export function encodeUserCursor(sort: UserSort, user: Pick<UserRecord, 'createdAt' | 'name' | 'email' | 'id'>): string {
  const value = sort === 'name_asc' ? user.name : sort === 'email_asc' ? user.email : user.createdAt.toISOString();
  return encodeKeysetCursor(sort, [value, user.id]);
}

/** @throws DomainError VALIDATION_FAILED for a cursor of another sort or a tampered one. */
export function decodeUserCursor(cursor: string, sort: UserSort): UserExportKey {
  if (sort === 'name_asc' || sort === 'email_asc') {
    const [value, id] = decodeKeysetCursor(cursor, sort, ['text', 'uuid']);
    return sort === 'name_asc' ? { name: value, id } : { email: value, id };
  }
  const [createdAt, id] = decodeKeysetCursor(cursor, sort, ['timestamp', 'uuid']);
  return { createdAt: new Date(createdAt), id };
}

export interface StaffInvitation {
  id: string;
  email: string;
  name: string;
  staffRole: StaffRole;
  invitedBy: string;
  expiresAt: string;
  expired: boolean;
  createdAt: string;
}

function toInvitation(record: StaffInvitationRecord, now: Date): StaffInvitation {
  return {
    id: record.id,
    email: record.email,
    name: record.name,
    staffRole: record.role as StaffRole,
    invitedBy: record.invitedBy,
    expiresAt: record.expiresAt.toISOString(),
    expired: record.expiresAt.getTime() <= now.getTime(),
    createdAt: record.createdAt.toISOString(),
  };
}

/** The per-e-mail throttle key of password-reset requests: a digest, so addresses without an account are not collected. */
export const passwordResetEmailKey = (normalizedEmail: string) => `email:${createHash('sha256').update(normalizedEmail, 'utf8').digest('hex')}`;
export const PASSWORD_RESET_DONE = 'Your password has been changed. You are signed out everywhere else.';

const INVITATION_INVALID = 'This invitation link is invalid, was withdrawn, has expired or was already used; ask an owner for a new one';

/** The account role a profile patch asks for, or undefined when it asks for no change. */
export function requestedRole(current: AccountRole, patch: Pick<ProfilePatch, 'role' | 'staffRole'>): AccountRole | undefined {
  const fromLegacy = patch.role === undefined ? undefined : patch.role === 'customer' ? 'customer' : current === 'customer' ? 'owner' : current;
  const fromStaffRole = patch.staffRole === undefined ? undefined : (patch.staffRole ?? 'customer');
  if (fromLegacy !== undefined && fromStaffRole !== undefined && legacyRole(fromStaffRole) !== patch.role) {
    throw new DomainError('VALIDATION_FAILED', `role: "${patch.role}" contradicts staffRole "${patch.staffRole}"; send staffRole alone`);
  }
  return fromStaffRole ?? fromLegacy;
}

/** The envelope of an audit entry a signed-in user's change writes (explicit, as identity's other events are). */
const staffActor = (actor: AuthUser) => ({ actor: { type: 'user' as const, id: actor.id }, actorEmail: actor.email });

export function createIdentityService({ repository, keys, config, serviceToken, now = () => new Date(), outboxWritten = () => undefined }: IdentityServiceDeps) {
  async function issueAccessToken(user: UserRecord): Promise<string> {
    const { kid, privateKey } = await keys.current();
    const issuedAt = Math.floor(now().getTime() / 1000);
    // `sev`: the session epoch this token belongs to; verifiers refuse it once the epoch moves on.
    // `role`: the account role; `perms`: what it may do, checked by the gateway and every service.
    return new SignJWT({ email: user.email, role: user.role, [PERMISSIONS_CLAIM]: permissionsOf(user.role), [SESSION_EPOCH_CLAIM]: user.sessionEpoch })
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

  /** The actor's current role: a token may outlive a demotion, so staff powers are re-checked here. */
  async function currentRole(actor: AuthUser): Promise<AccountRole | null> {
    if (!actor.staffRole) return 'customer';
    const fresh = await repository.findUserById(actor.id);
    return fresh && !fresh.disabledAt ? fresh.role : null;
  }

  async function visibleUser(actor: AuthUser, userId: string): Promise<{ user: UserRecord; actorRole: AccountRole }> {
    const actorRole = await currentRole(actor);
    const user = actorRole ? await repository.findUserById(userId) : null;
    if (!actorRole || !user || !canAccessProfile({ id: actor.id, role: actorRole }, user)) {
      throw new DomainError('NOT_FOUND', USER_NOT_FOUND);
    }
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
      const registered = outboxEvent(
        userRegistered,
        { userId: id, email, name, role: 'customer', registeredAt: now().toISOString(), marketingOptIn: input.marketingOptIn ?? false },
        { actor: { type: 'user', id } },
      );
      try {
        const user = await repository.createUser({ id, email, name, passwordHash, role: 'customer' }, [registered]);
        outboxWritten();
        return toPublicUser(user);
      } catch (error) {
        if (error instanceof EmailTakenError) throw emailTaken();
        throw error;
      }
    },

    /**
     * "Forgot your password?": the same answer whether or not the e-mail has an account, after the
     * same work (the token is made and sealed, and the request's transaction runs the same
     * statements, either way). An enabled account under the e-mail's limit gets a new 30-minute
     * single-use link, announced (sealed) by identity.password_reset_requested in the same
     * transaction; older links stay valid until used or expired. Past PASSWORD_RESET_MAX_PER_EMAIL
     * per window nothing is sent (same answer); past PASSWORD_RESET_MAX_PER_IP the address gets 429.
     */
    async requestPasswordReset(input: PasswordResetRequest): Promise<{ message: string }> {
      const email = normalizeEmail(input.email);
      const at = now();
      const limits = config.passwordReset;
      const token = newPasswordResetToken();
      const sealedToken = sealSecret(token, serviceToken);
      const expiresAt = new Date(at.getTime() + limits.tokenTtlMinutes * 60_000);
      const result = await repository.requestPasswordReset(
        {
          ipKey: `ip:${input.ip}`,
          emailKey: passwordResetEmailKey(email),
          email,
          since: new Date(at.getTime() - limits.windowSeconds * 1000),
          maxPerIp: limits.maxPerIp,
          maxPerEmail: limits.maxPerEmail,
          at,
          token: { id: randomUUID(), tokenHash: hashPasswordResetToken(token), expiresAt },
        },
        (account) => [
          outboxEvent(passwordResetRequested, { userId: account.id, email: account.email, name: account.name, sealedToken, expiresAt: expiresAt.toISOString() }),
        ],
      );
      if (result.status === 'throttled') {
        const retryAfterSeconds = Math.max(1, Math.ceil((result.limitingAt.getTime() + limits.windowSeconds * 1000 - at.getTime()) / 1000));
        throw new DomainError('TOO_MANY_REQUESTS', `Too many password reset requests from this address; try again in ${retryAfterSeconds} seconds`, { retryAfterSeconds });
      }
      if (result.issued) outboxWritten();
      return { message: PASSWORD_RESET_REQUESTED_MESSAGE };
    },

    /**
     * Sets a new password from a reset link (single use: of two concurrent confirms one wins).
     * Ends every session of the account (refresh tokens revoked, session epoch bumped), spends the
     * user's other links and announces identity.password_changed. Answers the account's e-mail so
     * the storefront can sign the shopper in with the new password.
     */
    async confirmPasswordReset(input: PasswordResetConfirmation): Promise<{ email: string; message: string }> {
      const tokenHash = hashPasswordResetToken(input.token);
      // Hashing a password is the costly part: only for a link that works at this moment.
      if (!(await repository.passwordResetTokenLive(tokenHash, now()))) throw new DomainError('VALIDATION_FAILED', PASSWORD_RESET_LINK_INVALID);
      const passwordHash = await hashPassword(input.password);
      const at = now();
      const user = await repository.resetPassword(tokenHash, passwordHash, at, (account) => {
        const by = { actor: { type: 'user' as const, id: account.id } };
        return [
          outboxEvent(passwordChanged, { userId: account.id, email: account.email, changedAt: at.toISOString() }, by),
          // A staff account's credentials changing is a staff-security fact the audit trail keeps (never the hash).
          ...(account.role === 'customer'
            ? []
            : [auditEvent(identityAudit, { entityType: 'staff', entityId: account.id, action: 'password_reset', label: account.email, changes: [{ field: 'password', before: null, after: 'changed' }] }, { ...by, actorEmail: account.email })]),
        ];
      });
      if (!user) throw new DomainError('VALIDATION_FAILED', PASSWORD_RESET_LINK_INVALID);
      outboxWritten();
      return { email: user.email, message: PASSWORD_RESET_DONE };
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
      if (user.disabledAt) throw new DomainError('UNAUTHORIZED', ACCOUNT_DISABLED);

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
        config.refreshReuseGraceSeconds * 1000,
      );
      switch (result.status) {
        case 'rotated': {
          const user = await repository.findUserById(result.userId);
          if (!user) throw new DomainError('UNAUTHORIZED', 'Refresh token is invalid');
          // Disabling revokes the refresh tokens; this also covers a rotation racing with it.
          if (user.disabledAt) throw new DomainError('UNAUTHORIZED', ACCOUNT_DISABLED);
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

    /** The admin's customer or staff list (the router checks customers:read or staff:read). */
    async listUsers(kind: 'customers' | 'staff', input: ListUsersInput): Promise<NumberedPage<PublicUser>> {
      if (kind === 'customers' && input.staffRole) throw new DomainError('VALIDATION_FAILED', 'staffRole: only for the staff list (GET /users/staff)');
      const roles = kind === 'customers' ? (['customer'] as const) : input.staffRole ? [input.staffRole] : STAFF_ROLES;
      const { items, total } = await repository.listUsers({ ...input, roles });
      return { items: items.map(toPublicUser), total, page: input.page, pageSize: input.pageSize };
    },

    /** The admin's customer export: the list's filters and sort in keyset pages (the router checks customers:read). */
    async exportUsers(input: ExportUsersInput): Promise<UserExportPage> {
      if (input.staffRole) throw new DomainError('VALIDATION_FAILED', 'staffRole: only for the staff list (GET /users/staff)');
      const after = input.after ? decodeUserCursor(input.after, input.sort) : null;
      const rows = await repository.exportUsers({ q: input.q, disabled: input.disabled, sort: input.sort, roles: ['customer'] }, after, input.limit);
      const last = rows.at(-1);
      return { items: rows.map(toPublicUser), nextCursor: last && rows.length === input.limit ? encodeUserCursor(input.sort, last) : null };
    },

    /**
     * An owner invites someone to the staff. The email must not have an account yet (an existing
     * customer is given a role from their page instead); a pending invitation for the same email
     * is replaced. Returns the link's token once.
     */
    async inviteStaff(actor: AuthUser, input: { email: string; name: string; staffRole: StaffRole }): Promise<{ invitation: StaffInvitation; token: string }> {
      const email = normalizeEmail(input.email);
      if (await repository.findUserByEmail(email)) {
        throw new DomainError('CONFLICT', 'An account with this email already exists; give it a role from its customer page instead');
      }
      const at = now();
      const token = newInvitationToken();
      const id = randomUUID();
      const expiresAt = new Date(at.getTime() + config.staffInvitationTtlHours * 3_600_000);
      const name = input.name.trim();
      const event = outboxEvent(
        staffInvited,
        { invitationId: id, email, name, role: input.staffRole, expiresAt: expiresAt.toISOString(), sealedToken: sealSecret(token, serviceToken) },
        { actor: { type: 'user', id: actor.id } },
      );
      const record = await repository.createInvitation(
        { id, email, name, role: input.staffRole, tokenHash: hashInvitationToken(token), invitedBy: actor.id, expiresAt },
        [
          event,
          auditEvent(identityAudit, {
            entityType: 'invitation',
            entityId: id,
            action: 'created',
            label: email,
            changes: auditChanges(null, { email, name, staffRole: input.staffRole, expiresAt }, ['email', 'name', 'staffRole', 'expiresAt']),
          }, staffActor(actor)),
        ],
        at,
      );
      outboxWritten();
      return { invitation: toInvitation(record, at), token };
    },

    async pendingInvitations(): Promise<{ items: StaffInvitation[] }> {
      const at = now();
      return { items: (await repository.pendingInvitations()).map((record) => toInvitation(record, at)) };
    },

    async revokeInvitation(actor: AuthUser, id: string): Promise<void> {
      const revoked = await repository.revokeInvitation(id, now(), (invitation) => [
        outboxEvent(staffInvitationRevoked, { invitationId: id, email: invitation.email }, { actor: { type: 'user', id: actor.id } }),
        auditEvent(identityAudit, { entityType: 'invitation', entityId: id, action: 'revoked', label: invitation.email, changes: [{ field: 'status', before: 'pending', after: 'revoked' }] }, staffActor(actor)),
      ]);
      if (!revoked) throw new DomainError('NOT_FOUND', 'No pending invitation with this id');
      outboxWritten();
    },

    /** What the set-password page shows: whose invitation it is, if the link still works. */
    async previewInvitation(token: string): Promise<{ email: string; name: string; staffRole: StaffRole; expiresAt: string }> {
      const record = await repository.findInvitationByTokenHash(hashInvitationToken(token));
      if (!record || record.acceptedAt || record.revokedAt || record.expiresAt.getTime() <= now().getTime()) throw new DomainError('NOT_FOUND', INVITATION_INVALID);
      return { email: record.email, name: record.name, staffRole: record.role as StaffRole, expiresAt: record.expiresAt.toISOString() };
    },

    /** The invitee sets a password: the account is created with the invited role (single use). */
    async acceptInvitation(input: { token: string; password: string; name?: string | undefined }): Promise<PublicUser> {
      const passwordHash = await hashPassword(input.password);
      const id = randomUUID();
      const at = now();
      const preview = await repository.findInvitationByTokenHash(hashInvitationToken(input.token));
      const name = input.name?.trim() || preview?.name || '';
      let user: UserRecord | null;
      try {
        user = await repository.acceptInvitation(hashInvitationToken(input.token), { id, passwordHash, name }, at, (invitation) => [
          outboxEvent(userRegistered, { userId: id, email: invitation.email, name, role: invitation.role, registeredAt: at.toISOString() }, { actor: { type: 'user', id } }),
          // The invitee, not signed in yet, is the actor: the new account.
          auditEvent(
            identityAudit,
            {
              entityType: 'invitation',
              entityId: invitation.id,
              action: 'accepted',
              label: invitation.email,
              changes: [
                { field: 'status', before: 'pending', after: 'accepted' },
                { field: 'accountId', before: null, after: id },
              ],
            },
            { actor: { type: 'user', id }, actorEmail: invitation.email },
          ),
        ]);
      } catch (error) {
        if (error instanceof EmailTakenError) throw emailTaken();
        throw error;
      }
      if (!user) throw new DomainError('NOT_FOUND', INVITATION_INVALID);
      outboxWritten();
      return toPublicUser(user);
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
      const actorAsNow = { id: actor.id, role: actorRole };
      const edit = profileEditDecision(actorAsNow, user, patch);
      if (!edit.allowed) throw new DomainError('FORBIDDEN', edit.reason);
      const roleChange = roleChangeDecision(actorAsNow, user, requestedRole(user.role, patch));
      if (!roleChange.allowed) throw new DomainError('FORBIDDEN', roleChange.reason);
      const disabling = disableDecision(actorAsNow, { id: user.id, role: user.role, disabled: user.disabledAt !== null }, patch.disabled);
      if (!disabling.allowed) throw new DomainError('FORBIDDEN', disabling.reason);

      const data: { email?: string; name?: string; passwordHash?: string; role?: AccountRole; disabledAt?: Date | null } = {};
      if (patch.name !== undefined) data.name = patch.name.trim();
      if (patch.email !== undefined && normalizeEmail(patch.email) !== user.email) data.email = normalizeEmail(patch.email);
      if (patch.password !== undefined) data.passwordHash = await hashPassword(patch.password);
      if (roleChange.change) data.role = roleChange.to;
      const at = now();
      if (disabling.change) data.disabledAt = patch.disabled ? at : null;
      if (Object.keys(data).length === 0) return toPublicUser(user);

      // The facts this change announces, written with it.
      const by = { actor: { type: 'user' as const, id: actor.id } };
      const changed = (['name', 'email'] as const).filter((field) => data[field] !== undefined && data[field] !== user[field]);
      const events = [
        ...(changed.length ? [outboxEvent(profileUpdated, { userId, changed: [...changed], email: data.email ?? user.email, name: data.name ?? user.name }, by)] : []),
        ...(data.role && data.role !== user.role ? [outboxEvent(roleChanged, { userId, from: user.role, to: data.role }, by)] : []),
        ...(data.passwordHash ? [outboxEvent(passwordChanged, { userId, email: data.email ?? user.email, changedAt: at.toISOString() }, by)] : []),
        ...(data.disabledAt ? [outboxEvent(accountDisabled, { userId, disabledAt: at.toISOString() }, by)] : []),
        ...(data.disabledAt === null ? [outboxEvent(accountEnabled, { userId }, by)] : []),
      ];
      // Staff changing an account (their own included) is audited; a customer editing their own profile is not.
      if (actorRole !== 'customer') {
        const snapshot = (record: { name: string; email: string; role: AccountRole; disabledAt: Date | null }) => ({
          name: record.name,
          email: record.email,
          role: record.role,
          disabled: record.disabledAt !== null,
        });
        const after = snapshot({ name: data.name ?? user.name, email: data.email ?? user.email, role: data.role ?? user.role, disabledAt: data.disabledAt === undefined ? user.disabledAt : data.disabledAt });
        const changes = auditChanges(snapshot(user), after, ['name', 'email', 'role', 'disabled']);
        // Never the hash: only that the password changed.
        if (data.passwordHash) changes.push({ field: 'password', before: null, after: 'changed' });
        if (changes.length) {
          const action = data.role !== undefined && data.role !== user.role ? 'role_changed' : data.disabledAt ? 'disabled' : data.disabledAt === null ? 'enabled' : 'updated';
          // A customer's history stays on their page, a role given to them included.
          events.push(auditEvent(identityAudit, { entityType: user.role === 'customer' ? 'customer' : 'staff', entityId: userId, action, label: user.email, changes }, staffActor(actor)));
        }
      }
      // What the change does to the user's sessions (same transaction): any role change or a
      // disable refuses the access tokens issued before (their role claim or the account is stale);
      // new credentials, a disable or a demotion also end every refresh token, so those sessions
      // must sign in again. A promoted user refreshes into a token with the new role. Enabling an
      // account bumps it too: the tokens issued after carry a newer epoch than the verifiers'
      // cached "disabled" answer, which tells them to ask again (runtime/auth.ts).
      const demoted = data.role !== undefined && isDemotion(user.role, data.role);
      const endsSessions = data.passwordHash !== undefined || data.disabledAt instanceof Date || demoted;
      const sessions = {
        bumpEpoch: endsSessions || data.role !== undefined || data.disabledAt === null,
        revokeRefreshTokensAt: endsSessions ? at : undefined,
      };
      let updated: UserRecord | null;
      try {
        updated = await repository.updateUser(userId, data, events, sessions);
      } catch (error) {
        if (error instanceof EmailTakenError) throw emailTaken();
        throw error;
      }
      if (!updated) throw new DomainError('NOT_FOUND', USER_NOT_FOUND);
      if (events.length) outboxWritten();
      return toPublicUser(updated);
    },

    /**
     * Signs out: revokes the presented refresh token's family and bumps the user's session epoch,
     * so every access token of theirs is refused within the verifiers' cache window (other
     * devices refresh into the new epoch; this one has no refresh token left). Idempotent: a
     * spent or revoked refresh token still signs its owner out.
     */
    async logout({ user, refreshToken }: LogoutInput): Promise<void> {
      const presented = refreshToken ? await repository.findRefreshToken(hashRefreshToken(refreshToken)) : null;
      if (refreshToken && !presented && !user) throw new DomainError('UNAUTHORIZED', 'Refresh token is invalid');
      if (presented && user && presented.userId !== user.id) {
        throw new DomainError('FORBIDDEN', 'The refresh token belongs to another account');
      }
      const userId = user?.id ?? presented?.userId;
      if (!userId) throw new DomainError('UNAUTHORIZED', 'Send the access token (Authorization: Bearer) or the refresh token to sign out');
      await repository.endSession(userId, presented?.familyId ?? null, now());
    },

    /** How to reach an account (the internal `contact` procedure); null when there is none. */
    async contact(userId: string): Promise<{ userId: string; email: string; name: string; role: string; disabled: boolean } | null> {
      const user = await repository.findUserById(userId);
      return user ? { userId: user.id, email: user.email, name: user.name, role: user.role, disabled: user.disabledAt !== null } : null;
    },

    /** What verifiers check access tokens against (the internal `sessionState` procedure). */
    async sessionState(userId: string): Promise<SessionState | null> {
      return repository.sessionState(userId);
    },

    /**
     * Deletes refresh tokens and password-reset links that expired more than a day ago (a day of
     * grace keeps reuse of a just-expired refresh token detectable), login failures outside the
     * throttle window and password-reset requests outside theirs.
     */
    async purgeStale(): Promise<{ refreshTokens: number; loginFailures: number; passwordResetTokens: number; passwordResetRequests: number }> {
      const at = now().getTime();
      const longest = Math.max(config.loginThrottle.windowSeconds, config.loginThrottle.globalWindowSeconds);
      return repository.purgeStale(new Date(at - 86_400_000), new Date(at - longest * 1000), new Date(at - config.passwordReset.windowSeconds * 1000));
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
