// The gateway: the one public entry for the APIs. It knows no domain: the platform layer hands it
// the upstreams, REST owners, raw routes and index page derived from the registry
// (platform/gateway.ts), and it learns each domain's access rules from the service's own
// GET /_meta/surface — so the gateway process never loads domain code.
export { startGateway, isLoopback, type Gateway, type GatewayOptions, type GatewayRawRoute } from './gateway.js';
export { gatewayConfig, type GatewayConfig } from './config.js';
export { buildAccessTable, type AccessTable, type RestOwners } from './access.js';
export { createRedisRateLimiter, createTokenBucketLimiter, type RateLimiter } from './rate-limit.js';
export { createCircuitBreaker, type CircuitBreaker } from './breaker.js';
export { createResponseCache, type ResponseCache, type ResponseCacheOptions } from './response-cache.js';
