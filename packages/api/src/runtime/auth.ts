import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';

export type Role = 'customer' | 'admin';
export interface AuthUser {
  id: string;
  email: string;
  role: Role;
}

export const ACCESS_TOKEN_ISSUER = 'omnicart-identity';
export const ACCESS_TOKEN_AUDIENCE = 'omnicart';

export type VerifyResult = { ok: true; user: AuthUser } | { ok: false; reason: string };

export interface AccessTokenVerifier {
  verify(token: string): Promise<VerifyResult>;
}

/**
 * Verifies access tokens signed by identity. Services and the gateway point it at identity's
 * JWKS URL (keys are cached and refetched on an unknown `kid`); identity itself passes its
 * local key set.
 */
export function createAccessTokenVerifier(
  source: { jwksUrl: string } | { getKey: () => Promise<JSONWebKeySet> },
  options: { cacheSize?: number } = {},
): AccessTokenVerifier {
  // Verified tokens are remembered until they expire, so a client's follow-up requests skip the
  // signature check. Only successes are cached; a changed byte is a different key.
  const cacheSize = options.cacheSize ?? 10_000;
  const cache = new Map<string, { user: AuthUser; expiresAtMs: number }>();
  let keys: JWTVerifyGetKey;
  if ('jwksUrl' in source) {
    keys = createRemoteJWKSet(new URL(source.jwksUrl), { cooldownDuration: 5_000, cacheMaxAge: 10 * 60_000 });
  } else {
    keys = async (header, token) => createLocalJWKSet(await source.getKey())(header, token);
  }
  return {
    async verify(token) {
      const cached = cache.get(token);
      if (cached) {
        if (Date.now() < cached.expiresAtMs) return { ok: true, user: cached.user };
        cache.delete(token);
      }
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer: ACCESS_TOKEN_ISSUER,
          audience: ACCESS_TOKEN_AUDIENCE,
          algorithms: ['EdDSA', 'ES256'],
        });
        const role = payload.role;
        if (typeof payload.sub !== 'string' || typeof payload.email !== 'string' || (role !== 'customer' && role !== 'admin')) {
          return { ok: false, reason: 'Access token is missing required claims' };
        }
        const user: AuthUser = { id: payload.sub, email: payload.email, role };
        if (cacheSize > 0 && typeof payload.exp === 'number') {
          if (cache.size >= cacheSize) cache.clear();
          cache.set(token, { user, expiresAtMs: payload.exp * 1000 });
        }
        return { ok: true, user };
      } catch (error) {
        if (error instanceof errors.JWTExpired) return { ok: false, reason: 'Access token has expired' };
        if (error instanceof errors.JOSEError) return { ok: false, reason: 'Access token is invalid' };
        throw error;
      }
    },
  };
}

/**
 * A verifier whose JWKS URL is known only later (identity on an ephemeral port): the remote key
 * set is created on the first verification.
 */
export function createLazyVerifier(jwksUrl: () => string): AccessTokenVerifier {
  let inner: AccessTokenVerifier | undefined;
  return {
    verify(token) {
      inner ??= createAccessTokenVerifier({ jwksUrl: jwksUrl() });
      return inner.verify(token);
    },
  };
}
