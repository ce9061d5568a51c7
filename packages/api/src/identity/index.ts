import type { IncomingMessage, ServerResponse } from 'node:http';
import type pg from 'pg';
import { createIdentityDb } from '@omnicart/db/identity';
import { createAccessTokenVerifier, type AccessTokenVerifier } from '../runtime/auth.js';
import { metadataOnlyService, type DomainModule, type StartedDomain } from '../runtime/domain.js';
import { getEnv, type Env } from '../runtime/env.js';
import { DEFAULT_IDENTITY_CONFIG, type IdentityConfig } from './config.js';
import { createDatabaseKeyStore, createPemKeyStore, type SigningKeyStore } from './keys.js';
import { createIdentityRepository } from './repository.js';
import { createIdentityRouter, type IdentityRouter } from './router.js';
import { createIdentityService, type IdentityService } from './service.js';

export type { IdentityRouter } from './router.js';
export type { IdentityConfig } from './config.js';
export type { IdentityService, PublicUser, Session } from './service.js';
export { DEFAULT_IDENTITY_CONFIG, DEMO_ADMIN, DEMO_CUSTOMER } from './config.js';
export { ensureDemoAccounts, type DemoAccountPasswords } from './demo-accounts.js';
export {
  emailSchema,
  nameSchema,
  passwordSchema,
  roleSchema,
  sessionSchema,
  userIdSchema,
  userSchema,
  type SessionOutput,
  type UserOutput,
} from './schemas.js';

export const JWKS_PATH = '/.well-known/jwks.json';
const PURGE_INTERVAL_MS = 60 * 60_000;

export interface IdentityComponents {
  service: IdentityService;
  router: IdentityRouter;
  keys: SigningKeyStore;
  /** Verifies access tokens against identity's own key set (no HTTP round trip). */
  verifier: AccessTokenVerifier;
  stop(): Promise<void>;
}

/** Wires identity on a pool. Used by the DomainModule below and by tests. */
export async function createIdentity(pool: pg.Pool, overrides: Partial<IdentityConfig> = {}): Promise<IdentityComponents> {
  const config: IdentityConfig = { ...DEFAULT_IDENTITY_CONFIG, ...withoutUndefined(overrides) };
  const db = createIdentityDb(pool);
  const repository = createIdentityRepository(db);
  const keys = config.jwtPrivateKey ? await createPemKeyStore(config.jwtPrivateKey) : await createDatabaseKeyStore(repository);
  const service = createIdentityService({ repository, keys, config });
  return {
    service,
    router: createIdentityRouter(service),
    keys,
    verifier: createAccessTokenVerifier({ getKey: () => keys.jwks() }),
    stop: () => db.$disconnect(),
  };
}

/** GET /.well-known/jwks.json: every non-retired public signing key. */
export function jwksHandler(keys: SigningKeyStore) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'METHOD_NOT_ALLOWED', message: 'Use GET' } }));
      return;
    }
    const body = JSON.stringify({ keys: (await keys.jwks()).keys });
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'public, max-age=300',
      'content-length': Buffer.byteLength(body),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

/** Identity's settings from the validated environment. */
export function identityConfigFromEnv(env: Env = getEnv()): IdentityConfig {
  return {
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
    loginMaxFailuresPerAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    loginMaxFailuresPerIp: env.LOGIN_MAX_FAILURES_PER_IP,
    loginFailureWindowSeconds: env.LOGIN_FAILURE_WINDOW_SECONDS,
    jwtPrivateKey: env.JWT_PRIVATE_KEY,
  };
}

/**
 * The DomainModule. Settings come from the environment as validated when the domain starts
 * (so configureEnv() before start applies); `overrides` win over it.
 */
export function createIdentityDomain(overrides: Partial<IdentityConfig> = {}): DomainModule {
  return {
    name: 'identity',
    describeRouter: () => createIdentityRouter(metadataOnlyService<IdentityService>('identity')),
    async start({ pool, logger }): Promise<StartedDomain> {
      const config = { ...identityConfigFromEnv(), ...withoutUndefined(overrides) };
      const identity = await createIdentity(pool, config);
      const { kid } = await identity.keys.current();
      logger.info({ kid, keySource: config.jwtPrivateKey ? 'JWT_PRIVATE_KEY' : 'database' }, 'identity signing key ready');
      const purge = () =>
        identity.service.purgeStale().then(
          (purged) => logger.debug(purged, 'identity: purged stale refresh tokens and login failures'),
          (error: unknown) => logger.warn({ err: error }, 'identity: purge of stale rows failed'),
        );
      const housekeeping = setInterval(purge, PURGE_INTERVAL_MS);
      housekeeping.unref();
      return {
        router: identity.router,
        rawRoutes: { [JWKS_PATH]: jwksHandler(identity.keys) },
        async stop() {
          clearInterval(housekeeping);
          await identity.stop();
        },
      };
    },
  };
}

export const identityDomain: DomainModule = createIdentityDomain();


function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
