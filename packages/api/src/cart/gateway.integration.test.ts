import { createTRPCClient, httpLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_TOKEN_HEADER } from '../runtime/context.js';
import { startCommercePlatform, type CommercePlatform } from '../testing/commerce.js';
import type { CartRouter } from './index.js';

// The cart as a client meets it: through the gateway, with every service (cart, catalog,
// inventory, identity...) in its own process. Needs the built package (npm run build -w @omnicart/api).

let platform: CommercePlatform;
let api: string;
let products: Array<{ id: string; sku: string; price: { amount: number } }>;

async function call(method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${api}${path}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null, text };
}

beforeAll(async () => {
  platform = await startCommercePlatform({ products: 20 });
  api = `${platform.gatewayUrl}/api/v1`;
  products = (await call('GET', '/products?limit=10&sort=name')).body.items;
  expect(products.length).toBe(10);
}, 180_000);

afterAll(async () => {
  await platform?.shutdown();
});

describe('cart through the gateway (services as separate processes)', () => {
  it('guest flow: create, read (never cached), add, update, remove, clear', async () => {
    const [a, b] = products;
    const created = await call('POST', '/cart/items', { body: { productId: a!.id, quantity: 1 } });
    expect(created.status, created.text).toBe(200);
    const cartId = created.body.id as string;
    expect(cartId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(created.body.items[0]).toMatchObject({ productId: a!.id, unitPrice: a!.price.amount, issue: null });

    const read = await call('GET', `/cart?cartId=${cartId}`);
    expect(read.status).toBe(200);
    expect(read.headers.get('cache-control')).toMatch(/no-store/);
    await call('POST', '/cart/items', { body: { cartId, productId: a!.id, quantity: 2 } });
    // The gateway's micro-cache must not serve the earlier answer
    expect((await call('GET', `/cart?cartId=${cartId}`)).body.items[0].quantity).toBe(3);

    await call('POST', '/cart/items', { body: { cartId, productId: b!.id } });
    expect((await call('PUT', `/cart/items/${b!.id}`, { body: { cartId, quantity: 4 } })).body.itemCount).toBe(7);
    expect((await call('DELETE', `/cart/items/${a!.id}?cartId=${cartId}`)).body.items).toHaveLength(1);
    expect((await call('DELETE', `/cart?cartId=${cartId}`)).body.items).toEqual([]);
  });

  it('customer flow, merge on sign-in, IDOR and 400s', async () => {
    const token = await platform.customerToken();
    const [a, b] = [products[2]!, products[3]!];
    const own = await call('POST', '/cart/items', { token, body: { productId: a.id, quantity: 2 } });
    expect(own.status, own.text).toBe(200);
    expect(own.body.customerId).toEqual(expect.any(String));

    const guestId = (await call('POST', '/cart/items', { body: { productId: b.id, quantity: 3 } })).body.id as string;
    await call('POST', '/cart/items', { body: { cartId: guestId, productId: a.id, quantity: 1 } });
    expect((await call('POST', '/cart/merge', { body: { guestCartId: guestId } })).status).toBe(401);
    const merged = await call('POST', '/cart/merge', { token, body: { guestCartId: guestId } });
    expect(merged.status, merged.text).toBe(200);
    const quantities = Object.fromEntries(merged.body.items.map((i: { productId: string; quantity: number }) => [i.productId, i.quantity]));
    expect(quantities).toMatchObject({ [a.id]: 3, [b.id]: 3 });
    expect((await call('POST', '/cart/merge', { token, body: { guestCartId: guestId } })).body.items).toEqual(merged.body.items);

    // The customer's cart id is useless to anyone else
    expect((await call('GET', `/cart?cartId=${own.body.id}`)).status).toBe(404);
    const admin = await platform.adminToken();
    expect((await call('POST', '/cart/items', { token: admin, body: { cartId: own.body.id, productId: a.id } })).status).toBe(404);
    expect((await call('POST', '/cart/merge', { token: admin, body: { guestCartId: own.body.id } })).status).toBe(404);

    expect((await call('POST', '/cart/items', { token, body: { productId: a.id, quantity: 100 } })).status).toBe(400);
    expect((await call('POST', '/cart/items', { token, body: { productId: 'nope', quantity: 1 } })).status).toBe(400);
    await call('DELETE', '/cart', { token });
  });

  it('shows a price changed in catalog on the next read', async () => {
    const product = products[4]!;
    const cartId = (await call('POST', '/cart/items', { body: { productId: product.id, quantity: 2 } })).body.id as string;
    const newPrice = product.price.amount + 500;
    const admin = await platform.adminToken();
    const updated = await call('PUT', `/products/${product.id}`, { token: admin, body: { price: { amount: newPrice, currency: 'USD' } } });
    expect(updated.status, updated.text).toBe(200);
    const cart = (await call('GET', `/cart?cartId=${cartId}`)).body;
    expect(cart.items[0]).toMatchObject({ unitPrice: newPrice, lineTotal: newPrice * 2 });
  });

  it('20 parallel adds to one line through the gateway all count', async () => {
    const product = products[5]!;
    const cartId = (await call('POST', '/cart/items', { body: { productId: product.id } })).body.id as string;
    const answers = await Promise.all(Array.from({ length: 19 }, () => call('POST', '/cart/items', { body: { cartId, productId: product.id } })));
    expect(answers.map((a) => a.status)).toEqual(Array(19).fill(200));
    expect((await call('GET', `/cart?cartId=${cartId}`)).body.items[0].quantity).toBe(20);
  });

  it('tRPC through the gateway; internal procedures are never routed', async () => {
    const client = createTRPCClient<CartRouter>({ links: [httpLink({ url: `${platform.gatewayUrl}/trpc/cart` })] });
    const cart = await client.addItem.mutate({ productId: products[6]!.id, quantity: 2 });
    expect((await client.get.query({ cartId: cart.id! })).itemCount).toBe(2);
    for (const path of ['forCheckout', 'markCheckedOut']) {
      const response = await fetch(`${platform.gatewayUrl}/trpc/cart/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SERVICE_TOKEN_HEADER]: platform.env.SERVICE_TOKEN ?? '' },
        body: JSON.stringify({ cartId: cart.id, orderId: '6f1c1f0e-3f6e-4d8a-9a57-1e0a4b1f2c3d' }),
      });
      expect(response.status, path).toBe(404);
    }
  });
});
