import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { AnyRouter } from '@trpc/server';
import type pg from 'pg';
import { z } from 'zod';
import type { AccountRole, Permission } from '@omnicart/contracts';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, PERMISSIONS_CLAIM, createAccessTokenVerifier, type AccessTokenVerifier } from '../runtime/auth.js';
import type { EventBus } from '../events/index.js';
import { defineDomain, type DomainModule, type LoadedDomain } from '../runtime/domain.js';
import { defineConfig } from '../runtime/env.js';
import { DomainError } from '../runtime/errors.js';
import { silentLogger } from '../runtime/logger.js';
import { startService, type RunningService, type StartServiceOptions } from '../runtime/server.js';
import { staffProcedure, authedProcedure, publicProcedure, router } from '../runtime/trpc.js';

/**
 * Test doubles for the runtime and gateway unit tests: a signing key with its JWKS, a pool that
 * answers SELECT 1, and a small domain router that exercises every REST feature.
 */

export interface TestTokenUser {
  id: string;
  email: string;
  role: AccountRole | 'admin';
  permissions?: readonly Permission[];
}

export interface TestKeys {
  jwks: { keys: JWK[] };
  verifier: AccessTokenVerifier;
  /**
   * A token for the user as identity would issue it. `role` may be the legacy `admin` (a token
   * from before staff roles); `permissions` goes in the `perms` claim when given.
   */
  sign(user: TestTokenUser, options?: { expiresIn?: string | number; issuer?: string; claims?: Record<string, unknown> }): Promise<string>;
}

export async function createTestKeys(): Promise<TestKeys> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'EdDSA', use: 'sig' };
  const jwks = { keys: [jwk] };
  return {
    jwks,
    verifier: createAccessTokenVerifier({ getKey: async () => jwks }),
    sign(user, options = {}) {
      const perms = user.permissions ? { [PERMISSIONS_CLAIM]: user.permissions } : {};
      return new SignJWT({ email: user.email, role: user.role, ...perms, ...options.claims })
        .setProtectedHeader({ alg: 'EdDSA', kid: 'test-key' })
        .setSubject(user.id)
        .setIssuer(options.issuer ?? ACCESS_TOKEN_ISSUER)
        .setAudience(ACCESS_TOKEN_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '15m')
        .sign(privateKey);
    },
  };
}

export function fakePool(healthy = true): pg.Pool {
  return {
    query: async () => {
      if (!healthy) throw new Error('connection refused');
      return { rows: [{ '?column?': 1 }] };
    },
    totalCount: 1,
    idleCount: 1,
    waitingCount: 0,
    end: async () => undefined,
  } as unknown as pg.Pool;
}

/**
 * An event bus that accepts everything and delivers nothing: for services hosted on fakePool(),
 * which has no database for the PostgreSQL bus (pass it as startService's `events`).
 */
export function fakeEventBus(): EventBus & { published: unknown[] } {
  const published: unknown[] = [];
  return {
    kind: 'postgres',
    published,
    async publish(events) {
      published.push(...events);
    },
    async subscribe() {
      return { async stop() {} };
    },
    async close() {},
  };
}

const widget = z.object({ id: z.string(), name: z.string(), price: z.number().int() });

/** A domain that looks like catalog: list with coerced query, detail by path param, admin CRUD. */
export function createWidgetRouter() {
  const store = new Map<string, z.infer<typeof widget>>([['w1', { id: 'w1', name: 'First', price: 100 }]]);
  return router({
    list: publicProcedure
      .meta({ openapi: { method: 'GET', path: '/widgets', tags: ['widgets'] } })
      .input(z.object({ limit: z.number().int().min(1).max(100).default(20), tags: z.array(z.string()).optional(), inStock: z.boolean().optional() }))
      .output(z.object({ items: z.array(widget), limit: z.number(), tags: z.array(z.string()), inStock: z.boolean().nullable() }))
      .query(({ input }) => ({ items: [...store.values()], limit: input.limit, tags: input.tags ?? [], inStock: input.inStock ?? null })),
    search: publicProcedure
      .meta({ openapi: { method: 'GET', path: '/widgets/search' } })
      .input(z.object({ q: z.string() }))
      .output(z.object({ q: z.string() }))
      .query(({ input }) => ({ q: input.q })),
    byId: publicProcedure
      .meta({ openapi: { method: 'GET', path: '/widgets/{id}' } })
      .input(z.object({ id: z.string() }))
      .output(widget)
      .query(({ input }) => {
        const found = store.get(input.id);
        if (!found) throw new DomainError('NOT_FOUND', `Widget ${input.id} not found`);
        return found;
      }),
    mine: authedProcedure
      .meta({ openapi: { method: 'GET', path: '/widgets/mine' } })
      .input(z.void())
      .output(z.object({ userId: z.string() }))
      .query(({ ctx }) => ({ userId: ctx.user.id })),
    create: staffProcedure('products:write')
      .meta({ openapi: { method: 'POST', path: '/widgets' }, successStatus: 201 })
      .input(z.object({ name: z.string().min(2), price: z.number().int().nonnegative() }))
      .output(widget)
      .mutation(({ input }) => {
        const created = { id: `w${store.size + 1}`, ...input };
        store.set(created.id, created);
        return created;
      }),
    update: staffProcedure('products:write')
      .meta({ openapi: { method: 'PUT', path: '/widgets/{id}' } })
      .input(z.object({ id: z.string(), name: z.string().min(2) }))
      .output(widget)
      .mutation(({ input }) => {
        const found = store.get(input.id);
        if (!found) throw new DomainError('NOT_FOUND', `Widget ${input.id} not found`);
        found.name = input.name;
        return found;
      }),
    archive: staffProcedure('products:write')
      .meta({ openapi: { method: 'DELETE', path: '/widgets/{id}' }, successStatus: 204 })
      .input(z.object({ id: z.string() }))
      .output(z.void())
      .mutation(({ input }) => {
        store.delete(input.id);
      }),
    explode: publicProcedure
      .meta({ openapi: { method: 'GET', path: '/widgets-explode' } })
      .input(z.object({}))
      .output(z.object({}))
      .query(() => {
        throw new Error('relation "secret_table" does not exist');
      }),
    badOutput: publicProcedure
      .meta({ openapi: { method: 'GET', path: '/widgets-bad-output' } })
      .input(z.object({}))
      .output(z.object({ n: z.number() }))
      .query(() => ({ n: 'not a number' }) as unknown as { n: number }),
  });
}

/**
 * A domain whose module serves `makeRouter()` plus the raw routes identity and the catalog have
 * (JWKS, images), with no events, consumers or jobs: for the runtime's and the gateway's tests.
 */
export function fakeDomain(name: string, makeRouter: () => AnyRouter = createWidgetRouter): LoadedDomain {
  const module: DomainModule = {
    async start() {
      return {
        router: makeRouter(),
        http: {
          '/.well-known/jwks.json': (_req, res) => {
            res.setHeader('Content-Type', 'application/json');
            res.end('{"keys":[]}');
          },
          '/images/': (req, res) => {
            res.setHeader('Content-Type', 'image/svg+xml');
            res.end(`<svg xmlns="http://www.w3.org/2000/svg"><text>${req.url}</text></svg>`);
          },
        },
      };
    },
    describeRouter: makeRouter,
    openapi: { file: `${name}_service_api.yaml`, title: name, description: name, tags: {}, examples: {} },
  };
  const manifest = defineDomain({
    name,
    port: 0,
    summary: `${name} (test double)`,
    rest: [],
    raw: [
      { path: '/.well-known/jwks.json', summary: 'test double' },
      { path: '/images/', summary: 'test double' },
    ],
    config: defineConfig(z.object({})),
    publishes: [],
    openapiFile: `${name}_service_api.yaml`,
    load: async () => module,
  });
  return { manifest, module };
}

/** A domain whose module starts with `start` (any router, stop hook...): a test double of any shape. */
export function domainOf(name: string, start: DomainModule['start']): LoadedDomain {
  const base = fakeDomain(name);
  return { manifest: { ...base.manifest, raw: [] }, module: { ...base.module, start } };
}

/** Reads a JSON response body for assertions (tests index into it freely). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const readJson = (response: Response): Promise<any> => response.json();

/**
 * One domain served on 127.0.0.1 (an ephemeral port) with the fake pool and event bus and a
 * silent logger: the service the runtime and gateway unit tests talk to. `overrides` e.g. `env`.
 */
export function startFakeService(domain: LoadedDomain, verifier: AccessTokenVerifier, overrides: Partial<StartServiceOptions> = {}): Promise<RunningService> {
  return startService({ domains: domain, port: 0, host: '127.0.0.1', pool: fakePool(), events: fakeEventBus(), logger: silentLogger, verifier, ...overrides });
}
