import type pg from 'pg';
import { createAccessTokenVerifier, createSessionStates, type AccessTokenVerifier } from '../runtime/auth.js';
import { metadataOnlyService, type DomainModule} from '../runtime/domain.js';
import { DEVELOPMENT_SERVICE_TOKEN } from '../runtime/env.js';
import { DEFAULT_IDENTITY_CONFIG, identityConfigFrom, type IdentityConfig, type IdentitySettings } from './config.js';
import { ensureDemoAccounts } from './demo-accounts.js';
import { jwksHandler } from './http.js';
import { JWKS_PATH, PURGE_STALE_JOB } from './index.js';
import { purgeStaleJob } from './jobs/purge-stale.js';
import { createDatabaseKeyStore, createPemKeyStore, type SigningKeyStore } from './keys.js';
import { document } from './openapi.js';
import { createIdentityDb, createIdentityRepository } from './repository.js';
import { createIdentityRouter, type IdentityRouter } from './router.js';
import { createIdentityService, type IdentityService } from './service.js';

export interface IdentityComponents {
  service: IdentityService;
  router: IdentityRouter;
  keys: SigningKeyStore;
  /** Verifies access tokens against identity's own key set and session epochs (no HTTP round trip). */
  verifier: AccessTokenVerifier;
  stop(): Promise<void>;
}

/** Wires identity on a pool: used by start below and by tests. `serviceToken` seals the link tokens its events carry. */
export async function createIdentity(
  pool: pg.Pool,
  overrides: Partial<IdentityConfig> = {},
  outboxWritten: () => void = () => undefined,
  serviceToken: string = DEVELOPMENT_SERVICE_TOKEN,
): Promise<IdentityComponents> {
  const config: IdentityConfig = { ...DEFAULT_IDENTITY_CONFIG, ...withoutUndefined(overrides) };
  const db = createIdentityDb(pool);
  const repository = createIdentityRepository(db);
  const keys = config.jwtPrivateKey ? await createPemKeyStore(config.jwtPrivateKey) : await createDatabaseKeyStore(repository);
  const service = createIdentityService({ repository, keys, config, serviceToken, outboxWritten });
  return {
    service,
    router: createIdentityRouter(service),
    keys,
    verifier: createAccessTokenVerifier({ getKey: () => keys.jwks() }, { sessions: createSessionStates((userId) => repository.sessionState(userId)) }),
    stop: () => db.$disconnect(),
  };
}

/** Identity with some settings fixed regardless of the environment (tests). */
export function createIdentityModule(overrides: Partial<IdentityConfig> = {}): DomainModule<IdentitySettings> {
  return {
  async start({ pool, logger, config, env, outboxWritten }) {
    const settings = { ...identityConfigFrom(config), ...withoutUndefined(overrides) };
    const identity = await createIdentity(pool, settings, outboxWritten, env.SERVICE_TOKEN);
    const { kid } = await identity.keys.current();
    logger.info({ kid, keySource: settings.jwtPrivateKey ? 'JWT_PRIVATE_KEY' : 'database' }, 'identity signing key ready');
    return {
      router: identity.router,
      http: { [JWKS_PATH]: jwksHandler(identity.keys) },
      jobs: { [PURGE_STALE_JOB]: purgeStaleJob(identity.service, logger) },
      stop: () => identity.stop(),
    };
  },
  describeRouter: () => createIdentityRouter(metadataOnlyService<IdentityService>('identity')),
  openapi: document,
  async seed(pool, demo) {
    await ensureDemoAccounts({ pool, adminPassword: demo.adminPassword, demoPassword: demo.demoPassword });
    return true;
  },
  };
}

export const domainModule = createIdentityModule();


function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
