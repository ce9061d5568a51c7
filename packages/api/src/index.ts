// @omnicart/api: the domain services, the service runtime and the gateway.
// Client apps import types only (`import type { CatalogRouter } from '@omnicart/api'`) and talk to
// the gateway: REST under /api/v1, tRPC under /trpc/<domain> (one tRPC client per domain router).

export type { IdentityRouter } from './identity/index.js';
export type { CatalogRouter } from './catalog/index.js';
export type { InventoryRouter } from './inventory/index.js';
export type { CartRouter } from './cart/index.js';
export type { OrdersRouter } from './orders/index.js';
export type { PaymentsRouter } from './payments/index.js';

// Errors and the procedure ladder every domain builds on.
export { DomainError, DOMAIN_ERROR_CODES, ERROR_TABLE, type DomainErrorCode, type ErrorBody } from './runtime/errors.js';
export { router, publicProcedure, authedProcedure, adminProcedure, internalProcedure, createCallerFactory, describeZodError, type Access, type ProcedureMeta } from './runtime/trpc.js';
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
export { getEnv, loadEnv, configureEnv, EnvError, jwksUrl, serviceUrlFromEnv, servicePortFromEnv, stripeApiUrl, type Env } from './runtime/env.js';
export { createServiceClient, callService, asDomainError, type ServiceClientOptions } from './runtime/service-client.js';
export { createLogger, type Logger } from './runtime/logger.js';
export { startService, checkDatabase, type RunningService, type StartServiceOptions } from './runtime/server.js';
export { compileRouteTable, REST_PREFIX, type RestRoute, type RouteTable } from './runtime/rest.js';
export { describeSurface, type DomainSurface } from './runtime/surface.js';
export { metricsRegistry, renderMetrics } from './runtime/metrics.js';

// Gateway.
export { startGateway, startGatewayFromEnv, type Gateway, type GatewayOptions } from './gateway/index.js';

// The domain modules every way of starting the platform uses, and the local Stripe simulator.
export { DOMAIN_MODULES, SERVICE_NAMES, type ServiceName } from './cli/domains.js';
export { startStripeSimulator, type StripeSimulator, type StripeSimulatorOptions } from './stripe-simulator/index.js';
