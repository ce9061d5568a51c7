import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_TRUSTED_PROXIES, clientAddress, proxyList } from '@omnicart/contracts';
import type { AnyRouter } from '@trpc/server';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import type { Logger } from 'pino';
import { permissionRefusal, type AccessTokenVerifier, type AuthUser, type VerifyResult } from '../runtime/auth.js';
import { headerValue, serviceTokenCheck } from '../runtime/context.js';
import { ERROR_TABLE, type DomainErrorCode } from '../runtime/errors.js';
import { startHttpService, type HttpService } from '../runtime/http.js';
import { recordRateLimited, renderMetrics } from '../runtime/metrics.js';
import { REST_PREFIX, sendError, sendJson } from '../runtime/rest.js';
import { SURFACE_PATH, isDomainSurface, type DomainSurface } from '../runtime/surface.js';
import { TRPC_MAX_BATCH_SIZE } from '../runtime/trpc-http.js';
import { buildAccessTable, requirementOf, type Requirement, type RestOwners } from './access.js';
import { createUpstream, upstreamHeaders, type ProxyOutcome, type Upstream } from './proxy.js';
import { createRedisRateLimiter, createTokenBucketLimiter, type RateLimiter } from './rate-limit.js';
import { DEFAULT_CACHE_MAX_ENTRIES, createResponseCache, type ResponseCache, type ResponseCacheOptions } from './response-cache.js';

export interface GatewayOptions {
  port: number;
  host?: string;
  logger: Logger;
  /** Base URL of every upstream service, by domain name. */
  upstreams: Readonly<Record<string, string>>;
  /** First REST path segment → owning domain (from the manifests), known before any surface. */
  restOwners?: RestOwners;
  /** Routes outside /api/v1 and /trpc, forwarded to their domain (webhooks, images, JWKS). */
  rawRoutes?: readonly GatewayRawRoute[];
  /** The body of GET / (where things are, for someone who just ran `npm start`). */
  index?: Record<string, unknown>;
  /**
   * The domains' routers: REST ownership and the access each route demands come from their meta.
   * A domain without a router (or surface) here has its surface loaded from the upstream's
   * GET /_meta/surface on first use.
   */
  routers?: Readonly<Record<string, AnyRouter>>;
  surfaces?: Readonly<Record<string, DomainSurface>>;
  /** Verifies bearer tokens (identity's JWKS). */
  verifier: AccessTokenVerifier;
  /** Browser origins allowed by CORS ('*' allows any). */
  corsOrigins?: string[];
  /** Per-IP token bucket; false disables it. With `redisUrl` the buckets live in Redis (shared by replicas). */
  rateLimit?: { perSecond: number; burst: number; redisUrl?: string } | false;
  /**
   * Exempt loopback clients from the rate limit (default false here; the env default is true):
   * on one machine the storefront/admin servers call the gateway from 127.0.0.1 for every user.
   */
  rateLimitExemptLoopback?: boolean;
  /** Trust X-Forwarded-For/-Proto from a proxy in front of the gateway (one of `trustedProxies`). */
  trustProxy?: boolean;
  /**
   * Proxies whose X-Forwarded-For entries count (CIDR blocks or addresses; default loopback and
   * the private networks). The client is the first address from the right that is not one of them.
   */
  trustedProxies?: readonly string[];
  /**
   * The services' shared token (SERVICE_TOKEN). A caller presenting it in `x-omnicart-service-token`
   * (the storefront and admin BFFs) is a trusted proxy whatever TRUST_PROXY says: the shopper's
   * address it sends in X-Forwarded-For becomes the client address. Absent: no caller is trusted so.
   */
  serviceToken?: string;
  upstreamTimeoutMs?: number;
  breaker?: { threshold?: number; openMs?: number };
  /** Bulkhead: requests in flight per upstream (default 512); more answer 503 at once. */
  upstreamMaxInFlight?: number;
  slowRequestMs?: number;
  /**
   * Shared micro-cache of anonymous REST GETs the upstream marks `Cache-Control: public, max-age`
   * (see response-cache.ts). Default 5000 entries; false or `maxEntries: 0` disables it.
   */
  responseCache?: ResponseCacheOptions | false;
}

export interface Gateway {
  url: string;
  port: number;
  http: HttpService;
  /** Undefined when the micro-cache is disabled. */
  cache: ResponseCache | undefined;
  stop(timeoutMs?: number): Promise<void>;
}

/** A raw route as the gateway forwards it (see the manifests' `raw`). */
export interface GatewayRawRoute {
  /** An exact path, or a prefix ending in `/`. */
  path: string;
  domain: string;
  /** Methods forwarded (others are 404). Default: every method. */
  methods?: readonly string[];
  /**
   * Whether the per-IP rate limit applies. A provider's webhook (e.g. Stripe's: it delivers from a
   * few addresses, and its signature, not its address, authenticates it) says false. Default true.
   */
  rateLimited?: boolean;
}

const SECURITY_HEADERS: Array<[string, string]> = [
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  ['Cross-Origin-Resource-Policy', 'same-site'],
  // The gateway only serves JSON and generated SVG images: nothing may load or run from them.
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"],
];
const CORS_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
const CORS_HEADERS = 'Authorization, Content-Type, X-Request-Id, Idempotency-Key, trpc-accept, x-trpc-source';
const CORS_EXPOSE = 'X-Request-Id, Retry-After, Age, X-Cache';
/** Methods that may change an upstream's state: forwarding one clears that upstream's cached answers. */
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { logger, verifier } = options;
  const upstreams = new Map<string, Upstream>();
  const rawRoutes = [...(options.rawRoutes ?? [])].sort((a, b) => b.path.length - a.path.length);
  const index = options.index ?? { name: 'OmniCart API gateway' };
  const access = buildAccessTable({
    owners: options.restOwners ?? {},
    routers: options.routers,
    surfaces: options.surfaces,
    domains: Object.keys(options.upstreams),
    async load(domain) {
      const upstream = upstreams.get(domain);
      if (!upstream) throw new Error(`No upstream for ${domain}`);
      const surface = await upstream.getJson(SURFACE_PATH);
      if (!isDomainSurface(surface)) throw new Error(`${domain} answered an invalid surface`);
      logger.info({ upstream: domain, routes: surface.rest.length }, 'loaded access rules from upstream');
      return surface;
    },
  });
  for (const [domain, url] of Object.entries(options.upstreams)) {
    upstreams.set(
      domain,
      createUpstream(domain, url, {
        timeoutMs: options.upstreamTimeoutMs,
        breakerThreshold: options.breaker?.threshold,
        breakerOpenMs: options.breaker?.openMs,
        maxInFlight: options.upstreamMaxInFlight,
      }),
    );
  }
  const origins = new Set(options.corsOrigins ?? ['http://localhost:3000', 'http://localhost:3001']);
  const anyOrigin = origins.has('*');
  const limits = options.rateLimit === false ? undefined : (options.rateLimit ?? { perSecond: 5000, burst: 10_000 });
  const limiter: RateLimiter | undefined = !limits
    ? undefined
    : limits.redisUrl
      ? createRedisRateLimiter({ url: limits.redisUrl, perSecond: limits.perSecond, burst: limits.burst, logger })
      : createTokenBucketLimiter(limits);
  const trustProxy = options.trustProxy ?? false;
  const exemptLoopback = options.rateLimitExemptLoopback ?? false;
  const self: { http?: HttpService } = {};
  const cacheOptions = options.responseCache ?? { maxEntries: DEFAULT_CACHE_MAX_ENTRIES };
  const cache = cacheOptions && cacheOptions.maxEntries > 0 ? createResponseCache(cacheOptions) : undefined;

  const trustedProxies = proxyList(options.trustedProxies ?? DEFAULT_TRUSTED_PROXIES);
  /** A BFF (or another service) speaking for its user: it presented the service token. */
  const presentsToken = serviceTokenCheck(options.serviceToken);
  const presentsServiceToken = (req: IncomingMessage): boolean => presentsToken(req.headers);
  /**
   * The client's address: the peer's, unless the peer is a trusted proxy (a BFF with the service
   * token, or with TRUST_PROXY one of the trusted proxies); then the X-Forwarded-For chain is
   * walked from the right past trusted proxies, so entries a client wrote itself never count.
   */
  const clientIpOf = (req: IncomingMessage): string => {
    const peer = req.socket.remoteAddress;
    const peerTrusted = presentsServiceToken(req) || (trustProxy && peer !== undefined && trustedProxies.has(peer));
    return clientAddress({ forwardedFor: req.headers['x-forwarded-for'], peer, peerTrusted, trusted: trustedProxies }) ?? 'unknown';
  };
  const protoOf = (req: IncomingMessage): string =>
    (trustProxy && headerValue(req.headers['x-forwarded-proto'])?.split(',')[0]?.trim()) ||
    ((req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http');

  async function handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<string> {
    for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value);
    const proto = protoOf(req);
    if (proto === 'https') res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');

    const origin = req.headers.origin;
    const originAllowed = origin !== undefined && (anyOrigin || origins.has(origin));
    if (origin !== undefined) res.setHeader('Vary', 'Origin');
    if (originAllowed) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Expose-Headers', CORS_EXPOSE);
    }
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS' && req.headers['access-control-request-method']) {
      if (!originAllowed) {
        sendError(res, 403, 'FORBIDDEN', `Origin ${origin ?? '(none)'} is not allowed`);
        return 'preflight';
      }
      res.setHeader('Access-Control-Allow-Methods', CORS_METHODS);
      res.setHeader('Access-Control-Allow-Headers', CORS_HEADERS);
      res.setHeader('Access-Control-Max-Age', '600');
      res.statusCode = 204;
      res.end();
      return 'preflight';
    }

    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);

    switch (path) {
      case '/':
        sendJson(res, 200, index);
        return 'index';
      case '/healthz':
        sendJson(res, 200, { status: 'ok' });
        return 'healthz';
      case '/readyz':
        return readiness(res);
      case '/metrics': {
        const { contentType, body } = await renderMetrics();
        res.setHeader('Content-Type', contentType);
        res.end(body);
        return 'metrics';
      }
      default:
        break;
    }

    // Where does it go, and what does it demand?
    let domain: string | undefined;
    let rateLimited = true;
    let upstreamPath = url;
    let label: string;
    let trpcPaths: string[] | undefined;
    let restPath: string | undefined;
    if (path.startsWith('/api/v1/')) {
      restPath = path.slice(REST_PREFIX.length);
      domain = access.restOwner(restPath);
      if (!domain && access.incomplete) {
        await access.loadMissing();
        domain = access.restOwner(restPath);
      }
      if (!domain) {
        sendError(res, 404, 'NOT_FOUND', `No route ${method} ${path}`);
        return 'unmatched';
      }
      label = `${domain} rest`;
    } else if (path.startsWith('/trpc/')) {
      const rest = path.slice('/trpc/'.length);
      const slash = rest.indexOf('/');
      const candidate = slash === -1 ? rest : rest.slice(0, slash);
      if (slash === -1 || !upstreams.has(candidate)) {
        sendTrpcError(res, [], 'NOT_FOUND', `No tRPC domain in ${path}; use /trpc/<domain>/<procedure>`, false);
        return 'unmatched';
      }
      domain = candidate;
      trpcPaths = safeDecode(rest.slice(slash + 1)).split(',');
      upstreamPath = `/trpc/${rest.slice(slash + 1)}${q === -1 ? '' : url.slice(q)}`;
      label = `trpc ${domain}`;
    } else {
      const raw = rawRoutes.find((route) => (route.path.endsWith('/') ? path.startsWith(route.path) : path === route.path));
      if (!raw || (raw.methods && !raw.methods.includes(method))) {
        sendError(res, 404, 'NOT_FOUND', `No route ${method} ${path}`);
        return 'unmatched';
      }
      domain = raw.domain;
      rateLimited = raw.rateLimited ?? true;
      label = raw.path.endsWith('/') ? `${raw.path}*` : raw.path;
    }

    const isBatch = trpcPaths !== undefined && q !== -1 && url.includes('batch=1', q);
    const fail = (status: number, code: DomainErrorCode, message: string) => {
      if (trpcPaths) sendTrpcError(res, trpcPaths, code, message, isBatch, status);
      else sendError(res, status, code, message);
    };
    if (isBatch && trpcPaths && trpcPaths.length > TRPC_MAX_BATCH_SIZE) {
      // Refused before the access checks and the proxy, in one error (as the services answer it).
      const message = `A batch may hold at most ${TRPC_MAX_BATCH_SIZE} operations; this one has ${trpcPaths.length}`;
      sendTrpcError(res, [], 'VALIDATION_FAILED', message, false, 400);
      return `trpc ${domain} batch`;
    }

    let requirement: Requirement = { internal: false, authenticated: false, permissions: [] };
    if (restPath !== undefined || trpcPaths) {
      const pending = access.surface(domain);
      const surface = pending instanceof Promise ? await pending : pending;
      if (!surface) {
        fail(503, 'UNAVAILABLE', `The ${domain} service is unavailable; try again shortly`);
        return label;
      }
      if (restPath !== undefined) {
        const route = surface.rest(method, restPath);
        if (route) {
          requirement = requirementOf([route.access]);
          label = route.label;
        }
      } else if (trpcPaths) {
        const accesses = trpcPaths.map((p) => surface.trpc(p));
        requirement = requirementOf(accesses);
        if (trpcPaths.length > 1) label = `trpc ${domain} batch`;
        else if (accesses[0]) label = `trpc ${domain}.${trpcPaths[0]}`;
      }
      // Service-to-service procedures do not exist for clients: the same 404 as an unknown route,
      // whatever the caller presents (its service headers are stripped below anyway).
      if (requirement.internal) {
        if (trpcPaths) sendTrpcError(res, trpcPaths, 'NOT_FOUND', `No procedure ${trpcPaths.join(',')} on ${domain}`, isBatch);
        else sendError(res, 404, 'NOT_FOUND', `No route ${method} ${path}`);
        return 'internal (refused)';
      }
    }

    const clientIp = clientIpOf(req);
    if (limiter && rateLimited && !(exemptLoopback && isLoopback(clientIp))) {
      const taken = limiter.take(clientIp);
      const wait = typeof taken === 'number' ? taken : await taken;
      if (wait > 0) {
        res.setHeader('Retry-After', String(wait));
        recordRateLimited();
        fail(429, 'TOO_MANY_REQUESTS', `Rate limit exceeded; retry in ${wait} s`);
        return label;
      }
    }

    // A presented token must be valid, whatever the route; protected routes need one.
    let user: AuthUser | null = null;
    const authorization = req.headers.authorization;
    if (authorization) {
      const token = /^Bearer\s+(.+)$/i.exec(authorization)?.[1];
      if (!token) {
        fail(401, 'UNAUTHORIZED', 'Authorization header must be "Bearer <token>"');
        return label;
      }
      const verified = await verifier.verify(token).catch((error: unknown): VerifyResult => {
        logger.error({ err: error, requestId }, 'token verification failed');
        return { ok: false as const, reason: 'Access token could not be verified' };
      });
      if (!verified.ok) {
        // Identity could not be asked about the token's session: not the client's fault.
        if (verified.unavailable) {
          res.setHeader('Retry-After', '1');
          fail(503, 'UNAVAILABLE', verified.reason);
        } else fail(401, 'UNAUTHORIZED', verified.reason);
        return label;
      }
      user = verified.user;
    }
    if (!requirement.internal && requirement.authenticated && !user) {
      fail(401, 'UNAUTHORIZED', 'Authentication required: send a Bearer access token');
      return label;
    }
    const missing = requirement.internal ? undefined : requirement.permissions.find((p) => !user?.permissions.includes(p));
    if (missing) {
      fail(403, 'FORBIDDEN', permissionRefusal(missing));
      return label;
    }

    const upstream = upstreams.get(domain);
    if (!upstream) {
      fail(503, 'UNAVAILABLE', `The ${domain} service is not configured`);
      return label;
    }
    const headersFor = () => upstreamHeaders(req.headers, { requestId, clientIp, proto, host: req.headers.host });
    let outcome: ProxyOutcome;
    if (cache && restPath !== undefined && (method === 'GET' || method === 'HEAD')) {
      // Only REST: tRPC GET batches mix procedures under one URL and are left to the services.
      outcome = await cache.serve(req, res, upstream, upstreamPath, headersFor);
    } else if (cache && user && WRITE_METHODS.has(method)) {
      // Read-your-writes through this gateway: nothing cached before (or fetched during) the write
      // is served after it. Other gateway replicas keep theirs for up to max-age (2 s for catalog).
      // Only authenticated writes clear: every write that changes cacheable (catalog) data needs a
      // signed-in caller, and anonymous POSTs (login, register, junk) must not let anyone flush
      // the cache and push all traffic onto the origin.
      cache.invalidate(upstream.name);
      outcome = await upstream.forward(req, res, upstreamPath, headersFor());
      cache.invalidate(upstream.name);
    } else {
      outcome = await upstream.forward(req, res, upstreamPath, headersFor());
    }
    if (!outcome.ok) {
      if (outcome.status >= 500) logger.warn({ requestId, upstream: domain, status: outcome.status }, outcome.reason);
      if (outcome.status === 503) res.setHeader('Retry-After', '5');
      fail(outcome.status, 'UNAVAILABLE', outcome.reason);
    }
    return label;
  }

  /**
   * Ready while it can route somewhere: one unreachable upstream makes it `degraded` (still 200,
   * that domain's routes answer 502/503 on their own), not unready — otherwise a single failing
   * domain would take every gateway replica out of the load balancer and the whole API with it.
   * 503 while shutting down or when no upstream answers at all.
   */
  async function readiness(res: ServerResponse): Promise<string> {
    const checks = await Promise.all([...upstreams].map(async ([name, upstream]) => [name, await upstream.probe('/healthz')] as const));
    const reachable = checks.filter(([, ok]) => ok).length;
    const closing = self.http?.closing ?? false;
    const ready = !closing && (reachable > 0 || checks.length === 0);
    sendJson(res, ready ? 200 : 503, {
      status: closing ? 'shutting-down' : !ready ? 'unavailable' : reachable === checks.length ? 'ok' : 'degraded',
      upstreams: Object.fromEntries(checks.map(([name, ok]) => [name, ok ? 'ok' : 'unreachable'])),
    });
    return 'readyz';
  }

  // Learn the surfaces we were not given while the upstreams come up (failures retry on use).
  if (access.incomplete) void access.loadMissing();
  const started = await startHttpService({
    name: 'gateway',
    host: options.host,
    port: options.port,
    logger,
    handler: handle,
    slowRequestMs: options.slowRequestMs,
    workContext: false,
  });
  self.http = started;
  let stopped: Promise<void> | undefined;
  return {
    url: started.url,
    port: started.port,
    http: started,
    cache,
    stop(timeoutMs = 10_000) {
      stopped ??= (async () => {
        await started.close(timeoutMs);
        await limiter?.close();
        await Promise.all([...upstreams.values()].map((u) => u.close()));
      })();
      return stopped;
    },
  };
}

/** tRPC clients expect tRPC-shaped errors (one per call in a batch), not the REST body. */
function sendTrpcError(res: ServerResponse, paths: string[], code: DomainErrorCode, message: string, isBatch: boolean, status?: number) {
  const trpcCode = ERROR_TABLE[code].trpc;
  const httpStatus = status ?? ERROR_TABLE[code].http;
  const one = (path: string | undefined) => ({
    error: {
      message,
      code: TRPC_ERROR_CODES_BY_KEY[trpcCode],
      data: { code: trpcCode, httpStatus, domainCode: code, ...(path ? { path } : {}) },
    },
  });
  sendJson(res, httpStatus, isBatch ? (paths.length ? paths : [undefined]).map(one) : one(paths[0]));
}

export function isLoopback(ip: string): boolean {
  return ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.');
}


function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
