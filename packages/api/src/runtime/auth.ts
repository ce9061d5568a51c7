import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { DomainError } from './errors.js';
import { ACCOUNT_ROLES, isPermission, legacyRole, permissionsOf, type AccountRole, type LegacyRole, type Permission, type StaffRole } from '@omnicart/contracts';

/** The coarse role older code and the REST contract know: every staff member is `admin`. */
export type Role = LegacyRole;
export interface AuthUser {
  id: string;
  email: string;
  /** `admin` for every staff member; what they may do is `permissions`. */
  role: Role;
  /** The precise staff role; null for customers. */
  staffRole: StaffRole | null;
  /** The named permissions the access token carries (none for customers). */
  permissions: readonly Permission[];
}

export function permissionRefusal(permission: Permission): string {
  return `This operation requires the ${permission} permission`;
}

/** Throws FORBIDDEN (403) unless the user holds the permission. */
export function requirePermission(user: Pick<AuthUser, 'permissions'>, permission: Permission): void {
  if (!user.permissions.includes(permission)) throw new DomainError('FORBIDDEN', permissionRefusal(permission));
}

/** The access token claim carrying the holder's permissions. */
export const PERMISSIONS_CLAIM = 'perms';

/** An AuthUser for an account role (tests, tokens from before the `perms` claim). */
export function authUserFor(user: { id: string; email: string; role: AccountRole }, permissions?: readonly Permission[]): AuthUser {
  return {
    id: user.id,
    email: user.email,
    role: legacyRole(user.role),
    staffRole: user.role === 'customer' ? null : user.role,
    permissions: permissions ?? permissionsOf(user.role),
  };
}

/** The token's `role` claim as an account role; tokens issued before staff roles say `admin` (now an owner). */
function accountRoleClaim(claim: unknown): AccountRole | undefined {
  if (claim === 'admin') return 'owner';
  return typeof claim === 'string' && (ACCOUNT_ROLES as readonly string[]).includes(claim) ? (claim as AccountRole) : undefined;
}

function permissionsClaim(claim: unknown, role: AccountRole): readonly Permission[] | undefined {
  if (claim === undefined) return permissionsOf(role);
  if (!Array.isArray(claim) || !claim.every((p): p is string => typeof p === 'string')) return undefined;
  // A permission this build does not know (a newer identity) is ignored, not fatal.
  return claim.filter(isPermission);
}

export const ACCESS_TOKEN_ISSUER = 'omnicart-identity';
export const ACCESS_TOKEN_AUDIENCE = 'omnicart';
/** The access token claim carrying the user's session epoch at issue time. */
export const SESSION_EPOCH_CLAIM = 'sev';

/**
 * A failed verification says why. `unavailable` means the token could not be checked (identity
 * unreachable): the caller answers 503, not 401, so clients keep their session and retry.
 */
export type VerifyResult = { ok: true; user: AuthUser } | { ok: false; reason: string; unavailable?: true };

export interface AccessTokenVerifier {
  verify(token: string): Promise<VerifyResult>;
}

/** A user's sessions as identity knows them: tokens issued in an older epoch are revoked. */
export interface SessionState {
  epoch: number;
  disabled: boolean;
}

/** Asks identity for a user's session state; null when the user does not exist. */
export type SessionStateLookup = (userId: string) => Promise<SessionState | null>;

export const SESSION_MESSAGES = {
  revoked: 'Access token has been revoked (signed out, password or role changed); sign in again',
  disabled: 'This account is disabled',
  unknownUser: 'Access token names an account that no longer exists',
  unavailable: 'Your session could not be checked right now; try again shortly',
} as const;

export interface SessionStatesOptions {
  /** How long an answer is trusted: the most a revoked token keeps working (default 2 s). */
  ttlMs?: number;
  /**
   * When identity cannot be asked, an answer this old is still used (default 60 s): identity is
   * where epochs change, so while it is unreachable from here little can have changed. Older or
   * no answer → the token is `unavailable` (503).
   */
  staleIfErrorMs?: number;
  /** Users remembered at most (the map is cleared when full, like the token cache). */
  maxEntries?: number;
  /** Injectable clock (tests). */
  now?: () => number;
}

export interface SessionStates {
  /**
   * The user's current state, from the cache when fresh; throws when it cannot be learnt. A token
   * from an epoch newer than the cached one proves the cache stale (the user signed in again after
   * a change), so `tokenEpoch` above it asks identity again.
   */
  get(userId: string, tokenEpoch?: number): Promise<SessionState | null>;
}

/**
 * A per-user cache of identity's answers with a short TTL, one lookup in flight per user. On the
 * hot path a known user costs a Map lookup; an active user costs one lookup per TTL per process.
 */
export function createSessionStates(lookup: SessionStateLookup, options: SessionStatesOptions = {}): SessionStates {
  const ttlMs = options.ttlMs ?? 2_000;
  const staleIfErrorMs = options.staleIfErrorMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 50_000;
  const now = options.now ?? Date.now;
  const known = new Map<string, { state: SessionState | null; fetchedAt: number }>();
  const inFlight = new Map<string, Promise<SessionState | null>>();

  const fetch = (userId: string): Promise<SessionState | null> => {
    let pending = inFlight.get(userId);
    if (!pending) {
      pending = lookup(userId)
        .then(
          (state) => {
            if (known.size >= maxEntries) known.clear();
            known.set(userId, { state, fetchedAt: now() });
            return state;
          },
          (error: unknown) => {
            const last = known.get(userId);
            if (last && now() - last.fetchedAt <= staleIfErrorMs) return last.state;
            throw error;
          },
        )
        .finally(() => inFlight.delete(userId));
      inFlight.set(userId, pending);
    }
    return pending;
  };

  return {
    async get(userId, tokenEpoch = 0) {
      const entry = known.get(userId);
      if (entry && now() - entry.fetchedAt < ttlMs && (entry.state === null || entry.state.epoch >= tokenEpoch)) return entry.state;
      return fetch(userId);
    },
  };
}

export interface AccessTokenVerifierOptions {
  /** Verified tokens remembered (default 10,000). */
  cacheSize?: number;
  /**
   * Checks each token's session epoch (claim `sev`, 0 when absent) against the user's current
   * one: a token from an older epoch, or of a disabled or deleted user, is refused. Without it
   * only the signature and claims are checked (unit tests).
   */
  sessions?: SessionStates;
  /** Told why a session check failed (identity unreachable), for the log. */
  onSessionCheckError?: (error: unknown) => void;
}

/**
 * Verifies access tokens signed by identity. Services and the gateway point it at identity's
 * JWKS URL (keys are cached and refetched on an unknown `kid`); identity itself passes its
 * local key set.
 */
export function createAccessTokenVerifier(
  source: { jwksUrl: string } | { getKey: () => Promise<JSONWebKeySet> },
  options: AccessTokenVerifierOptions = {},
): AccessTokenVerifier {
  // Verified tokens are remembered until they expire, so a client's follow-up requests skip the
  // signature check (never the session check). Only successes are cached; a changed byte is a different key.
  const cacheSize = options.cacheSize ?? 10_000;
  const { sessions, onSessionCheckError } = options;
  const cache = new Map<string, { user: AuthUser; epoch: number; expiresAtMs: number }>();
  let keys: JWTVerifyGetKey;
  if ('jwksUrl' in source) {
    keys = createRemoteJWKSet(new URL(source.jwksUrl), { cooldownDuration: 5_000, cacheMaxAge: 10 * 60_000 });
  } else {
    keys = async (header, token) => createLocalJWKSet(await source.getKey())(header, token);
  }
  const checkSession = async (user: AuthUser, epoch: number): Promise<VerifyResult> => {
    if (!sessions) return { ok: true, user };
    let state: SessionState | null;
    try {
      state = await sessions.get(user.id, epoch);
    } catch (error) {
      onSessionCheckError?.(error);
      return { ok: false, reason: SESSION_MESSAGES.unavailable, unavailable: true };
    }
    if (!state) return { ok: false, reason: SESSION_MESSAGES.unknownUser };
    if (state.disabled) return { ok: false, reason: SESSION_MESSAGES.disabled };
    // A newer epoch than the cached one is a token issued after the cache was filled: fine.
    if (epoch < state.epoch) return { ok: false, reason: SESSION_MESSAGES.revoked };
    return { ok: true, user };
  };

  return {
    async verify(token) {
      const cached = cache.get(token);
      if (cached) {
        if (Date.now() < cached.expiresAtMs) return checkSession(cached.user, cached.epoch);
        cache.delete(token);
      }
      let verified: { user: AuthUser; epoch: number };
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer: ACCESS_TOKEN_ISSUER,
          audience: ACCESS_TOKEN_AUDIENCE,
          algorithms: ['EdDSA', 'ES256'],
        });
        // jose checks `exp` only when present: a token without one would never expire.
        if (typeof payload.exp !== 'number') return { ok: false, reason: 'Access token has no expiry (exp claim); sign in again' };
        const role = accountRoleClaim(payload.role);
        const permissions = role && permissionsClaim(payload[PERMISSIONS_CLAIM], role);
        const epoch = payload[SESSION_EPOCH_CLAIM] ?? 0;
        if (
          typeof payload.sub !== 'string' ||
          typeof payload.email !== 'string' ||
          !role ||
          !permissions ||
          typeof epoch !== 'number' ||
          !Number.isInteger(epoch)
        ) {
          return { ok: false, reason: 'Access token is missing required claims' };
        }
        verified = { user: authUserFor({ id: payload.sub, email: payload.email, role }, permissions), epoch };
        if (cacheSize > 0) {
          if (cache.size >= cacheSize) cache.clear();
          cache.set(token, { ...verified, expiresAtMs: payload.exp * 1000 });
        }
      } catch (error) {
        if (error instanceof errors.JWTExpired) return { ok: false, reason: 'Access token has expired' };
        if (error instanceof errors.JOSEError) return { ok: false, reason: 'Access token is invalid' };
        throw error;
      }
      return checkSession(verified.user, verified.epoch);
    },
  };
}

/**
 * A verifier whose JWKS URL is known only later (identity on an ephemeral port): the remote key
 * set is created on the first verification.
 */
export function createLazyVerifier(
  jwksUrl: () => string,
  options: AccessTokenVerifierOptions = {},
): AccessTokenVerifier {
  let inner: AccessTokenVerifier | undefined;
  return {
    verify(token) {
      inner ??= createAccessTokenVerifier({ jwksUrl: jwksUrl() }, options);
      return inner.verify(token);
    },
  };
}
