import { DEFAULT_TRUSTED_PROXIES, proxyList } from '@omnicart/contracts';
import { z } from 'zod';
import { commaList, defineConfig, flag, optionalUrl, port, positiveInt } from '../runtime/env.js';

/** The gateway's settings (its slice of the platform environment). */
export const gatewayConfig = defineConfig(
  z.object({
    GATEWAY_PORT: port(4000),
    /** Per-IP token bucket. The defaults never throttle browsing or the bench. */
    RATE_LIMIT_PER_SECOND: positiveInt(5000),
    RATE_LIMIT_BURST: positiveInt(10_000),
    /** Loopback callers (the co-located storefront/admin servers, local tools) are not rate-limited. */
    RATE_LIMIT_EXEMPT_LOOPBACK: flag(true),
    /** Keep rate-limit buckets in Redis (shared by replicas); absent → in memory. */
    REDIS_URL: optionalUrl(),
    /** Browser origins allowed by CORS. */
    CORS_ORIGINS: commaList('http://localhost:3000,http://localhost:3001'),
    /** Trust X-Forwarded-For / X-Forwarded-Proto from a proxy in front of it (one of TRUSTED_PROXIES). */
    TRUST_PROXY: flag(false),
    /**
     * Proxies whose X-Forwarded-For entries count (CIDR blocks or addresses): the client is the
     * first address, from the right, that is not one of them. Default: loopback and the private
     * networks (an ingress or pod in the cluster). A BFF presenting SERVICE_TOKEN is trusted too.
     */
    TRUSTED_PROXIES: commaList(DEFAULT_TRUSTED_PROXIES.join(',')).superRefine((entries, ctx) => {
      try {
        proxyList(entries);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
    /** Consecutive timeouts or connection failures of an upstream (any method) that open its circuit breaker. */
    GATEWAY_BREAKER_THRESHOLD: positiveInt(5),
    /** How long an open breaker answers 503 at once before one trial request goes through (half-open). */
    GATEWAY_BREAKER_OPEN_MS: positiveInt(5_000),
    /** Bulkhead: requests in flight per upstream; more answer 503 at once (a slow service cannot hold them all). */
    GATEWAY_UPSTREAM_MAX_IN_FLIGHT: positiveInt(512),
    /** Entries of the micro-cache of anonymous public REST GETs (LRU); 0 disables it. */
    GATEWAY_CACHE_MAX_ENTRIES: z.coerce.number().int().min(0).default(5000),
  }),
);
export type GatewayConfig = z.output<typeof gatewayConfig.schema>;
