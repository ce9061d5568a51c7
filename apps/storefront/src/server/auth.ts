import 'server-only';
import type { IdentityRouter } from '@omnicart/api';
import type { inferRouterOutputs } from '@trpc/server';
import type { NextAuthOptions, User } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { decode, encode, type JWT } from 'next-auth/jwt';
import { cookies } from 'next/headers';
import { getEnv, secureCookies } from '@/env';
import { anonymousServices, services } from './services';
import { serviceStatus } from './service-errors';

/**
 * Sessions: next-auth (v4) with a credentials provider that signs in against the identity
 * service. The session cookie is an encrypted JWT holding the identity's access and refresh
 * tokens; they never reach browser JavaScript (the session callback exposes only the user).
 * Access tokens live ~15 min: they are refreshed a minute before they expire, either by
 * next-auth (when the browser polls /api/auth/session) or by the BFF per request.
 */

const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60;
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 60_000;

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: 'customer' | 'admin';
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

function tokensFrom(answer: LoginAnswer): SignedInTokens {
  return {
    accessToken: answer.accessToken,
    refreshToken: answer.refreshToken,
    accessTokenExpires: Date.now() + answer.expiresIn * 1000,
    user: { id: answer.user.id, email: answer.user.email, name: answer.user.name, role: answer.user.role },
  };
}

/**
 * Refresh tokens are single-use (identity rotates them and revokes the whole family on reuse),
 * while a page load fires several requests at once. So one refresh per refresh token runs at a
 * time, and its result is remembered until the new access token expires: every request still
 * carrying the old cookie gets the same new tokens instead of reusing the old refresh token.
 */
const refreshes = new Map<string, { promise: Promise<SignedInTokens | null>; expires: number }>();

function refreshOnce(refreshToken: string): Promise<SignedInTokens | null> {
  const now = Date.now();
  for (const [key, entry] of refreshes) if (entry.expires < now) refreshes.delete(key);
  const existing = refreshes.get(refreshToken);
  if (existing) return existing.promise;
  const promise = anonymousServices
    .identity.refresh.mutate({ refreshToken })
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

/** The JWT with a fresh access token (or marked RefreshFailed when the session is over). */
export async function withFreshAccessToken(token: SessionJwt): Promise<SessionJwt> {
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

export const SESSION_COOKIE = (): string => `${secureCookies() ? '__Secure-' : ''}next-auth.session-token`;

export function authOptions(): NextAuthOptions {
  const env = getEnv();
  return {
    secret: env.NEXTAUTH_SECRET,
    useSecureCookies: secureCookies(),
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: '/login' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          const email = credentials?.email?.trim();
          const password = credentials?.password;
          if (!email || !password) return null;
          try {
            // Forward the shopper's address: identity throttles failed sign-ins per address too.
            const forwardedFor = req?.headers?.['x-forwarded-for'];
            const identity = forwardedFor ? services(undefined, String(forwardedFor)).identity : anonymousServices.identity;
            const signedIn = tokensFrom(await identity.login.mutate({ email, password }));
            return { id: signedIn.user.id, email: signedIn.user.email, name: signedIn.user.name, ...signedIn } as unknown as User;
          } catch (error) {
            const status = serviceStatus(error);
            if (status === 401 || status === 400) return null; // wrong email or password
            // Identity's throttle (5 failures per account, per client address, in 15 minutes).
            if (status === 429) throw new Error('Too many failed sign-in attempts. Please wait a few minutes and try again.');
            throw new Error('Signing in is temporarily unavailable. Please try again.');
          }
        },
      }),
    ],
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
            const me = await services(fresh.accessToken).identity.me.query({});
            return { ...fresh, user: { ...fresh.user, name: me.name, email: me.email, role: me.role } };
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
export async function readSessionJwt(): Promise<SessionJwt | null> {
  const secret = getEnv().NEXTAUTH_SECRET;
  if (!secret) return null;
  const store = await cookies();
  const name = SESSION_COOKIE();
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
    return ((await decode({ token: raw, secret })) as SessionJwt | null) ?? null;
  } catch {
    return null; // tampered or signed with an old secret: treat as signed out
  }
}

/**
 * Saves a refreshed JWT into the session cookie. Only route handlers may set cookies; in a server
 * component this silently does nothing (the remembered refresh result covers the next requests).
 */
export async function persistSessionJwt(token: SessionJwt): Promise<void> {
  const secret = getEnv().NEXTAUTH_SECRET;
  if (!secret) return;
  const value = await encode({ token, secret, maxAge: SESSION_MAX_AGE_S });
  if (value.length > 3900) return; // would need chunking; next-auth's own session route will rewrite it
  try {
    const store = await cookies();
    store.set(SESSION_COOKIE(), value, { httpOnly: true, sameSite: 'lax', path: '/', secure: secureCookies(), maxAge: SESSION_MAX_AGE_S });
  } catch {
    /* read-only cookies (server component render) */
  }
}
