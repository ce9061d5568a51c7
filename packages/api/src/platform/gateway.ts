import type { Logger } from 'pino';
import { startGateway as startBareGateway, type Gateway, type GatewayOptions, type GatewayRawRoute } from '../gateway/index.js';
import { createAccessTokenVerifier } from '../runtime/auth.js';
import { JWKS_PATH } from '../identity/index.js';
import { STRIPE_WEBHOOK_PATH } from '../payments/index.js';
import { DOMAINS, DOMAIN_NAMES, type DomainName } from './registry.js';
import { identitySessionStates } from './sessions.js';
import { getEnv, jwksUrl, serviceUrlFromEnv, type PlatformEnv } from './env.js';

/**
 * What the gateway knows of the domains, derived from the registry: which domain owns each REST
 * prefix, which raw routes it forwards where, and its index page. The gateway itself imports no
 * domain; it learns each domain's access rules from the service's GET /_meta/surface.
 */
export function gatewayRouting(): Required<Pick<GatewayOptions, 'restOwners' | 'rawRoutes' | 'index'>> {
  const restOwners = Object.fromEntries(DOMAINS.flatMap((domain) => domain.rest.map((prefix) => [prefix, domain.name])));
  const rawRoutes: GatewayRawRoute[] = DOMAINS.flatMap((domain) =>
    (domain.raw ?? []).map((route) => ({
      path: route.path,
      domain: domain.name,
      ...(route.methods ? { methods: route.methods } : {}),
      ...(route.rateLimited === undefined ? {} : { rateLimited: route.rateLimited }),
    })),
  );
  const index = {
    name: 'OmniCart API gateway',
    rest: `/api/v1 (e.g. ${DOMAINS.flatMap((domain) => domain.rest.map((prefix) => `/api/v1/${prefix}`)).join(', ')})`,
    trpc: `/trpc/<domain>/<procedure> (domains: ${DOMAIN_NAMES.join(', ')})`,
    jwks: JWKS_PATH,
    webhooks: { stripe: `POST ${STRIPE_WEBHOOK_PATH}` },
    health: { live: '/healthz', ready: '/readyz', metrics: '/metrics' },
    openapi: DOMAINS.map((domain) => `data/docs/${domain.openapiFile}`),
  };
  return { restOwners, rawRoutes, index };
}

/** The gateway with the platform's routing (tests pass their own upstreams and routers). */
export function startGateway(options: Omit<GatewayOptions, 'restOwners' | 'rawRoutes' | 'index'> & Partial<GatewayOptions>): Promise<Gateway> {
  return startBareGateway({ ...gatewayRouting(), ...options });
}

/**
 * The platform gateway configured from the validated environment: an upstream per domain at its
 * <NAME>_URL (or where this process hosts it), tokens checked against JWKS_URL and their session
 * epoch against identity (SESSION_CACHE_TTL_MS), CORS_ORIGINS, RATE_LIMIT_*, TRUST_PROXY,
 * TRUSTED_PROXIES, SERVICE_TOKEN (trusted BFFs), GATEWAY_CACHE_MAX_ENTRIES, GATEWAY_BREAKER_*,
 * GATEWAY_UPSTREAM_MAX_IN_FLIGHT.
 */
export function startGatewayFromEnv(
  options: { logger: Logger; env?: PlatformEnv; upstreams?: Partial<Record<DomainName, string>> } & Partial<Omit<GatewayOptions, 'logger' | 'upstreams'>>,
): Promise<Gateway> {
  const { env = getEnv(), upstreams, ...overrides } = options;
  const identityUrl = upstreams?.identity ?? serviceUrlFromEnv('identity', env);
  return startGateway({
    port: env.GATEWAY_PORT,
    host: env.HOST,
    upstreams: Object.fromEntries(DOMAIN_NAMES.map((name) => [name, upstreams?.[name] ?? serviceUrlFromEnv(name, env)])),
    verifier: createAccessTokenVerifier(
      { jwksUrl: jwksUrl(env) },
      {
        sessions: identitySessionStates({ identityUrl: () => identityUrl, serviceToken: env.SERVICE_TOKEN, caller: 'gateway', ttlMs: env.SESSION_CACHE_TTL_MS }),
        onSessionCheckError: (error) => options.logger.warn({ err: error }, 'session check failed: identity unreachable'),
      },
    ),
    corsOrigins: env.CORS_ORIGINS,
    rateLimit: { perSecond: env.RATE_LIMIT_PER_SECOND, burst: env.RATE_LIMIT_BURST, ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}) },
    rateLimitExemptLoopback: env.RATE_LIMIT_EXEMPT_LOOPBACK,
    trustProxy: env.TRUST_PROXY,
    trustedProxies: env.TRUSTED_PROXIES,
    serviceToken: env.SERVICE_TOKEN,
    upstreamTimeoutMs: env.UPSTREAM_TIMEOUT_MS,
    breaker: { threshold: env.GATEWAY_BREAKER_THRESHOLD, openMs: env.GATEWAY_BREAKER_OPEN_MS },
    upstreamMaxInFlight: env.GATEWAY_UPSTREAM_MAX_IN_FLIGHT,
    slowRequestMs: env.SLOW_REQUEST_MS,
    responseCache: { maxEntries: env.GATEWAY_CACHE_MAX_ENTRIES },
    ...overrides,
  });
}
