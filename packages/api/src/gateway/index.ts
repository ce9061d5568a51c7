import type { Logger } from 'pino';
import { createAccessTokenVerifier } from '../runtime/auth.js';
import { DOMAIN_NAMES } from '../runtime/domain.js';
import { getEnv, jwksUrl, serviceUrlFromEnv, type Env } from '../runtime/env.js';
import { domainRouters } from './domains.js';
import { startGateway, type Gateway, type GatewayOptions } from './gateway.js';

export { startGateway, type Gateway, type GatewayOptions } from './gateway.js';
export { buildAccessTable, DEFAULT_REST_OWNERS, type AccessTable } from './access.js';
export { createRedisRateLimiter, createTokenBucketLimiter, type RateLimiter } from './rate-limit.js';
export { createCircuitBreaker, type CircuitBreaker } from './breaker.js';
export { createResponseCache, type ResponseCache, type ResponseCacheOptions } from './response-cache.js';
export { domainRouters } from './domains.js';

/**
 * The platform gateway configured from the validated environment: upstreams IDENTITY_URL,
 * CATALOG_URL, INVENTORY_URL, CART_URL, ORDERS_URL and PAYMENTS_URL, tokens checked against JWKS_URL, CORS_ORIGINS, RATE_LIMIT_*, TRUST_PROXY,
 * GATEWAY_CACHE_MAX_ENTRIES.
 */
export function startGatewayFromEnv(
  options: { logger: Logger; env?: Env } & Partial<Omit<GatewayOptions, 'logger'>>,
): Promise<Gateway> {
  const { env = getEnv(), ...overrides } = options;
  return startGateway({
    port: env.GATEWAY_PORT,
    host: env.HOST,
    upstreams: Object.fromEntries(DOMAIN_NAMES.map((name) => [name, serviceUrlFromEnv(name, env)])),
    routers: domainRouters(),
    verifier: createAccessTokenVerifier({ jwksUrl: jwksUrl(env) }),
    corsOrigins: env.CORS_ORIGINS,
    rateLimit: { perSecond: env.RATE_LIMIT_PER_SECOND, burst: env.RATE_LIMIT_BURST, ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}) },
    rateLimitExemptLoopback: env.RATE_LIMIT_EXEMPT_LOOPBACK,
    trustProxy: env.TRUST_PROXY,
    upstreamTimeoutMs: env.UPSTREAM_TIMEOUT_MS,
    slowRequestMs: env.SLOW_REQUEST_MS,
    responseCache: { maxEntries: env.GATEWAY_CACHE_MAX_ENTRIES },
    ...overrides,
  });
}
