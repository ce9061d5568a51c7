// @omnicart/api: the domain services, the service runtime and the gateway.
// Client apps import types only (`import type { CatalogRouter } from '@omnicart/api'`) and talk to
// the gateway: REST under /api/v1, tRPC under /trpc/<domain> (one tRPC client per domain router).

export type { IdentityRouter } from './identity/index.js';
export type { CatalogRouter } from './catalog/index.js';

// Errors and the procedure ladder every domain builds on.
export { DomainError, DOMAIN_ERROR_CODES, ERROR_TABLE, type DomainErrorCode, type ErrorBody } from './runtime/errors.js';
export { router, publicProcedure, authedProcedure, adminProcedure, createCallerFactory, describeZodError, type Access, type ProcedureMeta } from './runtime/trpc.js';
export { createContextFactory, type RequestContext } from './runtime/context.js';
export {
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  createAccessTokenVerifier,
  createLazyVerifier,
  type AccessTokenVerifier,
  type AuthUser,
  type Role,
} from './runtime/auth.js';
export { DOMAIN_NAMES, type DomainModule, type DomainDeps, type DomainName, type StartedDomain, type RawRoute } from './runtime/domain.js';

// Service host.
export { getEnv, loadEnv, configureEnv, EnvError, jwksUrl, type Env } from './runtime/env.js';
export { createLogger, type Logger } from './runtime/logger.js';
export { startService, checkDatabase, type RunningService, type StartServiceOptions } from './runtime/server.js';
export { compileRouteTable, REST_PREFIX, type RestRoute, type RouteTable } from './runtime/rest.js';
export { describeSurface, type DomainSurface } from './runtime/surface.js';
export { metricsRegistry, renderMetrics } from './runtime/metrics.js';

// Gateway.
export { startGateway, startGatewayFromEnv, type Gateway, type GatewayOptions } from './gateway/index.js';
