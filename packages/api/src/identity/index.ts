// identity: accounts, credentials, roles and sessions. The public face: the manifest, the router
// type, the event contracts and the demo accounts' addresses. Everything else is private.
import { defineDomain, type LoadedDomain } from '../runtime/domain.js';
import { identityConfig } from './config.js';
import { identityEvents } from './events.js';
import type { IdentityConfig } from './config.js';

export type { IdentityRouter } from './router.js';
export type { PublicUser, Session } from './service.js';
export type { SessionOutput, UserOutput } from './schemas.js';
export { DEMO_ADMIN, DEMO_CUSTOMER } from './config.js';
export { accountDisabled, accountEnabled, identityAudit, passwordChanged, passwordResetRequested, profileUpdated, roleChanged, staffInvited, userRegistered } from './events.js';

/** Identity's public keys, served at the gateway too. */
export const JWKS_PATH = '/.well-known/jwks.json';
export const PURGE_STALE_JOB = 'identity.purge-stale';

export const manifest = defineDomain({
  name: 'identity',
  port: 4101,
  summary: 'Accounts, credentials, roles and sessions (JWT access tokens, rotating refresh tokens, JWKS).',
  rest: ['users'],
  raw: [{ path: JWKS_PATH, methods: ['GET', 'HEAD'], summary: 'The public keys access tokens are verified with.' }],
  config: identityConfig,
  publishes: identityEvents,
  jobs: [{ name: PURGE_STALE_JOB, summary: 'Hourly: deletes long-expired refresh tokens and password-reset links, and login failures and password-reset requests outside their throttle windows.' }],
  openapiFile: 'user_service_api.yaml',
  secrets: { JWT_PRIVATE_KEY: { secret: 'omnicart-jwt', key: 'private-key.pem' } },
  load: async () => (await import('./module.js')).domainModule,
});

/** This domain ready to host with non-default options (tests); its code loads on demand, as with `manifest.load()`. */
export async function createIdentityDomain(options: Partial<IdentityConfig> = {}): Promise<LoadedDomain> {
  return { manifest, module: (await import('./module.js')).createIdentityModule(options) as LoadedDomain['module'] };
}
