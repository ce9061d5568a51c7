import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnyRouter, AnyTRPCProcedure } from '@trpc/server';
import type { Logger } from 'pino';
import type pg from 'pg';
import type { AccessTokenVerifier } from './auth.js';
import { createContextFactory, type RequestContext } from './context.js';
import type { DomainModule, DomainName, RawRoute, StartedDomain } from './domain.js';
import { startHttpService, type HttpService } from './http.js';
import { registerPoolMetrics, renderMetrics } from './metrics.js';
import { MAX_BODY_BYTES, REST_PREFIX, createRestHandler, sendError, sendJson } from './rest.js';
import { SURFACE_PATH, describeSurface } from './surface.js';
import { getEnv, serviceUrlFromEnv, type Env } from './env.js';
import { createTrpcHttpHandler } from './trpc-http.js';
import { createEventBus, type EventBus } from '../events/index.js';

export interface StartServiceOptions {
  /** One domain (split topology) or several (laptop topology); each gets its own HTTP server. */
  domains: DomainModule | DomainModule[];
  /** Port when a single domain is hosted (0 = ephemeral). */
  port?: number;
  /** Port per domain when several are hosted (missing → ephemeral). */
  ports?: Partial<Record<DomainName, number>>;
  host?: string;
  /** One pool for every hosted domain, or a pool per domain (as separate services would have). */
  pool: pg.Pool | ((domain: DomainName) => pg.Pool);
  logger: Logger;
  verifier: AccessTokenVerifier;
  slowRequestMs?: number;
  /** Default: the process environment (getEnv()). */
  env?: Env;
  /**
   * Base URLs of domains this process does not host (default: the env's <DOMAIN>_URL). Hosted
   * domains are always reached at their actual address.
   */
  serviceUrls?: Partial<Record<DomainName, string>>;
  /**
   * The event bus handed to every domain. Default: one created from the env (RabbitMQ when
   * RABBITMQ_URL is set, else PostgreSQL on the first domain's pool), closed by stop().
   */
  events?: EventBus;
}

export interface RunningDomain {
  name: DomainName;
  url: string;
  port: number;
  http: HttpService;
  router: AnyRouter;
}

export interface RunningService {
  domains: RunningDomain[];
  /** Base URL of a hosted domain. */
  url(name: DomainName): string;
  /**
   * Graceful stop: stop accepting, drain in-flight requests (up to timeoutMs), then each domain's
   * stop(). The pool belongs to the caller and is not ended here.
   */
  stop(timeoutMs?: number): Promise<void>;
}

const READY_TIMEOUT_MS = 1_000;

/** Starts every given domain on its own node:http server: /trpc, REST, raw routes, health, metrics. */
export async function startService(options: StartServiceOptions): Promise<RunningService> {
  const modules = Array.isArray(options.domains) ? options.domains : [options.domains];
  const env = options.env ?? getEnv();
  const running: RunningDomain[] = [];
  const started: Array<{ name: DomainName; domain: StartedDomain }> = [];
  // Resolved at call time: a domain may call one this process starts after it.
  const serviceUrl = (name: DomainName): string =>
    running.find((r) => r.name === name)?.url ?? options.serviceUrls?.[name] ?? serviceUrlFromEnv(name, env);
  const poolOf = (name: DomainName) => (typeof options.pool === 'function' ? options.pool(name) : options.pool);
  const ownsEvents = !options.events;
  let events: EventBus | undefined = options.events;
  try {
    for (const module of modules) {
      const logger = options.logger.child({ service: module.name });
      const pool = poolOf(module.name);
      events ??= await createEventBus({ env, pool, logger: options.logger.child({ component: 'events' }) });
      registerPoolMetrics(module.name, pool);
      const domain = await module.start({ pool, logger, verifier: options.verifier, env, serviceUrl, events });
      started.push({ name: module.name, domain });
      const self: { http?: HttpService } = {};
      const handler = createDomainHandler({
        name: module.name,
        domain,
        pool,
        logger,
        createContext: createContextFactory(options.verifier, { logger, serviceToken: env.SERVICE_TOKEN }),
        isClosing: () => self.http?.closing ?? false,
      });
      const port = modules.length === 1 ? (options.port ?? options.ports?.[module.name] ?? 0) : (options.ports?.[module.name] ?? 0);
      const http = await startHttpService({
        name: module.name,
        host: options.host,
        port,
        logger,
        handler,
        slowRequestMs: options.slowRequestMs,
      });
      self.http = http;
      running.push({ name: module.name, url: http.url, port: http.port, http, router: domain.router });
    }
  } catch (error) {
    await Promise.allSettled(running.map((r) => r.http.close(1_000)));
    await Promise.allSettled(started.map((s) => s.domain.stop?.()));
    if (ownsEvents) await events?.close().catch(() => undefined);
    throw error;
  }

  let stopped: Promise<void> | undefined;
  return {
    domains: running,
    url(name) {
      const found = running.find((r) => r.name === name);
      if (!found) throw new Error(`Domain ${name} is not hosted by this service`);
      return found.url;
    },
    stop(timeoutMs = 10_000) {
      stopped ??= (async () => {
        await Promise.all(running.map((r) => r.http.close(timeoutMs)));
        for (const { name, domain } of started) {
          try {
            await domain.stop?.();
          } catch (error) {
            options.logger.error({ err: error, service: name }, 'domain stop failed');
          }
        }
        if (ownsEvents) await events?.close().catch((error: unknown) => options.logger.error({ err: error }, 'event bus close failed'));
      })();
      return stopped;
    },
  };
}

interface DomainHandlerOptions {
  name: DomainName;
  domain: StartedDomain;
  pool: pg.Pool;
  logger: Logger;
  createContext: (input: { headers: IncomingMessage['headers']; remoteAddress?: string | undefined }) => Promise<RequestContext>;
  isClosing: () => boolean;
}

/** Builds the request handler once; the hot path only does string checks and map lookups. */
export function createDomainHandler(options: DomainHandlerOptions) {
  const { domain, pool, logger } = options;
  const router = domain.router;
  const contextFor = (req: IncomingMessage) => options.createContext({ headers: req.headers, remoteAddress: req.socket.remoteAddress });
  const rest = createRestHandler({ router, logger, createContext: (req) => contextFor(req) });
  const procedures = router._def.procedures as Record<string, AnyTRPCProcedure>;
  const rawRoutes = new Map<string, RawRoute>(Object.entries(domain.rawRoutes ?? {}));
  const prefixRoutes = Object.entries(domain.rawPrefixRoutes ?? {}).sort((a, b) => b[0].length - a[0].length);
  const restPrefixSlash = `${REST_PREFIX}/`;
  const trpc = createTrpcHttpHandler({
    router,
    maxBodySize: MAX_BODY_BYTES,
    createContext: contextFor,
    onError({ error, path: failedPath, ctx, req }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        logger.error({ err: error.cause ?? error, requestId: ctx?.requestId ?? req.headers['x-request-id'], procedure: failedPath }, 'tRPC call failed');
      }
    },
  });
  const surface = JSON.stringify({ domain: options.name, ...describeSurface(router) });

  const trpcLabels = new Map(Object.keys(procedures).map((path) => [path, `trpc ${path}`]));
  const trpcLabel = (path: string) => trpcLabels.get(path) ?? (path.includes(',') ? 'trpc batch' : 'trpc unknown');

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<string> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);

    if (path.startsWith(restPrefixSlash)) {
      return rest.handle(req, res, path.slice(REST_PREFIX.length), q === -1 ? '' : url.slice(q + 1), req.headers['x-request-id'] as string);
    }
    if (path.startsWith('/trpc/')) {
      const procedurePath = safeDecode(path.slice('/trpc/'.length));
      await trpc.handle(req, res, procedurePath, q === -1 ? '' : url.slice(q + 1));
      return trpcLabel(procedurePath);
    }
    switch (path) {
      case '/healthz':
        sendJson(res, 200, { status: 'ok' });
        return 'healthz';
      case '/readyz': {
        if (options.isClosing()) {
          sendJson(res, 503, { status: 'shutting-down' });
          return 'readyz';
        }
        const ok = await checkDatabase(pool);
        sendJson(res, ok ? 200 : 503, ok ? { status: 'ok' } : { status: 'unavailable', database: 'unreachable' });
        return 'readyz';
      }
      case '/metrics': {
        const { contentType, body } = await renderMetrics();
        res.statusCode = 200;
        res.setHeader('Content-Type', contentType);
        res.end(body);
        return 'metrics';
      }
      case SURFACE_PATH:
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.end(surface);
        return 'surface';
      default:
        break;
    }
    const raw = rawRoutes.get(path);
    if (raw) {
      await raw(req, res);
      return path;
    }
    for (const [prefix, route] of prefixRoutes) {
      if (path.startsWith(prefix)) {
        await route(req, res);
        return `${prefix}*`;
      }
    }
    sendError(res, 404, 'NOT_FOUND', `No route ${req.method ?? 'GET'} ${path}`);
    return 'unmatched';
  };
}

/** SELECT 1 with a short timeout: is the database reachable from this process? */
export async function checkDatabase(pool: pg.Pool, timeoutMs = READY_TIMEOUT_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    return await Promise.race([pool.query('SELECT 1').then(() => true as const), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

function safeDecode(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
