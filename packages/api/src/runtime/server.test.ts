import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestKeys, domainOf, fakeDomain, fakeEventBus, fakePool, readJson, startFakeService, type TestKeys } from '../testing/fakes.js';
import { silentLogger } from './logger.js';
import { z } from 'zod';
import { startService, type RunningService } from './server.js';
import { publicProcedure, router } from './trpc.js';

describe('service host', () => {
  let service: RunningService;
  let keys: TestKeys;
  let base: string;
  let adminToken: string;
  let customerToken: string;

  beforeAll(async () => {
    keys = await createTestKeys();
    service = await startFakeService(fakeDomain('catalog'), keys.verifier);
    base = service.url('catalog');
    adminToken = await keys.sign({ id: 'a1', email: 'admin@omnicart.test', role: 'admin' });
    customerToken = await keys.sign({ id: 'c1', email: 'demo@omnicart.test', role: 'customer' });
  });
  afterAll(() => service.stop());

  const get = (path: string, init?: RequestInit) => fetch(`${base}${path}`, init);
  const json = (method: string, path: string, body: unknown, token?: string) =>
    fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('answers health, readiness and metrics', async () => {
    expect(await readJson(await get('/healthz'))).toEqual({ status: 'ok' });
    expect((await get('/readyz')).status).toBe(200);
    await get('/api/v1/widgets');
    const metrics = await (await get('/metrics')).text();
    expect(metrics).toContain('http_requests_total{service="catalog",route="GET /widgets",method="GET",status="200"}');
    expect(metrics).toContain('db_pool_connections_idle{service="catalog"}');
    expect(metrics).toContain('process_cpu_user_seconds_total');
  });

  it('echoes or generates X-Request-Id', async () => {
    const mine = await get('/healthz', { headers: { 'x-request-id': 'req-123' } });
    expect(mine.headers.get('x-request-id')).toBe('req-123');
    const generated = await get('/healthz');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('coerces query strings to the input schema types', async () => {
    const res = await get('/api/v1/widgets?limit=5&tags=a&inStock=true');
    expect(res.status).toBe(200);
    expect(await readJson(res)).toMatchObject({ limit: 5, tags: ['a'], inStock: true });
    const many = await readJson(await get('/api/v1/widgets?tags=a&tags=b'));
    expect(many).toMatchObject({ limit: 20, tags: ['a', 'b'] });
  });

  it('rejects invalid input with 400 VALIDATION_FAILED naming the field', async () => {
    const res = await get('/api/v1/widgets?limit=500');
    expect(res.status).toBe(400);
    const body = await readJson(res);
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.message).toMatch(/^limit: /);
  });

  it('prefers static paths over path parameters and decodes params', async () => {
    expect(await readJson(await get('/api/v1/widgets/search?q=x'))).toEqual({ q: 'x' });
    expect(await readJson(await get('/api/v1/widgets/w1'))).toMatchObject({ id: 'w1' });
    const missing = await get('/api/v1/widgets/nope%20x');
    expect(missing.status).toBe(404);
    expect(await readJson(missing)).toEqual({ error: { code: 'NOT_FOUND', message: 'Widget nope x not found' } });
  });

  it('maps unknown routes to 404 and wrong methods to 405', async () => {
    const unknown = await get('/api/v1/gadgets');
    expect(unknown.status).toBe(404);
    expect((await readJson(unknown)).error.code).toBe('NOT_FOUND');
    const wrong = await json('PATCH', '/api/v1/widgets/w1', {});
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toContain('PUT');
  });

  it('enforces the procedure ladder over REST: 401, 403, then 201/200/204', async () => {
    expect((await get('/api/v1/widgets/mine')).status).toBe(401);
    const bad = await get('/api/v1/widgets/mine', { headers: { authorization: 'Bearer nope' } });
    expect(await readJson(bad)).toEqual({ error: { code: 'UNAUTHORIZED', message: 'Access token is invalid' } });
    expect(await readJson(await get('/api/v1/widgets/mine', { headers: { authorization: `Bearer ${customerToken}` } }))).toEqual({ userId: 'c1' });

    expect((await json('POST', '/api/v1/widgets', { name: 'Second', price: 5 })).status).toBe(401);
    expect((await json('POST', '/api/v1/widgets', { name: 'Second', price: 5 }, customerToken)).status).toBe(403);
    const created = await json('POST', '/api/v1/widgets', { name: 'Second', price: 5 }, adminToken);
    expect(created.status).toBe(201);
    const widget = await readJson(created);
    const updated = await json('PUT', `/api/v1/widgets/${widget.id}`, { name: 'Renamed' }, adminToken);
    expect(await readJson(updated)).toMatchObject({ id: widget.id, name: 'Renamed' });
    const deleted = await json('DELETE', `/api/v1/widgets/${widget.id}`, undefined, adminToken);
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
  });

  it('answers 400 on malformed JSON and 413 on a body over 1 MB', async () => {
    const malformed = await json('POST', '/api/v1/widgets', '{"name":', adminToken);
    expect(malformed.status).toBe(400);
    expect((await readJson(malformed)).error.message).toMatch(/not valid JSON/);
    const huge = await json('POST', '/api/v1/widgets', { name: 'x'.repeat(1_100_000), price: 1 }, adminToken);
    expect(huge.status).toBe(413);
    expect((await readJson(huge)).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('never leaks internals: unexpected errors and bad output give a generic 500', async () => {
    for (const path of ['/api/v1/widgets-explode', '/api/v1/widgets-bad-output']) {
      const res = await get(path);
      expect(res.status).toBe(500);
      expect(await readJson(res)).toEqual({ error: { code: 'INTERNAL', message: 'Internal error' } });
    }
  });

  it('serves the same procedures over /trpc, batched too', async () => {
    const single = await readJson(await get('/trpc/byId?input=' + encodeURIComponent(JSON.stringify({ id: 'w1' }))));
    expect(single.result.data).toMatchObject({ id: 'w1' });
    const batch = await get('/trpc/byId,search?batch=1&input=' + encodeURIComponent(JSON.stringify({ 0: { id: 'w1' }, 1: { q: 'z' } })));
    const results = await readJson(batch);
    expect(results[1].result.data).toEqual({ q: 'z' });
    const missing = await readJson(await get('/trpc/byId?input=' + encodeURIComponent(JSON.stringify({ id: 'zz' }))));
    expect(missing.error.data).toMatchObject({ domainCode: 'NOT_FOUND', httpStatus: 404 });
  });

  it('serves raw and prefix routes', async () => {
    expect(await readJson(await get('/.well-known/jwks.json'))).toEqual({ keys: [] });
    const image = await get('/images/p1/main.svg');
    expect(image.headers.get('content-type')).toBe('image/svg+xml');
    expect(await image.text()).toContain('/images/p1/main.svg');
  });

  it('answers 503 on /readyz when the database is unreachable', async () => {
    const down = await startService({ domains: [fakeDomain('identity')], pool: fakePool(false), events: fakeEventBus(), logger: silentLogger, verifier: keys.verifier, host: '127.0.0.1' });
    try {
      expect((await fetch(`${down.url('identity')}/readyz`)).status).toBe(503);
    } finally {
      await down.stop();
    }
  });
});

describe('graceful stop', () => {
  it('lets in-flight requests finish, then refuses new connections and calls domain stop()', async () => {
    const keys = await createTestKeys();
    let domainStopped = false;
    const slowRouter = () =>
      router({
        slow: publicProcedure
          .meta({ openapi: { method: 'GET', path: '/slow' } })
          .input(z.object({}))
          .output(z.object({ done: z.boolean() }))
          .query(async () => {
            await new Promise((resolve) => setTimeout(resolve, 300));
            return { done: true };
          }),
      });
    const service = await startService({
      domains: domainOf('catalog', async () => ({ router: slowRouter(), stop: async () => void (domainStopped = true) })),
      host: '127.0.0.1',
      pool: fakePool(),
      events: fakeEventBus(),
      logger: silentLogger,
      verifier: keys.verifier,
    });
    const base = service.url('catalog');
    const inFlight = fetch(`${base}/api/v1/slow`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stopping = service.stop(5_000);
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await readJson(response)).toEqual({ done: true });
    await stopping;
    expect(domainStopped).toBe(true);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});
