import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from './errors.js';
import { createTestKeys, fakeDomain, startFakeService, type TestKeys } from '../testing/fakes.js';
import type { RunningService } from './server.js';
import { staffProcedure, publicProcedure, router } from './trpc.js';

const shopRouter = () =>
  router({
    list: publicProcedure
      .meta({ cache: { maxAgeSeconds: 2 }, openapi: { method: 'GET', path: '/things' } })
      .input(z.object({ fail: z.boolean().optional() }))
      .output(z.object({ items: z.array(z.string()) }))
      .query(({ input }) => {
        if (input.fail) throw new DomainError('NOT_FOUND', 'nothing here');
        return { items: ['a'] };
      }),
    plain: publicProcedure
      .meta({ openapi: { method: 'GET', path: '/things/plain' } })
      .input(z.void())
      .output(z.object({ ok: z.boolean() }))
      .query(() => ({ ok: true })),
    create: staffProcedure('products:write')
      .meta({ cache: { maxAgeSeconds: 2 }, openapi: { method: 'POST', path: '/things' }, successStatus: 201 })
      .input(z.object({ name: z.string() }))
      .output(z.object({ name: z.string() }))
      .mutation(({ input }) => input),
  });

describe('REST Cache-Control', () => {
  let service: RunningService;
  let keys: TestKeys;
  let base: string;
  let customer: string;

  beforeAll(async () => {
    keys = await createTestKeys();
    service = await startFakeService(fakeDomain('catalog', shopRouter), keys.verifier);
    base = `${service.url('catalog')}/api/v1`;
    customer = await keys.sign({ id: 'c1', email: 'demo@omnicart.test', role: 'customer' });
  });
  afterAll(() => service.stop());

  const cacheControlOf = async (path: string, init?: RequestInit) => {
    const response = await fetch(`${base}${path}`, init);
    await response.text();
    return { status: response.status, cacheControl: response.headers.get('cache-control') };
  };

  it('marks an anonymous 200 of a procedure declaring meta.cache public for max-age', async () => {
    expect(await cacheControlOf('/things')).toEqual({ status: 200, cacheControl: 'public, max-age=2' });
  });

  it('keeps authenticated answers private, even of cacheable procedures', async () => {
    expect(await cacheControlOf('/things', { headers: { authorization: `Bearer ${customer}` } })).toEqual({ status: 200, cacheControl: 'private, no-store' });
    // An invalid token leaves ctx.user null, but the request still was not anonymous.
    expect(await cacheControlOf('/things', { headers: { authorization: 'Bearer not-a-token' } })).toEqual({ status: 200, cacheControl: 'private, no-store' });
  });

  it('answers errors, unknown routes and undeclared procedures private, no-store', async () => {
    expect(await cacheControlOf('/things?fail=true')).toEqual({ status: 404, cacheControl: 'private, no-store' });
    expect(await cacheControlOf('/things?fail=notabool')).toEqual({ status: 400, cacheControl: 'private, no-store' });
    expect(await cacheControlOf('/nowhere')).toEqual({ status: 404, cacheControl: 'private, no-store' });
    expect(await cacheControlOf('/things/plain')).toEqual({ status: 200, cacheControl: 'private, no-store' });
    expect(await cacheControlOf('/things', { method: 'PATCH' })).toEqual({ status: 405, cacheControl: 'private, no-store' });
    expect(await cacheControlOf('/things', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"x"}' })).toEqual({
      status: 401,
      cacheControl: 'private, no-store',
    });
  });
});
