// @omnicart/api: the domain services, the service runtime and the gateway.
// Client apps import types only (`import type { CatalogRouter } from '@omnicart/api'`, or from a
// domain's own entry point, `@omnicart/api/<domain>`) and talk to the gateway: REST under /api/v1,
// tRPC under /trpc/<domain> (one tRPC client per domain router). Shared schemas, error codes and
// event contract types are in @omnicart/contracts; the Next.js server kit is @omnicart/bff.

export type { IdentityRouter } from './identity/index.js';
export type { CatalogRouter } from './catalog/index.js';
export type { InventoryRouter } from './inventory/index.js';
export type { CartRouter } from './cart/index.js';
export type { OrdersRouter } from './orders/index.js';
export type { PaymentsRouter } from './payments/index.js';
export type { AuditEntryDto, AuditPage, AuditRouter } from './audit/index.js';
export type { MessageDetailDto, MessagePageDto, MessageSummaryDto, NotificationsRouter, PreferencesDto } from './notifications/index.js';
export type { RecommendationsRouter, ShelfDto, ShelfItemDto, ShelfName } from './recommendations/index.js';
export type { AnalyticsRouter } from './analytics/index.js';
export type { AppliedDto, LivePromotionDto, PromotionDto, PromotionsRouter } from './promotions/index.js';

// Errors and the procedure ladder every domain builds on.
export { DomainError, DOMAIN_ERROR_CODES, ERROR_TABLE, type DomainErrorCode, type ErrorBody } from './runtime/errors.js';
export { router, publicProcedure, authedProcedure, staffProcedure, isStaffAccess, internalProcedure, createCallerFactory, describeZodError, type Access, type ProcedureMeta } from './runtime/trpc.js';
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
export { defineDomain, defineConsumer, type DomainManifest, type DomainModule, type DomainDeps, type StartedDomain, type RawRoute } from './runtime/domain.js';

// Service host.
export { createServiceClient, callService, asDomainError, type ServiceClientOptions } from './runtime/service-client.js';
export { createLogger, type Logger } from './runtime/logger.js';
export { startService, checkDatabase, type RunningService, type StartServiceOptions } from './runtime/server.js';
export { compileRouteTable, REST_PREFIX, type RestRoute, type RouteTable } from './runtime/rest.js';
export { describeSurface, type DomainSurface } from './runtime/surface.js';
export { metricsRegistry, renderMetrics } from './runtime/metrics.js';

// The registry and everything derived from it (environment, hosting, the gateway's routing).
export {
  DOMAINS,
  DOMAIN_NAMES,
  SERVICE_NAMES,
  configureEnv,
  getEnv,
  hostDomains,
  loadDomains,
  loadEnv,
  startGateway,
  startGatewayFromEnv,
  type DomainName,
  type PlatformEnv,
  type ServiceName,
} from './platform/index.js';
export type { Gateway, GatewayOptions } from './gateway/index.js';
