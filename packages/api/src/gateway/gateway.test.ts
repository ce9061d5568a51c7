import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SESSION_MESSAGES, createAccessTokenVerifier, createSessionStates } from '../runtime/auth.js';
import { silentLogger } from '../runtime/logger.js';
import { describeSurface } from '../runtime/surface.js';
import { startService, type RunningService } from '../runtime/server.js';
import { authedProcedure, publicProcedure, router } from '../runtime/trpc.js';
import { createTestKeys, createWidgetRouter, fakeDomain, fakeEventBus, fakePool, readJson, type TestKeys } from '../testing/fakes.js';
import { startGateway } from '../platform/gateway.js';
import type { Gateway, GatewayOptions } from './gateway.js';

const usersRouter = () =>
  router({
    me: authedProcedure
      .meta({ openapi: { method: 'GET', path: '/users/me' } })
      .input(z.void())
      .output(z.object({ id: z.string(), role: z.string() }))
      .query(({ ctx }) => ({ id: ctx.user.id, role: ctx.user.role })),
    register: publicProcedure
      .meta({ openapi: { method: 'POST', path: '/users/register' }, successStatus: 201 })
      .input(z.object({ email: z.email() }))
      .output(z.object({ email: z.string() }))
      .mutation(({ input }) => ({ email: input.email })),
  });

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** An upstream that records what reached it and always answers 200. */
async function recordingUpstream(): Promise<{ url: string; seen: Recorded[]; server: Server }> {
  const seen: Recorded[] = [];
  const surface = JSON.stringify(describeSurface(createWidgetRouter()));
  const server = createServer((req, res) => {
    if (req.url === '/_meta/surface') {
      res.end(surface);
      return;
    }
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ upstream: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

describe('gateway', () => {
  let keys: TestKeys;
  let identity: RunningService;
  let catalog: RunningService;
  let gateway: Gateway;
  let admin: string;
  let customer: string;
  const extra: Array<{ stop(timeoutMs?: number): Promise<void> }> = [];

  const start = async (overrides: Partial<GatewayOptions>) => {
    const started = await startGateway({
      port: 0,
      host: '127.0.0.1',
      logger: silentLogger,
      verifier: keys.verifier,
      routers: { identity: usersRouter(), catalog: createWidgetRouter() },
      upstreams: { identity: identity.url('identity'), catalog: catalog.url('catalog') },
      ...overrides,
    });
    extra.push(started);
    return started;
  };

  beforeAll(async () => {
    keys = await createTestKeys();
    const common = { pool: fakePool(), events: fakeEventBus(), logger: silentLogger, verifier: keys.verifier, host: '127.0.0.1', port: 0 };
    identity = await startService({ ...common, domains: fakeDomain('identity', usersRouter) });
    catalog = await startService({ ...common, domains: fakeDomain('catalog') });
    gateway = await start({});
    admin = await keys.sign({ id: 'a1', email: 'admin@omnicart.test', role: 'admin' });
    customer = await keys.sign({ id: 'c1', email: 'demo@omnicart.test', role: 'customer' });
  });
  afterAll(async () => {
    await Promise.all(extra.map((s) => s.stop(1000)));
    await identity.stop();
    await catalog.stop();
  });

  it('routes REST by path prefix to the owning service', async () => {
    const widgets = await fetch(`${gateway.url}/api/v1/widgets?limit=3`);
    expect(widgets.status).toBe(200);
    expect(await readJson(widgets)).toMatchObject({ limit: 3 });
    const me = await fetch(`${gateway.url}/api/v1/users/me`, { headers: { authorization: `Bearer ${customer}` } });
    expect(await readJson(me)).toEqual({ id: 'c1', role: 'customer' });
    const registered = await fetch(`${gateway.url}/api/v1/users/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'x@example.com' }),
    });
    expect(registered.status).toBe(201);
    const unknown = await fetch(`${gateway.url}/api/v1/gadgets`);
    expect(unknown.status).toBe(404);
    expect((await readJson(unknown)).error.code).toBe('NOT_FOUND');
  });

  it('routes /images/ to catalog and the JWKS to identity', async () => {
    expect((await fetch(`${gateway.url}/images/p/1.svg`)).headers.get('content-type')).toBe('image/svg+xml');
    expect(await readJson(await fetch(`${gateway.url}/.well-known/jwks.json`))).toEqual({ keys: [] });
  });

  it('routes /trpc/<domain>/<procedure> including batches', async () => {
    const input = encodeURIComponent(JSON.stringify({ id: 'w1' }));
    const single = await readJson(await fetch(`${gateway.url}/trpc/catalog/byId?input=${input}`));
    expect(single.result.data).toMatchObject({ id: 'w1' });
    const batchInput = encodeURIComponent(JSON.stringify({ 0: { id: 'w1' }, 1: { q: 'a' } }));
    const batch = await readJson(await fetch(`${gateway.url}/trpc/catalog/byId,search?batch=1&input=${batchInput}`));
    expect(batch[1].result.data).toEqual({ q: 'a' });
    const nowhere = await fetch(`${gateway.url}/trpc/nowhere/x`);
    expect(nowhere.status).toBe(404);
  });

  it('enforces roles before proxying (REST and tRPC) and rejects bad tokens', async () => {
    const upstream = await recordingUpstream();
    const gw = await start({ upstreams: { identity: upstream.url, catalog: upstream.url } });
    try {
      const post = (token?: string) =>
        fetch(`${gw.url}/api/v1/widgets`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify({ name: 'New', price: 1 }),
        });
      const anonymous = await post();
      expect(anonymous.status).toBe(401);
      expect((await readJson(anonymous)).error.code).toBe('UNAUTHORIZED');
      const asCustomer = await post(customer);
      expect(asCustomer.status).toBe(403);
      expect(await readJson(asCustomer)).toEqual({ error: { code: 'FORBIDDEN', message: 'This operation requires the products:write permission' } });
      expect(upstream.seen).toHaveLength(0);

      const expired = await keys.sign({ id: 'a1', email: 'admin@omnicart.test', role: 'admin' }, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
      const stale = await fetch(`${gw.url}/api/v1/widgets`, { headers: { authorization: `Bearer ${expired}` } });
      expect(stale.status).toBe(401);
      expect((await readJson(stale)).error.message).toMatch(/expired/);
      const tampered = await fetch(`${gw.url}/api/v1/widgets`, { headers: { authorization: `Bearer ${admin.slice(0, -4)}AAAA` } });
      expect(tampered.status).toBe(401);

      const trpcAdmin = await fetch(`${gw.url}/trpc/catalog/search,create?batch=1`, { method: 'POST', headers: { authorization: `Bearer ${customer}` }, body: '{}' });
      expect(trpcAdmin.status).toBe(403);
      const trpcBody = await readJson(trpcAdmin);
      expect(trpcBody[0].error.data).toMatchObject({ code: 'FORBIDDEN', domainCode: 'FORBIDDEN' });
      expect(upstream.seen).toHaveLength(0);

      expect((await post(admin)).status).toBe(200);
      expect(upstream.seen).toHaveLength(1);
      const forwarded = upstream.seen[0]!;
      expect(forwarded.url).toBe('/api/v1/widgets');
      expect(forwarded.headers.authorization).toBe(`Bearer ${admin}`);
      expect(forwarded.headers['x-forwarded-for']).toBe('127.0.0.1');
      expect(forwarded.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      upstream.server.close();
    }
  });

  it('passes upstream the address the last trusted hop saw, never one the client wrote', async () => {
    const upstream = await recordingUpstream();
    const serviceToken = 'a-service-token-of-the-platform';
    const direct = await start({ upstreams: { identity: upstream.url, catalog: upstream.url }, serviceToken });
    const behindIngress = await start({ upstreams: { identity: upstream.url, catalog: upstream.url }, trustProxy: true, serviceToken });
    const onlyListed = await start({ upstreams: { identity: upstream.url, catalog: upstream.url }, trustProxy: true, trustedProxies: ['10.0.0.0/8'] });
    try {
      const seenFor = async (gw: Gateway, headers: Record<string, string>) => {
        upstream.seen.length = 0;
        expect((await fetch(`${gw.url}/api/v1/widgets`, { headers })).status).toBe(200);
        return upstream.seen[0]!.headers;
      };
      // Without TRUST_PROXY a client's own X-Forwarded-For is ignored...
      expect((await seenFor(direct, { 'x-forwarded-for': '198.51.100.1' }))['x-forwarded-for']).toBe('127.0.0.1');
      expect((await seenFor(direct, { 'x-forwarded-for': '198.51.100.1', 'x-omnicart-service-token': 'guessed-wrong-token' }))['x-forwarded-for']).toBe('127.0.0.1');
      // ...unless the caller is a BFF presenting the service token: it speaks for the shopper,
      // and the token never travels further.
      const viaBff = await seenFor(direct, { 'x-forwarded-for': '203.0.113.7', 'x-omnicart-service-token': serviceToken, 'x-omnicart-service': 'storefront' });
      expect(viaBff['x-forwarded-for']).toBe('203.0.113.7');
      expect(viaBff['x-omnicart-service-token']).toBeUndefined();
      // With TRUST_PROXY an ingress appends the address it saw: the client's own leftmost entry
      // (here a spoof) does not count; the walk stops at the first untrusted address.
      expect((await seenFor(behindIngress, { 'x-forwarded-for': '1.1.1.1, 203.0.113.7' }))['x-forwarded-for']).toBe('203.0.113.7');
      expect((await seenFor(behindIngress, { 'x-forwarded-for': '10.9.9.9, 203.0.113.7, 10.0.0.5' }))['x-forwarded-for']).toBe('203.0.113.7');
      expect((await seenFor(behindIngress, { 'x-forwarded-for': '2001:db8::7, fd00::5' }))['x-forwarded-for']).toBe('2001:db8::7');
      // A peer outside TRUSTED_PROXIES is the client, whatever it forwards.
      expect((await seenFor(onlyListed, { 'x-forwarded-for': '203.0.113.7' }))['x-forwarded-for']).toBe('127.0.0.1');
    } finally {
      upstream.server.close();
    }
  });

  it('answers 503 with Retry-After (not 401) when a token’s session cannot be checked, and 401 for a revoked one', async () => {
    const upstream = await recordingUpstream();
    const unreachable = createAccessTokenVerifier(
      { getKey: async () => keys.jwks },
      { sessions: createSessionStates(async () => Promise.reject(new Error('connect ECONNREFUSED'))) },
    );
    const revoked = createAccessTokenVerifier({ getKey: async () => keys.jwks }, { sessions: createSessionStates(async () => ({ epoch: 1, disabled: false })) });
    const down = await start({ upstreams: { identity: upstream.url, catalog: upstream.url }, verifier: unreachable });
    const bumped = await start({ upstreams: { identity: upstream.url, catalog: upstream.url }, verifier: revoked });
    try {
      const me = (gw: Gateway) => fetch(`${gw.url}/api/v1/users/me`, { headers: { authorization: `Bearer ${customer}` } });
      const unavailable = await me(down);
      expect(unavailable.status).toBe(503);
      expect(unavailable.headers.get('retry-after')).toBe('1');
      expect(await readJson(unavailable)).toEqual({ error: { code: 'UNAVAILABLE', message: SESSION_MESSAGES.unavailable } });
      const refused = await me(bumped);
      expect(refused.status).toBe(401);
      expect(await readJson(refused)).toEqual({ error: { code: 'UNAUTHORIZED', message: SESSION_MESSAGES.revoked } });
      expect(upstream.seen).toHaveLength(0);
    } finally {
      upstream.server.close();
    }
  });

  it('loads access rules from the upstream when it has no router for a domain', async () => {
    const upstream = await recordingUpstream();
    const gw = await start({ routers: {}, upstreams: { identity: upstream.url, catalog: upstream.url } });
    try {
      const post = (token: string) =>
        fetch(`${gw.url}/api/v1/widgets`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: '{}' });
      expect((await post(customer)).status).toBe(403);
      expect(upstream.seen).toHaveLength(0);
      expect((await post(admin)).status).toBe(200);
      expect(upstream.seen).toHaveLength(1);
    } finally {
      upstream.server.close();
    }
  });

  it('propagates X-Request-Id and sets security headers', async () => {
    const res = await fetch(`${gateway.url}/api/v1/widgets`, { headers: { 'x-request-id': 'trace-me-1' } });
    expect(res.headers.get('x-request-id')).toBe('trace-me-1');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('answers CORS preflight for allowed origins only', async () => {
    const preflight = (origin: string) =>
      fetch(`${gateway.url}/api/v1/widgets`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    const allowed = await preflight('http://localhost:3001');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:3001');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    const denied = await preflight('https://evil.example');
    expect(denied.status).toBe(403);
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await fetch(`${gateway.url}/api/v1/widgets`, { headers: { origin: 'http://localhost:3000' } });
    expect(simple.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
  });

  it('rate-limits per IP with 429, Retry-After and the error body', async () => {
    const gw = await start({ rateLimit: { perSecond: 1, burst: 2 } });
    expect((await fetch(`${gw.url}/api/v1/widgets`)).status).toBe(200);
    expect((await fetch(`${gw.url}/api/v1/widgets`)).status).toBe(200);
    const limited = await fetch(`${gw.url}/api/v1/widgets`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((await readJson(limited)).error.code).toBe('TOO_MANY_REQUESTS');
    expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
  });

  it('can exempt loopback callers (co-located storefront/admin servers) from the rate limit', async () => {
    const gw = await start({ rateLimit: { perSecond: 1, burst: 1 }, rateLimitExemptLoopback: true });
    for (let i = 0; i < 5; i++) expect((await fetch(`${gw.url}/api/v1/widgets`)).status).toBe(200);
  });

  it('opens the circuit after repeated upstream failures and answers 503 UNAVAILABLE', async () => {
    const dead = await recordingUpstream();
    dead.server.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const gw = await start({ upstreams: { identity: identity.url('identity'), catalog: dead.url }, breaker: { threshold: 2, openMs: 60_000 } });
    expect((await fetch(`${gw.url}/api/v1/widgets`)).status).toBe(502);
    expect((await fetch(`${gw.url}/api/v1/widgets`)).status).toBe(502);
    const open = await fetch(`${gw.url}/api/v1/widgets`);
    expect(open.status).toBe(503);
    expect((await readJson(open)).error.code).toBe('UNAVAILABLE');
    // Other upstreams are unaffected.
    expect((await fetch(`${gw.url}/api/v1/users/me`, { headers: { authorization: `Bearer ${customer}` } })).status).toBe(200);
    // Degraded, not unready: one failing domain must not take the whole API out of the load balancer.
    const ready = await fetch(`${gw.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await readJson(ready)).toEqual({ status: 'degraded', upstreams: { identity: 'ok', catalog: 'unreachable' } });
    const allDown = await start({ upstreams: { identity: dead.url, catalog: dead.url } });
    const none = await fetch(`${allDown.url}/readyz`);
    expect(none.status).toBe(503);
    expect((await readJson(none)).status).toBe('unavailable');
  });

  it('does not count clients that hang up (e.g. autocannon ending a run) against the upstream', async () => {
    const slow = createServer((_req, res) => {
      setTimeout(() => res.end(JSON.stringify({ slow: true })), 80);
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
    const gw = await start({ upstreams: { identity: slowUrl, catalog: slowUrl }, breaker: { threshold: 2, openMs: 60_000 } });
    try {
      for (let i = 0; i < 6; i++) {
        const controller = new AbortController();
        const pending = fetch(`${gw.url}/api/v1/widgets`, { signal: controller.signal }).catch(() => undefined);
        setTimeout(() => controller.abort(), 20);
        await pending;
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect((await fetch(`${gw.url}/api/v1/widgets`)).status).toBe(200);
    } finally {
      slow.close();
    }
  });

  /** An identity upstream that answers every request after `delay.ms` (a slow dependency) and counts what reached it. */
  async function slowUpstream(delay: { ms: number }) {
    const reached = { count: 0 };
    const server = createServer((req, res) => {
      reached.count++;
      req.resume();
      req.on('end', () =>
        setTimeout(() => {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ email: 'slow@example.com' }));
        }, delay.ms),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    extra.push({ stop: async () => void server.close() });
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, reached, server };
  }
  const register = (base: string) =>
    fetch(`${base}/api/v1/users/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'slow@example.com' }) });

  it('counts timed-out POSTs against the breaker, then half-opens and closes once the upstream recovers', async () => {
    const delay = { ms: 2_000 };
    const slow = await slowUpstream(delay);
    const gw = await start({ upstreams: { identity: slow.url, catalog: catalog.url('catalog') }, upstreamTimeoutMs: 150, breaker: { threshold: 2, openMs: 500 } });
    // A POST whose body was read in full and whose upstream then timed out is the upstream's failure, not a client gone.
    for (let i = 0; i < 2; i++) {
      const timedOut = await register(gw.url);
      expect(timedOut.status).toBe(504);
      expect((await readJson(timedOut)).error).toEqual({ code: 'UNAVAILABLE', message: 'The identity service did not answer in time' });
    }
    const open = await register(gw.url);
    expect(open.status).toBe(503);
    expect(open.headers.get('retry-after')).not.toBeNull();
    expect(slow.reached.count).toBe(2);
    // Other upstreams keep answering.
    expect((await fetch(`${gw.url}/api/v1/widgets`)).status).toBe(200);
    // The dependency recovers: after openMs one trial goes through (half-open) and its answer closes the breaker.
    delay.ms = 0;
    await new Promise((resolve) => setTimeout(resolve, 550));
    expect((await register(gw.url)).status).toBe(200);
    expect((await register(gw.url)).status).toBe(200);
    expect(slow.reached.count).toBe(4);
  });

  it('bounds the requests in flight per upstream (bulkhead): one more answers 503 at once, other upstreams stay fast', async () => {
    const delay = { ms: 2_500 };
    const slow = await slowUpstream(delay);
    const gw = await start({ upstreams: { identity: slow.url, catalog: catalog.url('catalog') }, upstreamMaxInFlight: 2 });
    const held = [register(gw.url), register(gw.url)];
    while (slow.reached.count < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    const started = performance.now();
    const busy = await register(gw.url);
    expect(busy.status).toBe(503);
    expect((await readJson(busy)).error.message).toBe('The identity service is busy (2 requests in flight); try again shortly');
    const read = await fetch(`${gw.url}/api/v1/widgets`);
    expect(read.status).toBe(200);
    // Well before the held requests answer.
    expect(performance.now() - started).toBeLessThan(1_500);
    expect((await Promise.all(held)).map((response) => response.status)).toEqual([200, 200]);
    // A full bulkhead is not the upstream failing: its breaker stays closed.
    delay.ms = 0;
    expect((await register(gw.url)).status).toBe(200);
  });

  it('reports readiness and metrics of its own', async () => {
    expect((await fetch(`${gateway.url}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toContain('service="gateway",route="GET /widgets"');
  });
});
