import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestKeys, fakeDomain, fakeEventBus, fakePool } from '../testing/fakes.js';
import { loadEnv } from '../platform/index.js';
import { DomainError } from './errors.js';
import { silentLogger } from './logger.js';
import { startService, type RunningService } from './server.js';
import { callService, createServiceClient } from './service-client.js';
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
  });
type StockRouter = ReturnType<typeof createStockRouter>;

let service: RunningService;
let url: string;

beforeAll(async () => {
  const keys = await createTestKeys();
  service = await startService({
    domains: fakeDomain('inventory', createStockRouter),
    port: 0,
    host: '127.0.0.1',
    pool: fakePool(),
    events: fakeEventBus(),
    logger: silentLogger,
    verifier: keys.verifier,
    env: loadEnv({ NODE_ENV: 'test', SERVICE_TOKEN: TOKEN }),
  });
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
