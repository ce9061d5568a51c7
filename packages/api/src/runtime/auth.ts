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
export function createAccessTokenVerifier(source: { jwksUrl: string } | { getKey: () => Promise<JSONWebKeySet> }): AccessTokenVerifier {
  let keys: JWTVerifyGetKey;
  if ('jwksUrl' in source) {
    keys = createRemoteJWKSet(new URL(source.jwksUrl), { cooldownDuration: 5_000, cacheMaxAge: 10 * 60_000 });
  } else {
    keys = async (header, token) => createLocalJWKSet(await source.getKey())(header, token);
  }
  return {
    async verify(token) {
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
        return { ok: true, user: { id: payload.sub, email: payload.email, role } };
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
