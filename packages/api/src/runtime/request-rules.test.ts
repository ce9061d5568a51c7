import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestKeys, createWidgetRouter, domainOf, readJson, startFakeService } from '../testing/fakes.js';
import { DomainError, retryAfterSeconds } from './errors.js';
import type { RunningService } from './server.js';
import { TRPC_MAX_BATCH_SIZE } from './trpc-http.js';
import { publicProcedure, router } from './trpc.js';

/**
 * What a service refuses about a request before any procedure runs — a body that is not JSON,
 * unknown query parameters, an oversized tRPC batch — and the Retry-After every 429/503 with a
 * known wait carries.
 */
let created = 0;
let calls = 0;
const rulesRouter = () => {
  const widgets = createWidgetRouter();
  return router({
    ...widgets._def.record,
    register: publicProcedure
      .meta({ openapi: { method: 'POST', path: '/signups' }, successStatus: 201 })
      .input(z.object({ email: z.string() }))
      .output(z.object({ email: z.string() }))
      .mutation(({ input }) => {
        created++;
        return { email: input.email };
      }),
    ping: publicProcedure
      .meta({ openapi: { method: 'POST', path: '/ping' } })
      .output(z.object({ ok: z.boolean() }))
      .mutation(() => ({ ok: true })),
    count: publicProcedure.query(() => ++calls),
    throttled: publicProcedure
      .meta({ openapi: { method: 'POST', path: '/throttled' } })
      .input(z.object({ wait: z.number() }))
      .output(z.object({}))
      .mutation(({ input }) => {
        throw new DomainError('TOO_MANY_REQUESTS', 'Too many attempts; try again later', { retryAfterSeconds: input.wait });
      }),
    paused: publicProcedure
      .meta({ openapi: { method: 'GET', path: '/paused' } })
      .input(z.object({}))
      .output(z.object({}))
      .query(() => {
        throw new DomainError('UNAVAILABLE', 'Paused for maintenance', { retryAfterSeconds: 30 });
      }),
  });
};

describe('request rules of every service', () => {
  let service: RunningService;
  let base: string;

  beforeAll(async () => {
    const keys = await createTestKeys();
    service = await startFakeService(domainOf('catalog', async () => ({ router: rulesRouter() })), keys.verifier);
    base = service.url('catalog');
  });
  afterAll(() => service.stop());

  const post = (path: string, body: string | undefined, contentType: string | undefined) =>
    fetch(`${base}${path}`, { method: 'POST', headers: contentType ? { 'content-type': contentType } : {}, body });

  describe('Content-Type of JSON bodies', () => {
    const body = JSON.stringify({ email: 'a@b.c' });
    const form = new FormData();
    form.set('email', 'a@b.c');

    it('refuses a REST body that is not application/json with 415, and runs nothing', async () => {
      const before = created;
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'text/json']) {
        const res = await post('/api/v1/signups', body, type);
        expect(res.status, type).toBe(415);
        const error = (await readJson(res)).error;
        expect(error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
        expect(error.message).toMatch(/Content-Type .*application\/json/);
      }
      // fetch's own multipart body, and a body with no Content-Type at all
      expect((await fetch(`${base}/api/v1/signups`, { method: 'POST', body: form })).status).toBe(415);
      const untyped = await fetch(`${base}/api/v1/signups`, { method: 'POST', body: new Blob([body]) });
      expect(untyped.status).toBe(415);
      expect((await readJson(untyped)).error.message).toMatch(/^Missing Content-Type/);
      expect(created).toBe(before);
    });

    it('accepts application/json with parameters, in any case, and body-less POSTs without a type', async () => {
      expect((await post('/api/v1/signups', body, 'application/json')).status).toBe(201);
      expect((await post('/api/v1/signups', body, 'Application/JSON; charset=utf-8')).status).toBe(201);
      const ping = await post('/api/v1/ping', undefined, undefined);
      expect(ping.status).toBe(200);
      expect(await readJson(ping)).toEqual({ ok: true });
    });

    it('refuses a tRPC mutation whose body is not application/json with 415 in tRPC shape', async () => {
      const before = created;
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', undefined]) {
        const res = await post('/trpc/register', body, type);
        expect(res.status, String(type)).toBe(415);
        const shape = await readJson(res);
        expect(shape.error.data).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', httpStatus: 415, domainCode: 'UNSUPPORTED_MEDIA_TYPE' });
      }
      expect(created).toBe(before);
      const ok = await post('/trpc/register', body, 'application/json; charset=utf-8');
      expect((await readJson(ok)).result.data).toEqual({ email: 'a@b.c' });
    });
  });

  describe('strict query parameters', () => {
    it('answers 400 naming an unknown or malformed parameter instead of ignoring it', async () => {
      for (const query of ['id[not]=0', 'limit[gt]=0', 'limt=5', 'constructor=1', '=1']) {
        const res = await fetch(`${base}/api/v1/widgets?${query}`);
        expect(res.status, query).toBe(400);
        const error = (await readJson(res)).error;
        expect(error.code).toBe('VALIDATION_FAILED');
        expect(error.message).toContain(`"${decodeURIComponent(query.split('=')[0] as string)}": unknown query parameter`);
        expect(error.message).toContain('this route accepts: limit, tags, inStock');
      }
    });

    it('refuses a single-valued parameter given twice, and parameters on a route that takes none', async () => {
      const twice = await fetch(`${base}/api/v1/widgets?limit=5&limit=50`);
      expect(twice.status).toBe(400);
      expect((await readJson(twice)).error.message).toMatch(/^limit: given more than once/);
      const none = await fetch(`${base}/api/v1/widgets/mine?x=1`);
      expect(none.status).toBe(400);
      expect((await readJson(none)).error.message).toContain('this route accepts: no query parameters');
    });

    it('keeps accepting the parameters the schema declares, repeated arrays included', async () => {
      const res = await fetch(`${base}/api/v1/widgets?limit=5&tags=a&tags=b&inStock=true`);
      expect(res.status).toBe(200);
      expect(await readJson(res)).toMatchObject({ limit: 5, tags: ['a', 'b'], inStock: true });
      expect((await fetch(`${base}/api/v1/widgets/w1`)).status).toBe(200);
    });

    it('leaves tRPC query strings (input, batch) alone', async () => {
      const res = await fetch(`${base}/trpc/list?input=${encodeURIComponent(JSON.stringify({ limit: 3 }))}`);
      expect((await readJson(res)).result.data).toMatchObject({ limit: 3 });
    });
  });

  describe('tRPC batch size', () => {
    const batch = (size: number) => fetch(`${base}/trpc/${Array.from({ length: size }, () => 'count').join(',')}?batch=1`);

    it(`runs a batch of ${TRPC_MAX_BATCH_SIZE} and refuses a larger one with 400 before any procedure runs`, async () => {
      const ok = await batch(TRPC_MAX_BATCH_SIZE);
      expect(ok.status).toBe(200);
      expect(await readJson(ok)).toHaveLength(TRPC_MAX_BATCH_SIZE);
      const before = calls;
      for (const size of [TRPC_MAX_BATCH_SIZE + 1, 500]) {
        const res = await batch(size);
        expect(res.status).toBe(400);
        const shape = await readJson(res);
        expect(shape.error.message).toBe(`A batch may hold at most ${TRPC_MAX_BATCH_SIZE} operations; this one has ${size}`);
        expect(shape.error.data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 });
      }
      expect(calls).toBe(before);
    });
  });

  describe('Retry-After', () => {
    it('sets Retry-After from details.retryAfterSeconds on a REST 429 and 503', async () => {
      const throttled = await post('/api/v1/throttled', JSON.stringify({ wait: 41.2 }), 'application/json');
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('retry-after')).toBe('42');
      expect((await readJson(throttled)).error.details).toEqual({ retryAfterSeconds: 41.2 });
      const paused = await fetch(`${base}/api/v1/paused`);
      expect(paused.status).toBe(503);
      expect(paused.headers.get('retry-after')).toBe('30');
    });

    it('sets it on tRPC answers too, single and batched', async () => {
      const single = await post('/trpc/throttled', JSON.stringify({ wait: 7 }), 'application/json');
      expect(single.status).toBe(429);
      expect(single.headers.get('retry-after')).toBe('7');
      const batched = await fetch(`${base}/trpc/throttled,throttled?batch=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ 0: { wait: 3 }, 1: { wait: 3 } }),
      });
      expect(batched.headers.get('retry-after')).toBe('3');
      const paused = await fetch(`${base}/trpc/paused?input=${encodeURIComponent('{}')}`);
      expect(paused.status).toBe(503);
      expect(paused.headers.get('retry-after')).toBe('30');
    });
  });
});

describe('retryAfterSeconds', () => {
  it('gives whole seconds for 429 and 503 with a known wait, nothing otherwise', () => {
    expect(retryAfterSeconds(429, { retryAfterSeconds: 0.2 })).toBe('1');
    expect(retryAfterSeconds(503, { retryAfterSeconds: 5 })).toBe('5');
    expect(retryAfterSeconds(429, undefined)).toBeUndefined();
    expect(retryAfterSeconds(429, { retryAfterSeconds: 'soon' })).toBeUndefined();
    expect(retryAfterSeconds(429, { retryAfterSeconds: -1 })).toBeUndefined();
    expect(retryAfterSeconds(409, { retryAfterSeconds: 5 })).toBeUndefined();
  });
});
