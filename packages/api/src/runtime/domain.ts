import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TRPCClient } from '@trpc/client';
import type { AnyRouter } from '@trpc/server';
import type { Logger } from 'pino';
import type pg from 'pg';
import type { z } from 'zod';
import type { EventContract, EventOf } from '@omnicart/contracts';
import type { AccessTokenVerifier } from './auth.js';
import type { DomainDocument } from './docs.js';
import type { ConfigFragment, CoreEnv } from './env.js';

/**
 * What a domain is, in two parts:
 * - its **manifest** (exported by its `index.ts`): plain facts every process may read without
 *   loading the domain's code — name, port, REST prefixes, raw routes, env fragment, the events it
 *   publishes and consumes, its jobs, its OpenAPI file — and `load()`, which imports the rest;
 * - its **module** (`module.ts`, behind `load()`): what a process that runs the domain needs —
 *   `start(deps)`, the metadata-only router, the OpenAPI text, the demo data.
 * The platform registry (platform/registry.ts) lists the manifests; everything that used to repeat
 * the list of domains derives from it.
 */

/** A plain HTTP route a domain serves beside /trpc and REST (a webhook, images, JWKS). */
export type RawRoute = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface RawRouteSpec {
  /** An exact path, or a prefix ending in `/` (every path under it). */
  path: string;
  /** Methods the gateway forwards (others are 404 there). Default: every method. */
  methods?: readonly string[];
  /** Whether the gateway's per-IP rate limit applies (false for provider webhooks). Default true. */
  rateLimited?: boolean;
  summary: string;
}

export interface ConsumerSpec<C extends EventContract = EventContract> {
  /** Durable consumer name, `<consuming domain>.<purpose>` (one queue per name). */
  name: string;
  /** Every contract (type and version) it understands. */
  events: readonly C[];
  summary: string;
  /** Handlers of this consumer running at once in one process. Default 1. */
  concurrency?: number;
}

export interface JobSpec {
  /** `<domain>.<what>`, e.g. `inventory.reservation-sweeper`. */
  name: string;
  summary: string;
}

/** Declares a consumer (keeps the contract types for the handlers in module.ts). */
export const defineConsumer = <const C extends EventContract>(spec: ConsumerSpec<C>): ConsumerSpec<C> => spec;

export interface DomainManifest<TConfig extends ConfigFragment = ConfigFragment, TName extends string = string> {
  /** Lower-case; also its PostgreSQL schema, its env prefix (`<NAME>_PORT`, `<NAME>_URL`) and its tRPC path. */
  name: TName;
  /** Default port of its service. */
  port: number;
  /** One line: what it owns (README, the gateway's index page, the event catalogue). */
  summary: string;
  /** First path segments under /api/v1 it owns, e.g. ['products', 'categories']. */
  rest: readonly string[];
  /** Routes outside /trpc and /api/v1 the gateway forwards to it. */
  raw?: readonly RawRouteSpec[];
  /** Its settings (config.ts). */
  config: TConfig;
  /** The events it publishes (events.ts); every domain has an outbox, even when this is empty. */
  publishes: readonly EventContract[];
  /** Its event consumers (consumers/). */
  consumers?: readonly ConsumerSpec[];
  /** Its background jobs (jobs/). */
  jobs?: readonly JobSpec[];
  /** Its published REST document under data/docs/. */
  openapiFile: string;
  /**
   * Settings that come from Kubernetes Secrets in a deployment (env name → secret and key), beside
   * what every domain gets (DATABASE_URL, SERVICE_TOKEN, RABBITMQ_URL). k8s/base/domains.yaml is
   * generated from this.
   */
  secrets?: Readonly<Record<string, { secret: string; key: string }>>;
  /**
   * The domains whose procedures it calls through `deps.client(...)` (identity's JWKS aside: every
   * service verifies tokens). The Kubernetes NetworkPolicies allow exactly these flows; a registry
   * test checks the list against the domain's code.
   */
  calls?: readonly string[];
  /** Imports module.ts: only processes that run (or document) the domain call it. */
  load(): Promise<DomainModule<z.output<TConfig['schema']>>>;
}

export interface DomainDeps<TConfig = Record<string, unknown>> {
  name: string;
  /** Pool on the platform database; the domain's tables live in the schema named after it. */
  pool: pg.Pool;
  logger: Logger;
  /** Verifies access tokens against identity's JWKS. */
  verifier: AccessTokenVerifier;
  /** The runtime's settings (logging, timeouts, the service token...). */
  env: CoreEnv;
  /** The domain's own settings, validated at start. */
  config: TConfig;
  /** Base URL of a domain's service (the ones hosted in this process at their actual address). */
  serviceUrl(domain: string): string;
  /** A typed tRPC client of another domain: this service's token, the call timeout, trace headers. */
  client<TRouter extends AnyRouter>(domain: string): TRPCClient<TRouter>;
  /** Tell the outbox relay a committed transaction wrote outbox rows (it publishes them soon). */
  outboxWritten(): void;
}

/** The handlers of one consumer of the manifest. */
export interface ConsumerHandlers<C extends EventContract = EventContract> {
  handle(event: EventOf<C>): Promise<void>;
  /** Optional: every event ready at once in one call (PostgreSQL bus). */
  handleBatch?(events: EventOf<C>[]): Promise<void>;
}

/** How one job of the manifest runs (the runtime's job helper schedules it). */
export interface JobSchedule {
  /** Pause between runs; 0 disables the job. */
  everyMs: number;
  run(): Promise<unknown>;
  /** Only one replica at a time. */
  exclusive?: boolean;
  runAtStart?: boolean;
}

export interface StartedDomain {
  router: AnyRouter;
  /** Raw routes by path (exact, or a prefix ending in `/`), as the manifest's `raw` lists them. */
  http?: Record<string, RawRoute>;
  /** Handlers by consumer name, one per manifest consumer. */
  consumers?: Record<string, ConsumerHandlers>;
  /** Schedules by job name, one per manifest job. */
  jobs?: Record<string, JobSchedule>;
  /** Called on SIGTERM after in-flight requests drained, consumers and jobs stopped. */
  stop?: () => Promise<void>;
}

const DOMAIN_NAME = /^[a-z][a-z0-9]*$/;

/** Declares a domain's manifest (index.ts), keeping its name and config types for the registry. */
export function defineDomain<const TName extends string, TConfig extends ConfigFragment>(manifest: DomainManifest<TConfig, TName>): DomainManifest<TConfig, TName> {
  if (!DOMAIN_NAME.test(manifest.name)) throw new Error(`Domain name "${manifest.name}": lower-case letters and digits, starting with a letter`);
  const prefix = `${manifest.name}.`;
  for (const contract of manifest.publishes) {
    if (contract.source !== manifest.name) throw new Error(`${manifest.name} publishes ${contract.type}: a domain publishes only <its name>.<fact> events`);
  }
  for (const item of [...(manifest.consumers ?? []), ...(manifest.jobs ?? [])]) {
    if (!item.name.startsWith(prefix)) throw new Error(`${manifest.name}: consumer/job "${item.name}" must be named ${prefix}<purpose>`);
  }
  return Object.freeze(manifest);
}

/** Demo data settings (npm start, `service.js <name> --seed`, the test platforms, the bench). */
export interface DemoSettings {
  adminPassword: string;
  demoPassword: string;
  /** Catalog size; the seed's default when absent. */
  products?: number;
  /**
   * Seed the demo history too (analytics' sessions and sales, recommendations' purchases: @omnicart/db/seed
   * `demoHistory`). Only `npm start` and `service.js --seed` ask for it (DEMO_HISTORY, default on); tests never do.
   */
  history?: boolean;
  /** The store's time zone the history's days are counted in (STORE_TIMEZONE). */
  timeZone?: string;
}

export interface DomainModule<TConfig = Record<string, unknown>> {
  start(deps: DomainDeps<TConfig>): Promise<StartedDomain>;
  /**
   * The domain's router built without dependencies, for its metadata only (OpenAPI documents,
   * gateway tests). Its procedures are never called.
   */
  describeRouter(): AnyRouter;
  /** Its OpenAPI document's text and examples (openapi.ts). */
  openapi: DomainDocument;
  /** Idempotent demo data. Resolves to whether it wrote anything (false: it was there already). */
  seed?(pool: pg.Pool, demo: DemoSettings): Promise<boolean>;
}

/** A domain ready to host: its manifest and its loaded module. */
export interface LoadedDomain<TConfig = Record<string, unknown>> {
  manifest: DomainManifest;
  module: DomainModule<TConfig>;
}

/**
 * Stands in for a domain's service in the router `describeRouter` builds for its metadata only
 * (the gateway's access table, OpenAPI documents): any call is a bug and says so.
 */
export function metadataOnlyService<TService>(domain: string): TService {
  return new Proxy(
    {},
    {
      get(_target, property) {
        throw new Error(`${domain} metadata-only router: service.${String(property)} must not be called`);
      },
    },
  ) as TService;
}
