import 'server-only';
import type { IdentityRouter } from '@omnicart/api';
import type { TRPCClient } from '@trpc/client';
import type { inferRouterOutputs } from '@trpc/server';
import type { NextAuthOptions, User } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { decode, encode, type JWT } from 'next-auth/jwt';
import { cookies } from 'next/headers';
import { DEFAULT_TRUSTED_PROXIES, isPermission, isStaffRole, type Permission, type StaffRole } from '@omnicart/contracts';
import { shopperAddress } from './address.js';
import type { Caller } from './service-clients.js';
import { serviceStatus } from './service-errors.js';

/**
 * Sessions: next-auth (v4) with a credentials provider that signs in against the identity
 * service. The session cookie is an encrypted JWT holding the identity's access and refresh
 * tokens; they never reach browser JavaScript (the session callback exposes only the user).
 * Access tokens live ~15 min: they are refreshed a minute before they expire, either by
 * next-auth (when the browser polls /api/auth/session) or by the BFF per request.
 */

/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 60_000;

/** The signed-in user as a BFF and its pages see them. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: 'customer' | 'admin';
  /**
   * The staff role (`owner`, `catalog_manager`, …; null for a customer) and its named permissions
   * (@omnicart/contracts permissions.ts), kept as identity answers them. Optional: identity adds
   * them to its user output, and sessions signed in before that have neither; an app derives what
   * is missing from `role` (the admin's staff access).
   */
  staffRole?: StaffRole | null;
  permissions?: Permission[];
}

interface IdentityTokens {
  accessToken: string;
  refreshToken: string;
  /** epoch ms */
  accessTokenExpires: number;
}

/** Our claims inside next-auth's JWT. */
export type SessionJwt = JWT & Partial<IdentityTokens> & { user?: SessionUser; error?: 'RefreshFailed' };

/** What identity's login and refresh answer. */
type LoginAnswer = inferRouterOutputs<IdentityRouter>['login'];
type SignedInTokens = IdentityTokens & { user: SessionUser };

/** The identity procedures sessions use. */
export type IdentityClient = Pick<TRPCClient<IdentityRouter>, 'login' | 'refresh' | 'me' | 'logout'>;

/** What differs per app. */
export interface SessionOptions {
  /** Encrypts the session cookie (the app's NEXTAUTH_SECRET); undefined: no session is read or written. Asked per use. */
  secret: () => string | undefined;
  /** Whether cookies are Secure (the app's public URL is https); `__Secure-` then prefixes the cookie name. */
  secureCookies: () => boolean;
  /** identity's client for a caller (sign-in forwards the user's address: identity throttles per address too). */
  identity: (caller: Caller) => IdentityClient;
  /** The session cookie's name. Apps served from one host need names of their own (cookies ignore ports). */
  cookieName: string;
  /** How long a session lives, in seconds. */
  maxAgeSeconds: number;
  /** The app's sign-in page, e.g. '/login'. */
  signInPage: string;
  /**
   * Proxies in front of the app whose X-Forwarded-For entries count (the app's TRUSTED_PROXIES;
   * default loopback and private networks): see request.ts `shopperAddress`. Asked per use.
   */
  trustedProxies?: () => readonly string[];
}

/** The session's user and the identity access token the services expect; both empty for a guest. */
export interface CurrentSession {
  user: SessionUser | null;
  accessToken: string | undefined;
}

/** The staff fields of identity's user, when its answer has them (see SessionUser); anything unknown is dropped. */
export function staffFields(user: object): Pick<SessionUser, 'staffRole' | 'permissions'> {
  const { staffRole, permissions } = user as { staffRole?: unknown; permissions?: unknown };
  const fields: Pick<SessionUser, 'staffRole' | 'permissions'> = {};
  if (staffRole === null || (typeof staffRole === 'string' && isStaffRole(staffRole))) fields.staffRole = staffRole;
  if (Array.isArray(permissions)) fields.permissions = permissions.filter((value): value is Permission => typeof value === 'string' && isPermission(value));
  return fields;
}

function tokensFrom(answer: LoginAnswer): SignedInTokens {
  return {
    accessToken: answer.accessToken,
    refreshToken: answer.refreshToken,
    accessTokenExpires: Date.now() + answer.expiresIn * 1000,
    user: { id: answer.user.id, email: answer.user.email, name: answer.user.name, role: answer.user.role, ...staffFields(answer.user) },
  };
}

/** An app's sessions: its next-auth options, and reading (refreshing) the session of the request at hand. */
export function createSessions(options: SessionOptions) {
  const { secret, secureCookies, identity, cookieName, maxAgeSeconds, signInPage } = options;
  const trustedProxies = (): readonly string[] => options.trustedProxies?.() ?? DEFAULT_TRUSTED_PROXIES;

  /**
   * Refresh tokens are single-use (identity rotates them and revokes the whole family on reuse),
   * while a page load fires several requests at once. So one refresh per refresh token runs at a
   * time, and its result is remembered until the new access token expires: every request still
   * carrying the old cookie gets the same new tokens instead of reusing the old refresh token.
   * This memo is per process: two app replicas (or two tabs answered by different ones) may still
   * refresh the same token at once, which identity's reuse grace window
   * (IDENTITY_REFRESH_REUSE_GRACE_SECONDS) answers with a pair each instead of revoking the login.
   */
  const refreshes = new Map<string, { promise: Promise<SignedInTokens | null>; expires: number }>();

  function refreshOnce(refreshToken: string): Promise<SignedInTokens | null> {
    const now = Date.now();
    for (const [key, entry] of refreshes) if (entry.expires < now) refreshes.delete(key);
    const existing = refreshes.get(refreshToken);
    if (existing) return existing.promise;
    const promise = identity({})
      .refresh.mutate({ refreshToken })
      // The expiry is fixed when identity answers: a request that picks up the remembered result
      // minutes later must not believe the access token has its whole lifetime ahead of it.
      .then(tokensFrom)
      .catch((error: unknown) => {
        // 401: the refresh token is no longer valid (expired, revoked, signed out elsewhere).
        if (serviceStatus(error) === 401) return null;
        refreshes.delete(refreshToken); // a transient failure may be retried by the next request
        throw error;
      });
    refreshes.set(refreshToken, { promise, expires: now + 15 * 60_000 });
    return promise;
  }

  /**
   * Sign-out ends the session at identity too: the refresh token's family is revoked and the
   * account's session epoch bumped, so the access token in the cookie (and any copy of it) is
   * refused within seconds. The refresh token alone identifies the session (the access token may
   * have expired). Never fails: the cookie is cleared whatever identity answers.
   */
  async function endIdentitySession(token: SessionJwt | null | undefined): Promise<void> {
    if (!token?.refreshToken && !token?.accessToken) return;
    try {
      if (token.refreshToken) await identity({}).logout.mutate({ refreshToken: token.refreshToken });
      else await identity({ accessToken: token.accessToken }).logout.mutate({});
    } catch {
      // Identity unreachable or the session already over: the access token still expires on its own.
    }
  }

  /** The JWT with a fresh access token (or marked RefreshFailed when the session is over). */
  async function withFreshAccessToken(token: SessionJwt): Promise<SessionJwt> {
    if (!token.refreshToken || !token.accessTokenExpires) return token;
    if (Date.now() < token.accessTokenExpires - REFRESH_MARGIN_MS) return token;
    try {
      const tokens = await refreshOnce(token.refreshToken);
      if (!tokens) return { ...token, accessToken: undefined, refreshToken: undefined, error: 'RefreshFailed' };
      return { ...token, ...tokens, error: undefined };
    } catch {
      // Identity unreachable: keep the session; the request will fail with 503 or 401 on its own.
      return token;
    }
  }

  /** The session cookie's name as the browser has it (next-auth prefixes `__Secure-` on https). */
  const sessionCookie = (): string => `${secureCookies() ? '__Secure-' : ''}${cookieName}`;

  function authOptions(): NextAuthOptions {
    const secure = secureCookies();
    return {
      secret: secret(),
      useSecureCookies: secure,
      cookies: { sessionToken: { name: sessionCookie(), options: { httpOnly: true, sameSite: 'lax', path: '/', secure } } },
      session: { strategy: 'jwt', maxAge: maxAgeSeconds },
      pages: { signIn: signInPage },
      providers: [
        CredentialsProvider({
          name: 'Email and password',
          credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
          async authorize(credentials, req) {
            const email = credentials?.email?.trim();
            const password = credentials?.password;
            if (!email || !password) return null;
            try {
              // Forward the user's address: identity throttles failed sign-ins per address too.
              const forwardedFor = shopperAddress(req?.headers?.['x-forwarded-for'] as string | string[] | undefined, trustedProxies());
              const signedIn = tokensFrom(await identity(forwardedFor ? { forwardedFor } : {}).login.mutate({ email, password }));
              return { id: signedIn.user.id, email: signedIn.user.email, name: signedIn.user.name, ...signedIn } as unknown as User;
            } catch (error) {
              const status = serviceStatus(error);
              if (status === 401 || status === 400) return null; // wrong email or password
              // Identity's throttle (failures per account at this address, per address, or a slow-down).
              if (status === 429) throw new Error('Too many failed sign-in attempts. Please wait a few minutes and try again.');
              throw new Error('Signing in is temporarily unavailable. Please try again.');
            }
          },
        }),
      ],
      events: {
        async signOut({ token }) {
          await endIdentitySession(token as SessionJwt | null);
        },
      },
      callbacks: {
        async jwt({ token, user, trigger }) {
          if (user) {
            const signedIn = user as unknown as SignedInTokens;
            return { sub: signedIn.user.id, user: signedIn.user, accessToken: signedIn.accessToken, refreshToken: signedIn.refreshToken, accessTokenExpires: signedIn.accessTokenExpires };
          }
          const fresh = await withFreshAccessToken(token as SessionJwt);
          // `useSession().update()` after a profile edit: re-read the user from identity (never
          // from what the browser sends) so the session's name and email follow the account.
          if (trigger === 'update' && fresh.accessToken && fresh.user) {
            try {
              const me = await identity({ accessToken: fresh.accessToken }).me.query({});
              return { ...fresh, user: { ...fresh.user, name: me.name, email: me.email, role: me.role, ...staffFields(me) } };
            } catch {
              return fresh; // identity unreachable: keep the old name until the next update
            }
          }
          return fresh;
        },
        async session({ session, token }) {
          const jwt = token as SessionJwt;
          // Only the user reaches the browser; tokens stay in the encrypted cookie.
          return { expires: session.expires, user: jwt.error || !jwt.user ? undefined : jwt.user } as typeof session;
        },
      },
    };
  }

  /** Reads the session JWT from the request's cookies (next-auth splits big cookies into .0, .1, ...). */
  async function readSessionJwt(): Promise<SessionJwt | null> {
    const key = secret();
    if (!key) return null;
    const store = await cookies();
    const name = sessionCookie();
    let raw = store.get(name)?.value;
    if (!raw) {
      const chunks = store
        .getAll()
        .filter((cookie) => cookie.name.startsWith(`${name}.`))
        .sort((a, b) => Number(a.name.slice(name.length + 1)) - Number(b.name.slice(name.length + 1)));
      raw = chunks.length ? chunks.map((cookie) => cookie.value).join('') : undefined;
    }
    if (!raw) return null;
    try {
      return ((await decode({ token: raw, secret: key })) as SessionJwt | null) ?? null;
    } catch {
      return null; // tampered or signed with an old secret: treat as signed out
    }
  }

  /**
   * Saves a refreshed JWT into the session cookie. Only route handlers may set cookies; in a server
   * component this silently does nothing (the remembered refresh result covers the next requests).
   */
  async function persistSessionJwt(token: SessionJwt): Promise<void> {
    const key = secret();
    if (!key) return;
    const value = await encode({ token, secret: key, maxAge: maxAgeSeconds });
    if (value.length > 3900) return; // would need chunking; next-auth's own session route will rewrite it
    try {
      const store = await cookies();
      store.set(sessionCookie(), value, { httpOnly: true, sameSite: 'lax', path: '/', secure: secureCookies(), maxAge: maxAgeSeconds });
    } catch {
      /* read-only cookies (server component render) */
    }
  }

  /**
   * The request's signed-in user and a fresh access token (refreshed, and saved to the cookie where
   * the request may write cookies, when due); a guest, an expired or a refused session read as signed out.
   */
  async function currentSession(): Promise<CurrentSession> {
    const jwt = await readSessionJwt();
    if (!jwt?.user || jwt.error) return { user: null, accessToken: undefined };
    const fresh = await withFreshAccessToken(jwt);
    if (fresh !== jwt) await persistSessionJwt(fresh);
    if (fresh.error || !fresh.accessToken) return { user: null, accessToken: undefined };
    return { user: fresh.user ?? null, accessToken: fresh.accessToken };
  }

  return { authOptions, currentSession, withFreshAccessToken, endIdentitySession, readSessionJwt, persistSessionJwt, sessionCookie, trustedProxies };
}

export type Sessions = ReturnType<typeof createSessions>;
