import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnyRouter, AnyTRPCProcedure } from '@trpc/server';
import type { Logger } from 'pino';
import type pg from 'pg';
import { createEventBus, startOutboxRelay, subscribeToContracts, type EventBus, type OutboxRelay, type Subscription } from '../events/index.js';
import type { AccessTokenVerifier } from './auth.js';
import { createContextFactory, type RequestContext } from './context.js';
import type { LoadedDomain, RawRoute, StartedDomain } from './domain.js';
import { coreConfig, parseEnv, processEnv, type ConfigFragment, type CoreEnv } from './env.js';
import { startHttpService, type HttpService } from './http.js';
import { startJob, type RunningJob } from './jobs.js';
import { registerPoolMetrics, renderMetrics } from './metrics.js';
import { MAX_BODY_BYTES, REST_PREFIX, createRestHandler, sendError, sendJson } from './rest.js';
import { createServiceClient } from './service-client.js';
import { SURFACE_PATH, describeSurface } from './surface.js';
import { traceHeaders } from './trace.js';
import { createTrpcHttpHandler } from './trpc-http.js';

/**
 * The service host: runs one domain (split topology) or several (laptop topology) in this process,
 * each on its own HTTP server, and wires what every domain has the same way — its outbox relay,
 * its declared consumers (payloads validated against their contracts), its declared jobs (the
 * runtime's job helper), its raw routes, /healthz, /readyz, /metrics and /_meta/surface.
 */
export interface StartServiceOptions {
  domains: LoadedDomain | LoadedDomain[];
  /** Port when a single domain is hosted (0 = ephemeral). */
  port?: number;
  /** Port per domain when several are hosted (missing → ephemeral). */
  ports?: Partial<Record<string, number>>;
  host?: string;
  /** One pool for every hosted domain, or a pool per domain (as separate services would have). */
  pool: pg.Pool | ((domain: string) => pg.Pool);
  logger: Logger;
  verifier: AccessTokenVerifier;
  slowRequestMs?: number;
  /** The runtime's settings. Default: the core settings from the process environment. */
  env?: CoreEnv;
  /** A hosted domain's own settings. Default: its config fragment parsed from the process environment. */
  configOf?(domain: string): Record<string, unknown>;
  /**
   * Base URL of a domain this process does not host (hosted domains are always reached at their
   * actual address). Default: `serviceUrls`, else the process environment's <NAME>_URL.
   */
  serviceUrl?(domain: string): string;
  serviceUrls?: Partial<Record<string, string>>;
  /**
   * The event bus. Default: one created from the env (RabbitMQ when RABBITMQ_URL is set, else
   * PostgreSQL on the first domain's pool), closed by stop().
   */
  events?: EventBus;
}

export interface RunningDomain {
  name: string;
  url: string;
  port: number;
  http: HttpService;
  router: AnyRouter;
  /** Its jobs by name (tests run one with `runOnce()`). */
  jobs: Readonly<Record<string, RunningJob>>;
  /** Its outbox relay (tests kick it). */
  outbox: OutboxRelay;
}

export interface RunningService {
  domains: RunningDomain[];
  /** Base URL of a hosted domain. */
  url(name: string): string;
  /**
   * Graceful stop: stop accepting, drain in-flight requests (up to timeoutMs), stop jobs and
   * consumers, then each domain's stop() and its relay. The pool belongs to the caller.
   */
  stop(timeoutMs?: number): Promise<void>;
}

const READY_TIMEOUT_MS = 1_000;

/** Checks the module's consumers and jobs against what the manifest declares (both ways). */
function checkDeclared(kind: string, domain: string, declared: readonly string[], provided: readonly string[]): void {
  const missing = declared.filter((name) => !provided.includes(name));
  const undeclared = provided.filter((name) => !declared.includes(name));
  if (missing.length || undeclared.length) {
    throw new Error(
      `${domain}: ${kind} ${[...missing.map((n) => `${n} is declared in the manifest but module.ts gives no handler`), ...undeclared.map((n) => `${n} is not declared in the manifest`)].join('; ')}`,
    );
  }
}

/** Starts every given domain on its own node:http server. */
export async function startService(options: StartServiceOptions): Promise<RunningService> {
  const hosted = Array.isArray(options.domains) ? options.domains : [options.domains];
  const env = options.env ?? parseEnv(coreConfig, processEnv());
  const running: RunningDomain[] = [];
  // A platform env (a superset of the core) carries every domain's settings and <NAME>_URL already parsed.
  const given = env as Readonly<Record<string, unknown>>;
  const settingsOf = (fragment: ConfigFragment): Record<string, unknown> => {
    const keys = Object.keys(fragment.schema.shape);
    // Optional variables that are unset are absent from a parsed env: one present key shows it was parsed with this fragment.
    return keys.length === 0 || keys.some((key) => key in given) ? Object.fromEntries(keys.map((key) => [key, given[key]])) : parseEnv(fragment, processEnv());
  };
  const elsewhere = (name: string): string => {
    const key = `${name.toUpperCase()}_URL`;
    const url = options.serviceUrl?.(name) ?? options.serviceUrls?.[name] ?? (typeof given[key] === 'string' ? (given[key] as string) : processEnv()[key]);
    if (!url) throw new Error(`No address for the ${name} service: it is not hosted here and ${name.toUpperCase()}_URL is not set`);
    return url.replace(/\/$/, '');
  };
  const cleanups: Array<() => Promise<void>> = [];
  // Resolved at call time: a domain may call one this process starts after it.
  const serviceUrl = (name: string): string => running.find((r) => r.name === name)?.url ?? elsewhere(name);
  const poolOf = (name: string) => (typeof options.pool === 'function' ? options.pool(name) : options.pool);
  const ownsEvents = !options.events;
  let events: EventBus | undefined = options.events;
  const closeEvents = async () => {
    if (ownsEvents) await events?.close().catch((error: unknown) => options.logger.error({ err: error }, 'event bus close failed'));
  };
  try {
    for (const { manifest, module } of hosted) {
      const name = manifest.name;
      const logger = options.logger.child({ service: name });
      const pool = poolOf(name);
      events ??= await createEventBus({
        rabbitmqUrl: env.RABBITMQ_URL,
        pollMs: env.EVENTS_POLL_MS,
        namespace: env.EVENTS_NAMESPACE,
        pool,
        logger: options.logger.child({ component: 'events' }),
      });
      const bus = events;
      registerPoolMetrics(name, pool);
      // A domain that declares no events has nothing its relay could publish.
      const outbox: OutboxRelay = manifest.publishes.length
        ? startOutboxRelay({ pool, schema: name, source: name, contracts: manifest.publishes, bus, logger, pollMs: env.EVENTS_POLL_MS, coalesceMs: env.EVENTS_COALESCE_MS })
        : { kick: () => undefined, stop: async () => undefined };
      const domain: StartedDomain = await module
        .start({
          name,
          pool,
          logger,
          verifier: options.verifier,
          env,
          config: options.configOf?.(name) ?? settingsOf(manifest.config),
          serviceUrl,
          client: (callee) =>
            createServiceClient({
              url: () => serviceUrl(callee),
              caller: name,
              callee,
              token: env.SERVICE_TOKEN,
              timeoutMs: env.SERVICE_CALL_TIMEOUT_MS,
              headers: traceHeaders,
              breaker: { threshold: env.SERVICE_CALL_BREAKER_THRESHOLD, openMs: env.SERVICE_CALL_BREAKER_OPEN_MS },
              maxInFlight: env.SERVICE_CALL_MAX_IN_FLIGHT,
            }),
          outboxWritten: () => outbox.kick(),
        })
        .catch(async (error: unknown) => {
          await outbox.stop();
          throw error;
        });
      const subscriptions: Subscription[] = [];
      const jobs: Record<string, RunningJob> = {};
      const stopDomain = async () => {
        await Promise.all(Object.values(jobs).map((job) => job.stop()));
        await Promise.all(subscriptions.map((subscription) => subscription.stop()));
        try {
          await domain.stop?.();
        } catch (error) {
          options.logger.error({ err: error, service: name }, 'domain stop failed');
        }
        await outbox.stop();
      };
      cleanups.push(stopDomain);

      const consumers = manifest.consumers ?? [];
      checkDeclared('consumer', name, consumers.map((c) => c.name), Object.keys(domain.consumers ?? {}));
      for (const consumer of consumers) {
        const handlers = domain.consumers?.[consumer.name];
        if (!handlers) continue;
        subscriptions.push(
          await subscribeToContracts(bus, {
            consumer: consumer.name,
            contracts: consumer.events,
            service: name,
            handler: (event) => handlers.handle(event),
            ...(handlers.handleBatch ? { batchHandler: (batch) => handlers.handleBatch!(batch) } : {}),
            ...(consumer.concurrency ? { concurrency: consumer.concurrency } : {}),
          }),
        );
      }
      const jobSpecs = manifest.jobs ?? [];
      checkDeclared('job', name, jobSpecs.map((j) => j.name), Object.keys(domain.jobs ?? {}));
      for (const spec of jobSpecs) {
        const schedule = domain.jobs?.[spec.name];
        if (schedule) jobs[spec.name] = startJob({ name: spec.name, ...schedule }, { logger, pool, service: name });
      }
      checkDeclared('raw route', name, (manifest.raw ?? []).map((r) => r.path), Object.keys(domain.http ?? {}));

      const self: { http?: HttpService } = {};
      const handler = createDomainHandler({
        name,
        domain,
        pool,
        logger,
        createContext: createContextFactory(options.verifier, { logger, serviceToken: env.SERVICE_TOKEN }),
        isClosing: () => self.http?.closing ?? false,
      });
      const port = hosted.length === 1 ? (options.port ?? options.ports?.[name] ?? 0) : (options.ports?.[name] ?? 0);
      const http = await startHttpService({ name, host: options.host, port, logger, handler, slowRequestMs: options.slowRequestMs });
      self.http = http;
      running.push({ name, url: http.url, port: http.port, http, router: domain.router, jobs, outbox });
    }
  } catch (error) {
    await Promise.allSettled(running.map((r) => r.http.close(1_000)));
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    await closeEvents();
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
        for (const cleanup of cleanups) await cleanup();
        await closeEvents();
      })();
      return stopped;
    },
  };
}

interface DomainHandlerOptions {
  name: string;
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
  const routes = Object.entries(domain.http ?? {});
  const rawRoutes = new Map<string, RawRoute>(routes.filter(([path]) => !path.endsWith('/')));
  // The longest matching prefix wins; exact routes are tried first.
  const prefixRoutes = routes.filter(([path]) => path.endsWith('/')).sort((a, b) => b[0].length - a[0].length);
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
