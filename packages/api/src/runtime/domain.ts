import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnyRouter } from '@trpc/server';
import type { Logger } from 'pino';
import type pg from 'pg';
import type { AccessTokenVerifier } from './auth.js';
import type { Env } from './env.js';
import type { EventBus } from '../events/index.js';

export const DOMAIN_NAMES = ['identity', 'catalog', 'inventory', 'cart', 'orders', 'payments'] as const;
export type DomainName = (typeof DOMAIN_NAMES)[number];

/** What the service host hands a domain when it starts it. */
export interface DomainDeps {
  /** Pool on the platform database; the domain's Prisma client selects its own schema. */
  pool: pg.Pool;
  logger: Logger;
  /** Verifies access tokens against identity's JWKS. */
  verifier: AccessTokenVerifier;
  /** The validated environment this process runs with. */
  env: Env;
  /** Base URL of every domain service (the ones hosted in this process at their actual address). */
  serviceUrl(domain: DomainName): string;
  /** The event bus (RabbitMQ or PostgreSQL) outbox relays publish to and consumers read from. */
  events: EventBus;
}

/** A plain HTTP route a domain serves beside /trpc and REST (e.g. identity's JWKS). */
export type RawRoute = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface StartedDomain {
  router: AnyRouter;
  /** Extra routes by exact path, e.g. { '/.well-known/jwks.json': handler }. */
  rawRoutes?: Record<string, RawRoute>;
  /**
   * Extra routes by path prefix, e.g. { '/images/': handler } serves every path under /images/.
   * The longest matching prefix wins; exact rawRoutes are tried first.
   */
  rawPrefixRoutes?: Record<string, RawRoute>;
  /** Called on SIGTERM after in-flight requests drained. */
  stop?: () => Promise<void>;
}

/** Every domain's public index exports one of these. */
export interface DomainModule {
  name: DomainName;
  start(deps: DomainDeps): Promise<StartedDomain>;
  /**
   * Optional: the domain's router built without dependencies, for its metadata only (the
   * gateway's access table, OpenAPI documents). Its procedures are never called. Without it the
   * gateway reads the service's GET /_meta/surface instead.
   */
  describeRouter?: () => AnyRouter;
}

/**
 * Stands in for a domain's service in the router `describeRouter` builds for its metadata only
 * (the gateway's access table, OpenAPI documents): any call is a bug and says so.
 */
export function metadataOnlyService<TService>(domain: DomainName): TService {
  return new Proxy(
    {},
    {
      get(_target, property) {
        throw new Error(`${domain} metadata-only router: service.${String(property)} must not be called`);
      },
    },
  ) as TService;
}
