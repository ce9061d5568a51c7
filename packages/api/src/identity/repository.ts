import type pg from 'pg';
import { prismaAdapter } from '@omnicart/db/prisma';
import { Prisma, PrismaClient, type Role } from '@omnicart/db/identity';
import { insertOutboxRowsSql, outboxRowData, type OutboxEventRow } from '../events/index.js';

/** The only module that touches identity's Prisma client. Everything it returns is a plain DTO. */

export type IdentityDb = PrismaClient;

/** Identity's Prisma client on the shared pool, bound to the `identity` schema. */
export function createIdentityDb(pool: pg.Pool): IdentityDb {
  return new PrismaClient({ adapter: prismaAdapter(pool, 'identity') });
}

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
  /** Bumped whenever the user's sessions end (role change, disable, password change, logout). */
  sessionEpoch: number;
  /** Set while an admin has disabled the account. */
  disabledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Each list sort's order; the id last makes it total (rows with the same time, name or e-mail keep
 * one order), so numbered pages never overlap and export cursors never skip or repeat a row.
 */
const USER_ORDER: Record<UserListQuery['sort'], Prisma.UserOrderByWithRelationInput[]> = {
  created_desc: [{ createdAt: 'desc' }, { id: 'desc' }],
  created_asc: [{ createdAt: 'asc' }, { id: 'asc' }],
  name_asc: [{ name: 'asc' }, { id: 'asc' }],
  email_asc: [{ email: 'asc' }, { id: 'asc' }],
};

/** Where an export page continues: the previous page's last account's sort value and id. */
export type UserExportKey = { createdAt: Date; id: string } | { name: string; id: string } | { email: string; id: string };

function userListWhere(query: Pick<UserListQuery, 'roles' | 'q' | 'disabled'>): Prisma.UserWhereInput {
  const search = query.q ? { contains: query.q, mode: 'insensitive' as const } : undefined;
  return {
    role: query.roles.length === 1 ? query.roles[0] : { in: [...query.roles] },
    ...(search ? { OR: [{ email: search }, { name: search }] } : {}),
    ...(query.disabled === undefined ? {} : { disabledAt: query.disabled ? { not: null } : null }),
  };
}

/** The rows after `key` in `sort`'s order: (value, id) beyond the key's, as a range the index can start at. */
function afterKey(sort: UserListQuery['sort'], key: UserExportKey): Prisma.UserWhereInput {
  if ('createdAt' in key) {
    const at = key.createdAt;
    return sort === 'created_desc'
      ? { createdAt: { lte: at }, OR: [{ createdAt: { lt: at } }, { id: { lt: key.id } }] }
      : { createdAt: { gte: at }, OR: [{ createdAt: { gt: at } }, { id: { gt: key.id } }] };
  }
  if ('name' in key) return { name: { gte: key.name }, OR: [{ name: { gt: key.name } }, { id: { gt: key.id } }] };
  return { email: { gte: key.email }, OR: [{ email: { gt: key.email } }, { id: { gt: key.id } }] };
}

export interface UserListQuery {
  roles: readonly Role[];
  /** Case-insensitive substring of the email or the name. */
  q?: string | undefined;
  disabled?: boolean | undefined;
  sort: 'created_desc' | 'created_asc' | 'name_asc' | 'email_asc';
  page: number;
  pageSize: number;
}

export interface StaffInvitationRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  invitedBy: string;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

const invitationSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  invitedBy: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
  createdAt: true,
} as const;

/** What verifiers need to know about a user's sessions (see runtime/auth.ts `SessionStates`). */
export interface SessionStateRecord {
  epoch: number;
  disabled: boolean;
}

export interface SigningKeyRecord {
  kid: string;
  algorithm: string;
  privateJwk: Record<string, unknown>;
  publicJwk: Record<string, unknown>;
  createdAt: Date;
}

export type RotationResult =
  | { status: 'rotated'; userId: string; familyId: string; /** A racing refresh with a just-spent token (see rotateRefreshToken). */ withinReuseGrace: boolean }
  | { status: 'unknown' | 'revoked' | 'expired' | 'reused' };

/** The account a password-reset request names, as the request's transaction found it. */
export interface PasswordResetAccount {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
}

/** What one password-reset request did: refused by the address's throttle, or accepted (a link issued or not). */
export type PasswordResetRequestResult = { status: 'throttled'; limitingAt: Date } | { status: 'accepted'; issued: boolean };

/** Thrown when the unique index on users.email refuses a write. */
export class EmailTakenError extends Error {
  override readonly name = 'EmailTakenError';
}

const userSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  passwordHash: true,
  sessionEpoch: true,
  disabledAt: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.UserSelect;

const signingKeySelect = {
  kid: true,
  algorithm: true,
  privateJwk: true,
  publicJwk: true,
  createdAt: true,
} as const satisfies Prisma.SigningKeySelect;

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

function toSigningKey(row: {
  kid: string;
  algorithm: string;
  privateJwk: Prisma.JsonValue;
  publicJwk: Prisma.JsonValue;
  createdAt: Date;
}): SigningKeyRecord {
  return {
    kid: row.kid,
    algorithm: row.algorithm,
    privateJwk: row.privateJwk as Record<string, unknown>,
    publicJwk: row.publicJwk as Record<string, unknown>,
    createdAt: row.createdAt,
  };
}

/** Any constant works; it only has to be the same in every identity instance. */
const SIGNING_KEY_LOCK = 'omnicart.identity.signing_keys';

export function createIdentityRepository(db: IdentityDb) {
  return {
    async findUserById(id: string): Promise<UserRecord | null> {
      return db.user.findUnique({ where: { id }, select: userSelect });
    },

    async findUserByEmail(email: string): Promise<UserRecord | null> {
      return db.user.findUnique({ where: { email }, select: userSelect });
    },

    /**
     * A new invitation and its event; any pending invitation for the same email is revoked with
     * it (one live link per person).
     */
    async createInvitation(
      data: { id: string; email: string; name: string; role: Role; tokenHash: string; invitedBy: string; expiresAt: Date },
      events: OutboxEventRow[],
      now: Date,
    ): Promise<StaffInvitationRecord> {
      const [, invitation] = await db.$transaction([
        db.staffInvitation.updateMany({ where: { email: data.email, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } }),
        db.staffInvitation.create({ data, select: invitationSelect }),
        db.outboxEvent.createMany({ data: events.map(outboxRowData) }),
      ]);
      return invitation;
    },

    /** Invitations not accepted or revoked yet (expired ones included, marked by expiresAt), newest first. */
    async pendingInvitations(): Promise<StaffInvitationRecord[]> {
      return db.staffInvitation.findMany({ where: { acceptedAt: null, revokedAt: null }, orderBy: { createdAt: 'desc' }, take: 500, select: invitationSelect });
    },

    async findInvitationByTokenHash(tokenHash: string): Promise<StaffInvitationRecord | null> {
      return db.staffInvitation.findUnique({ where: { tokenHash }, select: invitationSelect });
    },

    /** Revokes a pending invitation with the events announcing it; false when there is none with that id (or it was used). */
    async revokeInvitation(id: string, now: Date, events: (invitation: StaffInvitationRecord) => OutboxEventRow[]): Promise<boolean> {
      return db.$transaction(async (tx) => {
        const rows = await tx.staffInvitation.updateManyAndReturn({ where: { id, acceptedAt: null, revokedAt: null }, data: { revokedAt: now }, select: invitationSelect });
        const [revoked] = rows;
        if (!revoked) return false;
        await tx.outboxEvent.createMany({ data: events(revoked).map(outboxRowData) });
        return true;
      });
    },

    /**
     * Accepts an invitation: in one transaction, claims it (only if still pending and unexpired:
     * of two concurrent accepts one wins) and creates the user with its role. Null when the
     * invitation cannot be claimed. @throws EmailTakenError when an account with the email exists.
     */
    async acceptInvitation(
      tokenHash: string,
      user: { id: string; passwordHash: string; name: string },
      now: Date,
      events: (invitation: StaffInvitationRecord) => OutboxEventRow[],
    ): Promise<UserRecord | null> {
      try {
        return await db.$transaction(async (tx) => {
          const invitation = await tx.staffInvitation.findUnique({ where: { tokenHash }, select: invitationSelect });
          if (!invitation) return null;
          const { count } = await tx.staffInvitation.updateMany({
            where: { id: invitation.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
            data: { acceptedAt: now, acceptedUserId: user.id },
          });
          if (count !== 1) return null;
          const created = await tx.user.create({
            data: { id: user.id, email: invitation.email, name: user.name, passwordHash: user.passwordHash, role: invitation.role },
            select: userSelect,
          });
          await tx.outboxEvent.createMany({ data: events(invitation).map(outboxRowData) });
          return created;
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new EmailTakenError('');
        throw error;
      }
    },

    /** One numbered page of accounts matching the filter, and how many match in all. */
    async listUsers(query: UserListQuery): Promise<{ items: UserRecord[]; total: number }> {
      const [items, total] = await db.$transaction([
        db.user.findMany({ where: userListWhere(query), orderBy: USER_ORDER[query.sort], skip: (query.page - 1) * query.pageSize, take: query.pageSize, select: userSelect }),
        db.user.count({ where: userListWhere(query) }),
      ]);
      return { items, total };
    },

    /**
     * One page of the export: the list's filters and sort, continued after `after` (the sort key of
     * the previous page's last account) rather than by OFFSET, so a walk over every page reads each
     * account once. The `>=`/`<=` on the sort column lets the index scan start at the key (an OR
     * alone would be a filter over every row before it). `take` accounts at most.
     */
    async exportUsers(query: Omit<UserListQuery, 'page' | 'pageSize'>, after: UserExportKey | null, take: number): Promise<UserRecord[]> {
      const where: Prisma.UserWhereInput[] = [userListWhere(query)];
      if (after) where.push(afterKey(query.sort, after));
      return db.user.findMany({ where: { AND: where }, orderBy: USER_ORDER[query.sort], take, select: userSelect });
    },

    /**
     * The user and the events announcing it, in one transaction. `data.id` lets the caller name the
     * user in those events. @throws EmailTakenError when the email is taken (also when a concurrent
     * insert won).
     */
    async createUser(data: { id?: string; email: string; name: string; passwordHash: string; role: Role }, events: OutboxEventRow[] = []): Promise<UserRecord> {
      try {
        const [user] = await db.$transaction([db.user.create({ data, select: userSelect }), db.outboxEvent.createMany({ data: events.map(outboxRowData) })]);
        return user;
      } catch (error) {
        if (isUniqueViolation(error)) throw new EmailTakenError(data.email);
        throw error;
      }
    },

    /**
     * The change, the events announcing it and what it does to the user's sessions, in one
     * transaction: `sessions.bumpEpoch` refuses every access token issued before (verifiers check
     * the epoch), `sessions.revokeRefreshTokensAt` revokes every refresh token. @throws
     * EmailTakenError when the new email is taken. Null when the user does not exist.
     */
    async updateUser(
      id: string,
      patch: { email?: string; name?: string; passwordHash?: string; role?: Role; disabledAt?: Date | null },
      events: OutboxEventRow[] = [],
      sessions: { bumpEpoch?: boolean; revokeRefreshTokensAt?: Date | undefined } = {},
    ): Promise<UserRecord | null> {
      const revokeAt = sessions.revokeRefreshTokensAt;
      try {
        const [user] = await db.$transaction([
          db.user.update({
            where: { id },
            data: sessions.bumpEpoch ? { ...patch, sessionEpoch: { increment: 1 } } : patch,
            select: userSelect,
          }),
          db.outboxEvent.createMany({ data: events.map(outboxRowData) }),
          ...(revokeAt ? [db.refreshToken.updateMany({ where: { userId: id, revokedAt: null }, data: { revokedAt: revokeAt } })] : []),
        ]);
        return user;
      } catch (error) {
        if (isUniqueViolation(error)) throw new EmailTakenError(patch.email ?? '');
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025') return null;
        throw error;
      }
    },

    /**
     * Reserves one login attempt, atomically: under per-key advisory locks (taken in one order, so
     * concurrent attempts on the same account or address queue up instead of all reading the same
     * counts), reads each key's window, lets `decide` answer, and when it allows, records the
     * attempt under every key before the lock is released. The password is checked only after
     * this commits; a success refunds the reservation (refundLoginAttempt).
     */
    async reserveLoginAttempt<TDecision extends { blocked: boolean }>(
      request: {
        queries: ReadonlyArray<{ name: string; key: string; max: number; since: Date }>;
        /** Keys whose attempts must be counted one at a time (not the hot global key). */
        lock: readonly string[];
        at: Date;
      },
      decide: (probes: Record<string, { limitingAt: Date | null; latestAt: Date | null }>) => TDecision,
    ): Promise<{ decision: TDecision; reservation: bigint[] }> {
      const { queries, lock, at } = request;
      return db.$transaction(
        async (tx) => {
          await tx.$queryRaw`SELECT count(pg_advisory_xact_lock(h)) FROM (SELECT DISTINCT hashtextextended(k, 0) AS h FROM unnest(${[...lock]}::text[]) AS k ORDER BY h) AS locks`;
          const rows = await tx.$queryRaw<Array<{ key: string; limiting_at: Date | null; latest_at: Date | null }>>`
            SELECT q.key,
              (SELECT f.occurred_at FROM identity.login_failures f WHERE f.key = q.key AND f.occurred_at > q.since
                ORDER BY f.occurred_at DESC OFFSET q.max - 1 LIMIT 1) AS limiting_at,
              (SELECT max(f.occurred_at) FROM identity.login_failures f WHERE f.key = q.key AND f.occurred_at > q.since) AS latest_at
            FROM unnest(${queries.map((q) => q.key)}::text[], ${queries.map((q) => q.max)}::int[], ${queries.map((q) => q.since.toISOString())}::timestamptz[]) AS q(key, max, since)`;
          const byKey = new Map(rows.map((row) => [row.key, row]));
          const probes = Object.fromEntries(
            queries.map((q) => {
              const row = byKey.get(q.key);
              return [q.name, { limitingAt: row?.limiting_at ? new Date(row.limiting_at) : null, latestAt: row?.latest_at ? new Date(row.latest_at) : null }];
            }),
          );
          const decision = decide(probes);
          if (decision.blocked) return { decision, reservation: [] };
          const recorded = await tx.loginFailure.createManyAndReturn({ data: queries.map((q) => ({ key: q.key, occurredAt: at })), select: { id: true } });
          return { decision, reservation: recorded.map((row) => row.id) };
        },
        { maxWait: 10_000, timeout: 10_000 },
      );
    },

    /**
     * One password-reset request, in one transaction whatever the answer, so a request for an
     * unknown e-mail runs the same statements as one for an account (same timing, nothing to
     * learn): under advisory locks on the address and e-mail keys (concurrent requests count one
     * at a time), one statement reads both windows and the account; unless the address is over
     * its limit, one statement records the request and writes the link and its events — zero rows
     * of each when the e-mail has no enabled account or is over its own (silent) limit. A request
     * refused by the address's limit is not counted. `events` builds the rows announcing a link.
     */
    async requestPasswordReset(
      request: {
        ipKey: string;
        emailKey: string;
        email: string;
        since: Date;
        maxPerIp: number;
        maxPerEmail: number;
        at: Date;
        token: { id: string; tokenHash: string; expiresAt: Date };
      },
      events: (account: PasswordResetAccount) => OutboxEventRow[],
    ): Promise<PasswordResetRequestResult> {
      const { ipKey, emailKey, email, since, maxPerIp, maxPerEmail, at, token } = request;
      return db.$transaction(
        async (tx) => {
          await tx.$queryRaw`SELECT count(pg_advisory_xact_lock(h)) FROM (SELECT DISTINCT hashtextextended(k, 0) AS h FROM unnest(${[ipKey, emailKey]}::text[]) AS k ORDER BY h) AS locks`;
          const [probe] = await tx.$queryRaw<
            Array<{ ip_limiting_at: Date | null; email_requests: number; id: string | null; email: string | null; name: string | null; role: Role | null; disabled_at: Date | null }>
          >`
            SELECT
              (SELECT r.requested_at FROM identity.password_reset_requests r WHERE r.key = ${ipKey} AND r.requested_at > ${since.toISOString()}::timestamptz
                ORDER BY r.requested_at DESC OFFSET ${maxPerIp - 1} LIMIT 1) AS ip_limiting_at,
              (SELECT count(*)::int FROM (SELECT 1 FROM identity.password_reset_requests r WHERE r.key = ${emailKey} AND r.requested_at > ${since.toISOString()}::timestamptz LIMIT ${maxPerEmail}) AS recent) AS email_requests,
              u.id, u.email, u.name, u.role::text AS role, u.disabled_at
            FROM (SELECT 1) AS one LEFT JOIN identity.users u ON u.email = ${email}`;
          if (probe?.ip_limiting_at) return { status: 'throttled', limitingAt: new Date(probe.ip_limiting_at) } as const;
          const emailAllowed = (probe?.email_requests ?? 0) < maxPerEmail;
          const account = probe?.id && probe.email !== null && probe.name !== null && probe.role !== null
            ? { id: probe.id, email: probe.email, name: probe.name, role: probe.role, disabled: probe.disabled_at !== null }
            : null;
          const issue = emailAllowed && account !== null && !account.disabled;
          // Requests over the e-mail's limit count for the address only, so they never extend the e-mail's window.
          const keys = emailAllowed ? [ipKey, emailKey] : [ipKey];
          const tokens = issue ? [{ id: token.id, userId: account.id, tokenHash: token.tokenHash, expiresAt: token.expiresAt.toISOString() }] : [];
          const rows = issue ? events(account) : [];
          await tx.$executeRawUnsafe(
            `WITH requests AS (
               INSERT INTO identity.password_reset_requests (key, requested_at) SELECT k, $2::timestamptz FROM unnest($1::text[]) AS k RETURNING 1
             ), tokens AS (
               INSERT INTO identity.password_reset_tokens (id, user_id, token_hash, expires_at)
               SELECT (t->>'id')::uuid, (t->>'userId')::uuid, t->>'tokenHash', (t->>'expiresAt')::timestamptz FROM jsonb_array_elements($3::jsonb) AS t RETURNING 1
             )
             ${insertOutboxRowsSql('identity.outbox_events', '$4::jsonb')}`,
            keys,
            at.toISOString(),
            JSON.stringify(tokens),
            JSON.stringify(rows),
          );
          return { status: 'accepted', issued: issue } as const;
        },
        { maxWait: 10_000, timeout: 10_000 },
      );
    },

    /** Whether a reset link's token is live (known, unused, unexpired): a cheap check before hashing a new password. */
    async passwordResetTokenLive(tokenHash: string, now: Date): Promise<boolean> {
      const token = await db.passwordResetToken.findUnique({ where: { tokenHash }, select: { usedAt: true, expiresAt: true } });
      return token !== null && token.usedAt === null && token.expiresAt.getTime() > now.getTime();
    },

    /**
     * Sets a new password from a reset link, in one transaction: claims the link (only while unused
     * and unexpired: of two concurrent confirms one wins), then — unless the account is disabled —
     * sets the hash, bumps the session epoch, revokes every refresh token, spends every other
     * outstanding link of the user and writes the events. The refresh-token families are locked
     * first (as rotation and logout lock them), so a rotation in flight cannot leave a successor
     * that survives the revocation. Null when the link cannot be claimed or the account is disabled.
     */
    async resetPassword(tokenHash: string, passwordHash: string, now: Date, events: (user: UserRecord) => OutboxEventRow[]): Promise<UserRecord | null> {
      return db.$transaction(
        async (tx) => {
          const [claimed] = await tx.passwordResetToken.updateManyAndReturn({
            where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
            data: { usedAt: now },
            select: { userId: true },
          });
          if (!claimed) return null;
          const user = await tx.user.findUnique({ where: { id: claimed.userId }, select: { disabledAt: true } });
          if (!user || user.disabledAt) return null;
          await tx.$queryRaw`SELECT count(pg_advisory_xact_lock(hashtextextended(f, 0))) FROM (SELECT DISTINCT family_id::text AS f FROM identity.refresh_tokens WHERE user_id = ${claimed.userId}::uuid AND revoked_at IS NULL ORDER BY 1) AS families`;
          const updated = await tx.user.update({ where: { id: claimed.userId }, data: { passwordHash, sessionEpoch: { increment: 1 } }, select: userSelect });
          await tx.refreshToken.updateMany({ where: { userId: updated.id, revokedAt: null }, data: { revokedAt: now } });
          await tx.passwordResetToken.updateMany({ where: { userId: updated.id, usedAt: null }, data: { usedAt: now } });
          await tx.outboxEvent.createMany({ data: events(updated).map(outboxRowData) });
          return updated;
        },
        { maxWait: 10_000, timeout: 10_000 },
      );
    },

    /** A successful login: its own reservation, and the earlier failures of `clearKey` (the account at that address), are forgotten. */
    async refundLoginAttempt(reservation: bigint[], clearKey: string): Promise<void> {
      await db.loginFailure.deleteMany({ where: { OR: [{ id: { in: reservation } }, { key: clearKey }] } });
    },

    async insertRefreshToken(data: { userId: string; familyId: string; tokenHash: string; expiresAt: Date }): Promise<void> {
      await db.refreshToken.create({ data, select: { id: true } });
    },

    /**
     * Exchanges a refresh token for its successor in the same family. Rotation and family
     * revocation take the same per-family advisory lock, so a successor can never be issued
     * after (and survive) the revocation caused by a concurrent reuse.
     *
     * A spent token presented again within `reuseGraceMs` of its first use is not a theft signal
     * but two refreshes racing (two tabs, two replicas of the storefront): it gets a successor of
     * its own in the same family (the plaintext of the first successor is not kept, so it cannot
     * be answered again). The window counts from the first use and does not slide.
     */
    async rotateRefreshToken(
      presentedHash: string,
      next: { tokenHash: string; expiresAt: Date },
      now: Date,
      reuseGraceMs = 0,
    ): Promise<RotationResult> {
      const found = await db.refreshToken.findUnique({ where: { tokenHash: presentedHash }, select: { familyId: true } });
      if (!found) return { status: 'unknown' };
      return db.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${found.familyId}::text, 0))`;
        const token = await tx.refreshToken.findUnique({
          where: { tokenHash: presentedHash },
          select: { id: true, userId: true, familyId: true, expiresAt: true, usedAt: true, revokedAt: true },
        });
        if (!token) return { status: 'unknown' } as const;
        if (token.revokedAt) return { status: 'revoked' } as const;
        if (token.usedAt && now.getTime() - token.usedAt.getTime() < reuseGraceMs) {
          await tx.refreshToken.create({
            data: { userId: token.userId, familyId: token.familyId, tokenHash: next.tokenHash, expiresAt: next.expiresAt },
            select: { id: true },
          });
          return { status: 'rotated', userId: token.userId, familyId: token.familyId, withinReuseGrace: true } as const;
        }
        if (token.usedAt) {
          // A rotated token came back after the grace: someone holds a copy. End every session of this login.
          await tx.refreshToken.updateMany({ where: { familyId: token.familyId, revokedAt: null }, data: { revokedAt: now } });
          return { status: 'reused' } as const;
        }
        if (token.expiresAt.getTime() <= now.getTime()) return { status: 'expired' } as const;
        await tx.refreshToken.update({ where: { id: token.id }, data: { usedAt: now }, select: { id: true } });
        await tx.refreshToken.create({
          data: { userId: token.userId, familyId: token.familyId, tokenHash: next.tokenHash, expiresAt: next.expiresAt },
          select: { id: true },
        });
        return { status: 'rotated', userId: token.userId, familyId: token.familyId, withinReuseGrace: false } as const;
      }, { maxWait: 10_000, timeout: 10_000 });
    },

    /** Ends every session of a user (e.g. after a password change). */
    async revokeUserRefreshTokens(userId: string, now: Date): Promise<void> {
      await db.refreshToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
    },

    /** The owner and family of a refresh token (whatever its state), or null for an unknown one. */
    async findRefreshToken(tokenHash: string): Promise<{ userId: string; familyId: string } | null> {
      return db.refreshToken.findUnique({ where: { tokenHash }, select: { userId: true, familyId: true } });
    },

    /**
     * Logout: revokes the refresh-token family (when given) and bumps the user's session epoch in
     * one transaction. The family's advisory lock (as in rotation) keeps a concurrent refresh from
     * issuing a successor that survives. False when the user does not exist.
     */
    async endSession(userId: string, familyId: string | null, now: Date): Promise<boolean> {
      return db.$transaction(async (tx) => {
        if (familyId) {
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${familyId}::text, 0))`;
          await tx.refreshToken.updateMany({ where: { familyId, userId, revokedAt: null }, data: { revokedAt: now } });
        }
        const bumped = await tx.user.updateMany({ where: { id: userId }, data: { sessionEpoch: { increment: 1 } } });
        return bumped.count > 0;
      }, { maxWait: 10_000, timeout: 10_000 });
    },

    /** The session state verifiers check access tokens against; null for an unknown user. */
    async sessionState(userId: string): Promise<SessionStateRecord | null> {
      const row = await db.user.findUnique({ where: { id: userId }, select: { sessionEpoch: true, disabledAt: true } });
      return row ? { epoch: row.sessionEpoch, disabled: row.disabledAt !== null } : null;
    },

    /** Housekeeping: drops refresh tokens and reset links past expiry, and login attempts and reset requests that left their throttle windows. */
    async purgeStale(
      refreshTokensExpiredBefore: Date,
      failuresBefore: Date,
      resetRequestsBefore: Date,
    ): Promise<{ refreshTokens: number; loginFailures: number; passwordResetTokens: number; passwordResetRequests: number }> {
      const [refreshTokens, loginFailures, passwordResetTokens, passwordResetRequests] = await db.$transaction([
        db.refreshToken.deleteMany({ where: { expiresAt: { lt: refreshTokensExpiredBefore } } }),
        db.loginFailure.deleteMany({ where: { occurredAt: { lt: failuresBefore } } }),
        db.passwordResetToken.deleteMany({ where: { expiresAt: { lt: refreshTokensExpiredBefore } } }),
        db.passwordResetRequest.deleteMany({ where: { requestedAt: { lt: resetRequestsBefore } } }),
      ]);
      return {
        refreshTokens: refreshTokens.count,
        loginFailures: loginFailures.count,
        passwordResetTokens: passwordResetTokens.count,
        passwordResetRequests: passwordResetRequests.count,
      };
    },

    async activeSigningKeys(): Promise<SigningKeyRecord[]> {
      const rows = await db.signingKey.findMany({
        where: { retiredAt: null },
        orderBy: [{ createdAt: 'desc' }, { kid: 'asc' }],
        select: signingKeySelect,
      });
      return rows.map(toSigningKey);
    },

    /**
     * The newest non-retired signing key, created by `generate` when there is none. An advisory
     * lock makes concurrent starters agree on one key.
     */
    async ensureSigningKey(
      generate: () => Promise<{ kid: string; algorithm: string; privateJwk: object; publicJwk: object }>,
    ): Promise<SigningKeyRecord> {
      return db.$transaction(
        async (tx) => {
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${SIGNING_KEY_LOCK}, 0))`;
          const existing = await tx.signingKey.findFirst({
            where: { retiredAt: null },
            orderBy: [{ createdAt: 'desc' }, { kid: 'asc' }],
            select: signingKeySelect,
          });
          if (existing) return toSigningKey(existing);
          const key = await generate();
          const created = await tx.signingKey.create({
            data: {
              kid: key.kid,
              algorithm: key.algorithm,
              privateJwk: key.privateJwk as Prisma.InputJsonObject,
              publicJwk: key.publicJwk as Prisma.InputJsonObject,
            },
            select: signingKeySelect,
          });
          return toSigningKey(created);
        },
        { timeout: 15_000, maxWait: 15_000 },
      );
    },
  };
}

export type IdentityRepository = ReturnType<typeof createIdentityRepository>;
