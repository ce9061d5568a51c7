import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SERVICE_NAME_HEADER, SERVICE_TOKEN_HEADER } from '../runtime/context.js';
import { loadEnv } from '../platform/index.js';
import { silentLogger } from '../runtime/logger.js';
import { metricsRegistry } from '../runtime/metrics.js';
import type { RunningService } from '../runtime/server.js';
import { staffProcedure, authedProcedure, internalProcedure, router } from '../runtime/trpc.js';
import { gatewayRouting, startGateway } from '../platform/gateway.js';
import { createTestKeys, domainOf, readJson, startFakeService, type TestKeys } from '../testing/fakes.js';
import type { Gateway, GatewayOptions } from './gateway.js';

const DEFAULT_REST_OWNERS = gatewayRouting().restOwners;

/**
 * The gateway in front of the commerce services: internal (service-to-service) procedures are
 * never routed, clients cannot pass service credentials through, the Stripe webhook reaches
 * payments byte for byte, and writes are never retried by the proxy.
 */

const SERVICE_TOKEN = 'gateway-test-service-token';

/** Looks like inventory: an admin REST read, internal procedures over tRPC and (wrongly) REST. */
const inventoryRouter = () =>
  router({
    get: staffProcedure('orders:read')
      .meta({ openapi: { method: 'GET', path: '/inventory/{sku}' } })
      .input(z.object({ sku: z.string() }))
      .output(z.object({ sku: z.string(), available: z.number() }))
      .query(({ input }) => ({ sku: input.sku, available: 7 })),
    reserve: internalProcedure
      .input(z.object({ sku: z.string() }))
      .output(z.object({ reserved: z.boolean(), by: z.string() }))
      .mutation(({ ctx }) => ({ reserved: true, by: ctx.service })),
    // An internal procedure that (by mistake) carries REST meta must still not be routed.
    adjust: internalProcedure
      .meta({ openapi: { method: 'POST', path: '/inventory/{sku}/adjust' } })
      .input(z.object({ sku: z.string() }))
      .output(z.object({ ok: z.boolean() }))
      .mutation(() => ({ ok: true })),
  });

/** Looks like orders: an authenticated REST create and list. */
const ordersRouter = () =>
  router({
    create: authedProcedure
      .meta({ openapi: { method: 'POST', path: '/orders' }, successStatus: 201 })
      .input(z.object({ note: z.string().optional() }))
      .output(z.object({ id: z.string() }))
      .mutation(() => ({ id: 'o1' })),
    list: authedProcedure
      .meta({ openapi: { method: 'GET', path: '/orders' } })
      .input(z.void())
      .output(z.object({ items: z.array(z.string()) }))
      .query(() => ({ items: [] })),
  });

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** An upstream that records every request (but surface look-ups) with its exact body bytes and answers 200. */
async function recordingUpstream(answer: (req: Seen) => { status: number; body: unknown } = () => ({ status: 200, body: { ok: true } })) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    if (req.url === '/_meta/surface') {
      // A domain the gateway has no static router for: it asks for the surface first.
      res.end(JSON.stringify({ rest: [], trpc: {} }));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      seen.push(entry);
      const { status, body } = answer(entry);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

/** gateway_rate_limited_total of this process (the gateway under test runs in it). */
async function rateLimitedCounted(): Promise<number> {
  const { values } = await metricsRegistry().getSingleMetric('gateway_rate_limited_total')!.get();
  return values.reduce((sum, value) => sum + value.value, 0);
}

describe('gateway: commerce routes', () => {
  let keys: TestKeys;
  let inventory: RunningService;
  let customer: string;
  let admin: string;
  const closers: Array<() => Promise<unknown> | unknown> = [];

  const start = async (overrides: Partial<GatewayOptions>): Promise<Gateway> => {
    const gateway = await startGateway({
      port: 0,
      host: '127.0.0.1',
      logger: silentLogger,
      verifier: keys.verifier,
      routers: { inventory: inventoryRouter(), orders: ordersRouter() },
      upstreams: { inventory: inventory.url('inventory') },
      ...overrides,
    });
    closers.push(() => gateway.stop(1_000));
    return gateway;
  };
  const upstream = async (...args: Parameters<typeof recordingUpstream>) => {
    const started = await recordingUpstream(...args);
    closers.push(() => started.server.close());
    return started;
  };

  beforeAll(async () => {
    keys = await createTestKeys();
    inventory = await startFakeService(domainOf('inventory', async () => ({ router: inventoryRouter() })), keys.verifier, { env: loadEnv({ SERVICE_TOKEN }) });
    closers.push(() => inventory.stop(1_000));
    customer = await keys.sign({ id: 'c1', email: 'demo@omnicart.test', role: 'customer' });
    admin = await keys.sign({ id: 'a1', email: 'admin@omnicart.test', role: 'admin' });
  });
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  it('knows the REST owners of inventory, cart, orders and payments before any surface is loaded', () => {
    expect(DEFAULT_REST_OWNERS).toMatchObject({ inventory: 'inventory', cart: 'cart', orders: 'orders', payments: 'payments' });
  });

  it('answers 404 for internal tRPC procedures, even with a valid service token, alone or in a batch', async () => {
    const gateway = await start({});
    const serviceHeaders = { 'content-type': 'application/json', [SERVICE_TOKEN_HEADER]: SERVICE_TOKEN, [SERVICE_NAME_HEADER]: 'orders' };
    const body = JSON.stringify({ sku: 'SKU-1' });

    // The service itself honours the token: the procedure is reachable service-to-service...
    const direct = await fetch(`${inventory.url('inventory')}/trpc/reserve`, { method: 'POST', headers: serviceHeaders, body });
    expect(direct.status).toBe(200);
    expect((await readJson(direct)).result.data).toEqual({ reserved: true, by: 'orders' });

    // ...but never through the gateway, whoever asks.
    for (const authorization of [undefined, `Bearer ${admin}`]) {
      const headers = { ...serviceHeaders, ...(authorization ? { authorization } : {}) };
      const single = await fetch(`${gateway.url}/trpc/inventory/reserve`, { method: 'POST', headers, body });
      expect(single.status).toBe(404);
      expect((await readJson(single)).error.data).toMatchObject({ domainCode: 'NOT_FOUND', httpStatus: 404 });
    }
    const batch = await fetch(`${gateway.url}/trpc/inventory/get,reserve?batch=1`, {
      method: 'POST',
      headers: { ...serviceHeaders, authorization: `Bearer ${admin}` },
      body: JSON.stringify({ 0: { sku: 'SKU-1' }, 1: { sku: 'SKU-1' } }),
    });
    expect(batch.status).toBe(404);
    expect((await readJson(batch))[1].error.data.domainCode).toBe('NOT_FOUND');
  });

  it('answers 404 for an internal REST route and never forwards it', async () => {
    const recorder = await upstream();
    const gateway = await start({ upstreams: { inventory: recorder.url } });
    const adjust = await fetch(`${gateway.url}/api/v1/inventory/SKU-1/adjust`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}`, [SERVICE_TOKEN_HEADER]: SERVICE_TOKEN },
      body: '{}',
    });
    expect(adjust.status).toBe(404);
    expect((await readJson(adjust)).error.code).toBe('NOT_FOUND');
    expect(recorder.seen).toHaveLength(0);
    // The admin route beside it is routed (and role-checked) as usual.
    expect((await fetch(`${gateway.url}/api/v1/inventory/SKU-1`, { headers: { authorization: `Bearer ${customer}` } })).status).toBe(403);
    expect((await fetch(`${gateway.url}/api/v1/inventory/SKU-1`, { headers: { authorization: `Bearer ${admin}` } })).status).toBe(200);
    expect(recorder.seen.map((s) => s.url)).toEqual(['/api/v1/inventory/SKU-1']);
  });

  it('strips service credentials from client requests and forwards the Idempotency-Key', async () => {
    const orders = await upstream();
    const gateway = await start({ upstreams: { orders: orders.url } });
    const created = await fetch(`${gateway.url}/api/v1/orders`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${customer}`,
        'idempotency-key': 'checkout-7f3a',
        [SERVICE_TOKEN_HEADER]: SERVICE_TOKEN,
        [SERVICE_NAME_HEADER]: 'payments',
      },
      body: JSON.stringify({ note: 'hi' }),
    });
    expect(created.status).toBe(200);
    const trpc = await fetch(`${gateway.url}/trpc/orders/list`, {
      headers: { authorization: `Bearer ${customer}`, [SERVICE_TOKEN_HEADER]: SERVICE_TOKEN, [SERVICE_NAME_HEADER]: 'cart' },
    });
    expect(trpc.status).toBe(200);
    expect(orders.seen.map((s) => `${s.method} ${s.url}`)).toEqual(['POST /api/v1/orders', 'GET /trpc/list']);
    for (const seen of orders.seen) {
      expect(seen.headers[SERVICE_TOKEN_HEADER]).toBeUndefined();
      expect(seen.headers[SERVICE_NAME_HEADER]).toBeUndefined();
    }
    expect(orders.seen[0]?.headers['idempotency-key']).toBe('checkout-7f3a');
    expect(orders.seen[0]?.body.toString()).toBe('{"note":"hi"}');
  });

  it('routes POST /webhooks/stripe to payments with the exact body bytes, exempt from the rate limit', async () => {
    const payments = await upstream();
    const gateway = await start({
      upstreams: { payments: payments.url, inventory: inventory.url('inventory') },
      rateLimit: { perSecond: 1, burst: 1 },
      rateLimitExemptLoopback: false,
    });
    // Odd spacing, key order and non-ASCII: any re-encoding would break Stripe's signature.
    const body = Buffer.from('{"id":"evt_1",  "type":"payment_intent.succeeded","data":{"object":{"description":"caf\u00e9 \u2615"}}}\n', 'utf8');
    const signature = 't=1700000000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd';
    for (let i = 0; i < 3; i++) {
      const delivered = await fetch(`${gateway.url}/webhooks/stripe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': signature },
        body,
      });
      expect(delivered.status).toBe(200);
    }
    expect(payments.seen).toHaveLength(3);
    for (const seen of payments.seen) {
      expect(seen.url).toBe('/webhooks/stripe');
      expect(seen.body.equals(body)).toBe(true);
      expect(seen.headers['stripe-signature']).toBe(signature);
    }
    // Other routes on the same gateway are limited as usual, and the refusal is counted.
    const refusedBefore = await rateLimitedCounted();
    await fetch(`${gateway.url}/api/v1/inventory/SKU-1`);
    expect((await fetch(`${gateway.url}/api/v1/inventory/SKU-1`)).status).toBe(429);
    expect((await rateLimitedCounted()) - refusedBefore).toBe(1);
    // Only POST reaches it.
    expect((await fetch(`${gateway.url}/webhooks/stripe`)).status).toBe(404);
    expect(payments.seen).toHaveLength(3);
  });

  it('never retries a write the upstream dropped (only GET/HEAD are retried)', async () => {
    let attempts = 0;
    const flaky = createServer((req) => {
      attempts++;
      // Cut the connection without answering: the order may or may not have been placed.
      req.socket.destroy();
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    closers.push(() => flaky.close());
    const url = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`;
    const gateway = await start({ upstreams: { orders: url }, breaker: { threshold: 100, openMs: 1 } });

    const post = await fetch(`${gateway.url}/api/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${customer}`, 'idempotency-key': 'k-1' },
      body: '{}',
    });
    expect(post.status).toBe(502);
    expect(attempts).toBe(1);

    attempts = 0;
    const get = await fetch(`${gateway.url}/api/v1/orders`, { headers: { authorization: `Bearer ${customer}` } });
    expect(get.status).toBe(502);
    expect(attempts).toBe(2);
  });

  it('describes the commerce routes on its index page', async () => {
    const gateway = await start({});
    const index = await readJson(await fetch(`${gateway.url}/`));
    expect(index.trpc).toContain('orders');
    expect(index.webhooks).toEqual({ stripe: 'POST /webhooks/stripe' });
    expect(index.openapi).toContain('data/docs/order_service_api.yaml');
  });
});
