import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOMAIN_NAMES, SERVICE_NAMES } from '../platform/index.js';
import { SERVICE_TOKEN_HEADER } from '../runtime/context.js';
import { startCommercePlatform, type CommercePlatform } from './commerce.js';
import { readJson } from './fakes.js';

/** The test platform itself: every service in its own process, reachable through the gateway. */
describe('commerce test platform (every service a separate process)', () => {
  let platform: CommercePlatform;

  beforeAll(async () => {
    platform = await startCommercePlatform({ products: 20 });
  }, 120_000);
  afterAll(async () => {
    await platform?.shutdown();
  });

  it('runs every service as its own process, all healthy behind the gateway', async () => {
    const pids = new Set(Object.values(platform.processes).map((p) => p.child.pid));
    expect(pids.size).toBe(SERVICE_NAMES.length); // every domain, the Stripe simulator and the gateway
    const ready = await fetch(`${platform.gatewayUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect((await readJson(ready)).upstreams).toEqual(Object.fromEntries(DOMAIN_NAMES.map((name) => [name, 'ok'])));
    for (const url of Object.values(platform.urls).filter((u) => u !== platform.urls.stripeSimulator)) {
      expect((await fetch(`${url}/readyz`)).status, url).toBe(200);
    }
    // The simulator answers HTTP (whatever it says to a bare GET).
    expect((await fetch(`${platform.urls.stripeSimulator}/healthz`)).status).toBeLessThan(500);
  });

  it('signs the demo accounts in through the gateway', async () => {
    const customer = await platform.customerToken();
    const me = await fetch(`${platform.gatewayUrl}/api/v1/users/me`, { headers: { authorization: `Bearer ${customer}` } });
    expect(await readJson(me)).toMatchObject({ email: 'demo@omnicart.test', role: 'customer' });
    expect(await platform.customerToken()).toBe(customer);
    const admin = await platform.adminToken();
    expect(admin).not.toBe(customer);
    const products = await fetch(`${platform.gatewayUrl}/api/v1/products?limit=3`);
    expect((await readJson(products)).items).toHaveLength(3);
  });

  it('never lets a client reach an internal procedure, even with a guessed service token', async () => {
    const reserve = await fetch(`${platform.gatewayUrl}/trpc/inventory/reserve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SERVICE_TOKEN_HEADER]: platform.env.SERVICE_TOKEN ?? '' },
      body: JSON.stringify({ reservationId: '6f1c1f0e-3f6e-4d8a-9a57-1e0a4b1f2c3d', lines: [{ sku: 'X', quantity: 1 }] }),
    });
    expect(reserve.status).toBe(404);
  });

  it('completes a checkout across the processes, the payment webhook arriving through the gateway', async () => {
    const products = await readJson(await fetch(`${platform.gatewayUrl}/api/v1/products?limit=1&inStock=true`));
    const product = products.items[0];
    expect(product).toBeDefined();
    const order = await fetch(`${platform.gatewayUrl}/api/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await platform.customerToken()}`, 'idempotency-key': `harness-${Date.now()}` },
      body: JSON.stringify({
        items: [{ productId: product.id, quantity: 1 }],
        shippingAddress: { name: 'Harness', line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' },
        paymentMethod: 'pm_card_visa',
      }),
    });
    expect(order.status).toBe(201);
    expect(await readJson(order)).toMatchObject({ status: 'paid', payment: { status: 'succeeded' } });
    // The simulator delivers payment_intent.succeeded to the gateway's /webhooks/stripe (retrying until acknowledged).
    let delivered = false;
    for (let attempt = 0; attempt < 100 && !delivered; attempt++) {
      const metrics = await (await fetch(`${platform.gatewayUrl}/metrics`)).text();
      delivered = /route="\/webhooks\/stripe",method="POST",status="200"/.test(metrics);
      if (!delivered) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(delivered).toBe(true);
  });

  it('restarts a killed service with extra environment and the gateway sees it again', async () => {
    await platform.kill('cart');
    const down = await fetch(`${platform.gatewayUrl}/readyz`);
    expect(await readJson(down)).toMatchObject({ status: 'degraded', upstreams: { cart: 'unreachable', orders: 'ok' } });
    expect((await fetch(`${platform.gatewayUrl}/api/v1/cart`)).status).toBeGreaterThanOrEqual(502);
    await platform.restart('cart', { LOG_LEVEL: 'error' });
    expect(platform.processes.cart.child.exitCode).toBeNull();
    expect((await readJson(await fetch(`${platform.gatewayUrl}/readyz`))).status).toBe('ok');
  });

  it('registers, logs in and lets only the admin create a product, all across processes', async () => {
    const api = `${platform.gatewayUrl}/api/v1`;
    const json = { 'content-type': 'application/json' };
    const email = `split-${Date.now()}@example.com`;
    const registered = await fetch(`${api}/users/register`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email, password: 'correct-horse-battery', name: 'Split Shopper' }),
    });
    expect(registered.status).toBe(201);
    const customer = await platform.login(email, 'correct-horse-battery');
    const category: string = (await readJson(await fetch(`${api}/products?limit=1`))).items[0].category.slug;
    const product = { sku: `SPLIT-${Date.now()}`, name: 'Split Topology Lamp', description: 'Made in eight processes.', price: { amount: 4999, currency: 'USD' }, category };
    const asCustomer = await fetch(`${api}/products`, { method: 'POST', headers: { ...json, authorization: `Bearer ${customer}` }, body: JSON.stringify(product) });
    expect(asCustomer.status).toBe(403);
    const created = await fetch(`${api}/products`, { method: 'POST', headers: { ...json, authorization: `Bearer ${await platform.adminToken()}` }, body: JSON.stringify(product) });
    expect(created.status).toBe(201);
    expect(await readJson(created)).toMatchObject({ name: 'Split Topology Lamp', price: { amount: 4999, currency: 'USD' } });
  });

  it('refuses a signed-out access token within seconds at the gateway and at another service’s own process', async () => {
    const api = `${platform.gatewayUrl}/api/v1`;
    const json = { 'content-type': 'application/json' };
    const email = `signed-out-${Date.now()}@example.com`;
    await fetch(`${api}/users/register`, { method: 'POST', headers: json, body: JSON.stringify({ email, password: 'correct-horse-battery', name: 'Leaving Shopper' }) });
    const session = await readJson(await fetch(`${api}/users/login`, { method: 'POST', headers: json, body: JSON.stringify({ email, password: 'correct-horse-battery' }) }));
    const bearer = { authorization: `Bearer ${session.accessToken}` };
    // The orders service (its own process) checks the token itself too.
    const ordersDirect = `${platform.urls.orders}/api/v1/orders`;
    expect((await fetch(ordersDirect, { headers: bearer })).status).toBe(200);
    expect((await fetch(`${api}/orders`, { headers: bearer })).status).toBe(200);
    const out = await fetch(`${api}/users/logout`, { method: 'POST', headers: { ...json, ...bearer }, body: JSON.stringify({ refreshToken: session.refreshToken }) });
    expect(out.status).toBe(204);
    // SESSION_CACHE_TTL_MS defaults to 2 s: after it (plus slack for a loaded machine) both refuse.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    for (const url of [ordersDirect, `${api}/orders`]) {
      const refused = await fetch(url, { headers: bearer });
      expect(refused.status, url).toBe(401);
      expect((await readJson(refused)).error.message).toMatch(/revoked/);
    }
  });

  it('stops every process cleanly on SIGTERM (exit 0), and shutdown may be called again', async () => {
    const exitCode = async (name: Parameters<CommercePlatform['stop']>[0]) => {
      const code = await platform.stop(name);
      if (code !== 0) throw new Error(`${name} exited with ${code}:\n${platform.output(name).slice(-3_000)}`);
    };
    await exitCode('gateway');
    await Promise.all((['identity', 'catalog', 'inventory', 'cart', 'orders', 'payments', 'stripe-simulator'] as const).map(exitCode));
    await Promise.all([platform.shutdown(), platform.shutdown()]);
    await platform.shutdown();
    await expect(fetch(`${platform.gatewayUrl}/healthz`)).rejects.toThrow();
  }, 60_000);
});
