import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestKeys, fakeDomain, startFakeService } from '../testing/fakes.js';
import { loadEnv } from '../platform/index.js';
import { DomainError } from './errors.js';
import type { RunningService } from './server.js';
import { callService, createServiceClient, withDeadline } from './service-client.js';
import { internalProcedure, publicProcedure, router } from './trpc.js';

// The service client against a real service host: tRPC's wire format both ways, the service
// token, the callee's DomainError surfacing unchanged, and UNAVAILABLE when nothing answers.

const TOKEN = 'service-client-test-token';
const createStockRouter = () =>
  router({
    peek: internalProcedure.input(z.object({ sku: z.string() }).optional()).query(({ input, ctx }) => ({ sku: input?.sku ?? null, caller: ctx.service })),
    reserve: internalProcedure.input(z.object({ sku: z.string(), quantity: z.number().int().min(1) })).mutation(({ input }) => {
      if (input.quantity > 3) throw new DomainError('INSUFFICIENT_STOCK', `Only 3 of ${input.sku} left`, { sku: input.sku, available: 3 });
      return { reserved: input.quantity };
    }),
    open: publicProcedure.query(() => 'open'),
    ping: internalProcedure.mutation(() => 'pong'),
    /** Answers after `slowMs` (a slow dependency); counts the calls that reached it. */
    charge: internalProcedure.input(z.object({ n: z.number() })).mutation(async ({ input }) => {
      calls.charge++;
      await new Promise((resolve) => setTimeout(resolve, slowMs));
      return { charged: input.n };
    }),
  });
const calls = { charge: 0 };
let slowMs = 0;
type StockRouter = ReturnType<typeof createStockRouter>;

let service: RunningService;
let url: string;

beforeAll(async () => {
  const keys = await createTestKeys();
  service = await startFakeService(fakeDomain('inventory', createStockRouter), keys.verifier, { env: loadEnv({ NODE_ENV: 'test', SERVICE_TOKEN: TOKEN }) });
  url = service.url('inventory');
});
afterAll(() => service.stop());

describe('createServiceClient', () => {
  const client = (token = TOKEN, at = () => url) => createServiceClient<StockRouter>({ url: at, caller: 'orders', token, timeoutMs: 2_000 });

  it('calls queries (with and without input) and mutations with the service token', async () => {
    await expect(client().peek.query({ sku: 'A/1 ü' })).resolves.toEqual({ sku: 'A/1 ü', caller: 'orders' });
    await expect(client().peek.query()).resolves.toEqual({ sku: null, caller: 'orders' });
    await expect(client().reserve.mutate({ sku: 'A', quantity: 2 })).resolves.toEqual({ reserved: 2 });
    await expect(client().open.query()).resolves.toBe('open');
    await expect(client().ping.mutate()).resolves.toBe('pong');
  });

  it("rethrows the callee's DomainError with its code, message and details", async () => {
    const error = await callService('inventory', () => client().reserve.mutate({ sku: 'A', quantity: 5 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'INSUFFICIENT_STOCK', message: 'Only 3 of A left', details: { sku: 'A', available: 3 } });
  });

  it('reports bad input as VALIDATION_FAILED and a wrong token as NOT_FOUND', async () => {
    await expect(callService('inventory', () => client().reserve.mutate({ sku: 'A', quantity: 0 }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(callService('inventory', () => client('wrong-token-wrong-token').peek.query())).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('turns an unreachable callee into UNAVAILABLE', async () => {
    await expect(callService('inventory', () => client(TOKEN, () => 'http://127.0.0.1:9').peek.query())).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});

describe('deadlines, breaker and bulkhead of a service client', () => {
  const slowClient = (options: Partial<Parameters<typeof createServiceClient>[0]> = {}) =>
    createServiceClient<StockRouter>({ url: () => url, caller: 'orders', token: TOKEN, timeoutMs: 5_000, ...options });

  it('gives up on a call after its own deadline with UNAVAILABLE naming it', async () => {
    slowMs = 4_000;
    const client = slowClient({ breaker: false });
    const started = performance.now();
    const error = await callService('payments', () => client.charge.mutate({ n: 1 }, withDeadline(200))).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', message: 'payments is unavailable: no answer within 200 ms' });
  });

  it('opens the breaker after consecutive timed-out mutations, fails fast while open, half-opens and closes when the callee recovers', async () => {
    slowMs = 1_000;
    const client = slowClient({ breaker: { threshold: 2, openMs: 400 } });
    const call = () => callService('payments', () => client.charge.mutate({ n: 1 }, withDeadline(150)));
    await expect(call()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(call()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    // Open: refused at once, the callee is not called.
    const before = calls.charge;
    const started = performance.now();
    await expect(call()).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('circuit open') });
    expect(performance.now() - started).toBeLessThan(500);
    expect(calls.charge).toBe(before);
    // The callee recovers; after openMs one trial goes through and closes the breaker.
    slowMs = 0;
    await new Promise((resolve) => setTimeout(resolve, 450));
    await expect(call()).resolves.toEqual({ charged: 1 });
    await expect(call()).resolves.toEqual({ charged: 1 });
    expect(calls.charge).toBe(before + 2);
  });

  it('a failed trial opens the breaker again', async () => {
    slowMs = 1_000;
    const client = slowClient({ breaker: { threshold: 1, openMs: 200 } });
    const call = () => callService('payments', () => client.charge.mutate({ n: 1 }, withDeadline(100)));
    await expect(call()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await new Promise((resolve) => setTimeout(resolve, 250));
    await expect(call()).rejects.toMatchObject({ message: 'payments is unavailable: no answer within 100 ms' });
    await expect(call()).rejects.toMatchObject({ message: expect.stringContaining('circuit open') });
  });

  it('bounds the calls in flight (bulkhead): one more fails at once instead of queueing', async () => {
    slowMs = 2_000;
    const client = slowClient({ breaker: false, maxInFlight: 2 });
    const first = client.charge.mutate({ n: 1 });
    const second = client.charge.mutate({ n: 2 });
    const started = performance.now();
    await expect(callService('payments', () => client.charge.mutate({ n: 3 }))).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('calls already in flight'),
    });
    expect(performance.now() - started).toBeLessThan(1_000);
    await expect(Promise.all([first, second])).resolves.toEqual([{ charged: 1 }, { charged: 2 }]);
    // Room again once they answered.
    await expect(client.charge.mutate({ n: 4 })).resolves.toEqual({ charged: 4 });
    slowMs = 0;
  });
});
