import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus } from '../events/index.js';
import { createLogger } from '../runtime/logger.js';
import { startCommercePlatform, type CommercePlatform } from '../testing/commerce.js';
import { eventually } from '../testing/http.test-support.js';

/**
 * Recommendations end to end: every service its own process (the split topology), orders paid
 * through the gateway with the Stripe simulator, the shelves read through the gateway. The jobs run
 * on short intervals (RECS_REFRESH_EVERY 500ms) so "within a minute" is checked in seconds.
 */

let platform: CommercePlatform;
let api: string;

interface Call {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the wire
}

async function call(method: string, path: string, options: { body?: unknown; token?: string | null; key?: string } = {}): Promise<Call> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.key) headers['idempotency-key'] = options.key;
  const response = await fetch(`${api}${path}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const address = { name: 'Ada Lovelace', line1: '12 Analytical Way', city: 'Springfield', postalCode: '12345', country: 'US' };

interface Product {
  id: string;
  sku: string;
  name: string;
}

/** A paid guest order of these products (one of each): a guest cart, then guest checkout. */
async function guestOrder(productIds: string[]): Promise<void> {
  let cartId: string | undefined;
  for (const productId of productIds) {
    const cart = await call('POST', '/cart/items', { body: { ...(cartId ? { cartId } : {}), productId, quantity: 1 } });
    expect(cart.status, JSON.stringify(cart.body)).toBeLessThan(300);
    cartId = cart.body.id;
  }
  const placed = await call('POST', '/orders/guest-checkout', {
    key: randomUUID(),
    body: { cartId, email: `guest-${randomUUID()}@example.com`, shippingAddress: address, paymentMethod: 'pm_card_visa' },
  });
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
}

const ids = (shelf: Call) => (shelf.body.items as Array<{ productId: string }>).map((item) => item.productId);

let products: Product[];

beforeAll(async () => {
  platform = await startCommercePlatform({
    products: 20,
    env: { RECS_REFRESH_EVERY: '500ms', RECS_REBUILD_EVERY: '1h', RECS_MIN_SUPPORT: '2', RECS_CONSUMABLE_CATEGORIES: 'no-such-category' },
  });
  api = `${platform.gatewayUrl}/api/v1`;
  const listed = await call('GET', '/products?limit=12&inStock=true');
  expect(listed.status).toBe(200);
  products = listed.body.items;
  expect(products.length).toBeGreaterThanOrEqual(8);
}, 180_000);

afterAll(async () => {
  if (process.env.DEBUG_RECOMMENDATIONS) console.log(platform?.output('recommendations'));
  await platform?.shutdown();
});

describe('recommendations through the gateway', () => {
  it('gives a cold-start visitor trending, marked fallback', async () => {
    const shelf = await eventually(
      () => call('GET', `/recommendations/for-you?visitorId=${randomUUID()}&limit=5`),
      (answer) => answer.status === 200 && answer.body.items.length === 5,
      'the start rebuild to sync the catalog',
      30_000,
    );
    expect(shelf.body).toMatchObject({ shelf: 'for_you', fallback: true, generatedAt: expect.any(String) });
    expect(shelf.body.items.map((item: { source: string }) => item.source)).toEqual(Array(5).fill('trending'));
    const anonymous = await call('GET', '/recommendations/for-you');
    expect(anonymous.body).toMatchObject({ shelf: 'for_you', fallback: true });
    expect(anonymous.body.items).toHaveLength(8);
    const trending = await call('GET', '/recommendations/trending?limit=3');
    expect(trending.body).toMatchObject({ shelf: 'trending', fallback: false });
    expect(trending.body.items).toHaveLength(3);
    // The start rebuild's category sync keeps the catalog's names (for-you's reasons name categories).
    const { rows: unnamed } = await platform.pool.query('SELECT count(*)::int AS n, count(name)::int AS named FROM recommendations.categories');
    expect(unnamed[0].n).toBeGreaterThan(0);
    expect(unnamed[0].named).toBe(unnamed[0].n);
  }, 60_000);

  it('refuses bad input with 400 and an unknown product with 404', async () => {
    const [product] = products;
    for (const path of [`/recommendations/products/${product!.id}/also-bought?limit=0`, `/recommendations/products/${product!.id}/similar?limit=25`, '/recommendations/products/not-a-uuid/also-bought', '/recommendations/for-you?visitorId=nope', '/recommendations/trending?categoryId=nope']) {
      const answer = await call('GET', path);
      expect(answer.status, path).toBe(400);
      expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await call('POST', '/recommendations/bought-together', { body: { productIds: [] } })).status).toBe(400);
    expect((await call('POST', '/recommendations/bought-together', { body: { productIds: ['x'] } })).status).toBe(400);
    const unknown = await call('GET', `/recommendations/products/${randomUUID()}/also-bought`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    expect((await call('GET', `/recommendations/trending?categoryId=${randomUUID()}`)).status).toBe(404);
  });

  it('co-purchases appear in also-bought and bought-together within a minute; bought items leave for-you; out-of-stock and archived products are never recommended', async () => {
    const [a, b, c, d] = products as [Product, Product, Product, Product];
    // Two guests (two baskets: the minimum support) buy a, b and c together.
    await guestOrder([a.id, b.id, c.id]);
    await guestOrder([a.id, b.id, c.id]);
    const started = Date.now();
    const alsoBought = await eventually(
      () => call('GET', `/recommendations/products/${a.id}/also-bought?limit=4`),
      (answer) =>
        answer.status === 200 &&
        ids(answer).slice(0, 2).sort().join() === [b.id, c.id].sort().join() &&
        answer.body.items.slice(0, 2).every((item: { reason: string; source: string }) => item.reason === 'Bought together by 2 customers' && item.source === 'model'),
      'b and c in a’s also-bought (not as trending fill)',
    );
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(ids(alsoBought)).not.toContain(a.id);

    const together = await call('POST', '/recommendations/bought-together', { body: { productIds: [a.id, b.id], limit: 4 } });
    expect(together.status).toBe(200);
    expect(together.body.shelf).toBe('bought_together');
    expect(ids(together)[0]).toBe(c.id);
    expect(together.body.items[0].reason).toBe('Often bought with 2 items in your cart');
    expect(ids(together)).not.toContain(a.id);
    expect(ids(together)).not.toContain(b.id);

    // The demo customer buys a: for-you follows a's partners (beside the popular products of their taste) and leaves a itself out.
    const token = await platform.customerToken();
    const placed = await call('POST', '/orders', {
      token,
      key: randomUUID(),
      body: { items: [{ productId: a.id, quantity: 1 }], shippingAddress: address, paymentMethod: 'pm_card_visa' },
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const forYou = await eventually(
      () => call('GET', '/recommendations/for-you?limit=24', { token }),
      (answer) =>
        answer.status === 200 &&
        [b.id, c.id].every((id) => answer.body.items.some((item: { productId: string; reason: string }) => item.productId === id && item.reason === `Because you bought ${a.name}`)),
      'b and c in the customer’s for-you because of a (not as trending fill)',
    );
    expect(ids(forYou)).not.toContain(a.id);
    expect(forYou.body.items.every((item: { reason: string }) => item.reason.length > 0)).toBe(true);

    // b out of stock: gone from every shelf, at once (answers filter) and for good.
    await platform.setStock(b.sku, 0);
    await eventually(
      () => call('GET', `/recommendations/products/${a.id}/also-bought?limit=24`),
      (answer) => !ids(answer).includes(b.id),
      'b to leave a’s also-bought',
      20_000,
    );
    // c archived: gone too.
    const archived = await call('DELETE', `/products/${c.id}`, { token: await platform.adminToken() });
    expect(archived.status).toBe(204);
    await eventually(
      () => call('GET', `/recommendations/products/${a.id}/also-bought?limit=24`),
      (answer) => !ids(answer).includes(c.id),
      'c to leave a’s also-bought',
      20_000,
    );
    const shelves = [
      await call('GET', `/recommendations/products/${a.id}/also-bought?limit=24`),
      await call('GET', `/recommendations/products/${d.id}/similar?limit=24`),
      await call('POST', '/recommendations/bought-together', { body: { productIds: [a.id], limit: 24 } }),
      await call('GET', '/recommendations/for-you?limit=24', { token }),
      await call('GET', '/recommendations/trending?limit=24'),
    ];
    for (const shelf of shelves) {
      expect(shelf.status).toBe(200);
      expect(ids(shelf)).not.toContain(b.id);
      expect(ids(shelf)).not.toContain(c.id);
      expect(shelf.body.items.length).toBeGreaterThan(0);
    }
    // The product pages of b and c still answer (their shelves), they are just never recommended.
    expect((await call('GET', `/recommendations/products/${b.id}/similar`)).status).toBe(200);
  }, 180_000);

  it('learns co-views, a visitor’s history and the visitor→customer link from analytics’ interactions (a redelivered event counted once)', async () => {
    const [, , , , d, e] = products as Product[];
    const bus = await createEventBus({ pool: platform.pool, logger: createLogger({ level: 'silent' }) });
    try {
      const at = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1_000).toISOString();
      const view = (productId: string, visitorId: string, sessionId: string, secondsAgo: number) => ({
        eventId: randomUUID(),
        kind: 'product_view' as const,
        productId,
        visitorId,
        sessionId,
        customerId: null,
        occurredAt: at(secondsAgo),
      });
      const recorded = (interactions: unknown[], links: Array<{ visitorId: string; customerId: string }> = []) => {
        const batchId = randomUUID();
        return {
          id: randomUUID(),
          type: 'analytics.interactions_recorded',
          version: 1,
          source: 'analytics',
          occurredAt: new Date().toISOString(),
          aggregateId: batchId,
          data: { batchId, interactions, links },
        };
      };
      // Two sessions view d and e together; the first event arrives twice.
      const [v1, s1, v2, s2] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      const first = recorded([view(d!.id, v1, s1, 60), view(e!.id, v1, s1, 50)]);
      await bus.publish([first, recorded([view(d!.id, v2, s2, 40), view(e!.id, v2, s2, 30)])]);
      await bus.publish([first]);
      const alsoViewed = await eventually(
        () => call('GET', `/recommendations/products/${d!.id}/also-bought?limit=4`),
        (answer) => answer.body.items[0]?.productId === e!.id,
        'e in d’s also-bought from co-views',
      );
      expect(alsoViewed.body.items[0].reason).toBe('Viewed together in 2 sessions');
      // A returning visitor who viewed d gets e for them.
      const visitor = randomUUID();
      await bus.publish([recorded([view(d!.id, visitor, randomUUID(), 10)])]);
      const forVisitor = await eventually(
        () => call('GET', `/recommendations/for-you?visitorId=${visitor}&limit=24`),
        (answer) => answer.body.items.some((item: { productId: string; reason: string }) => item.productId === e!.id && item.reason === `Because you viewed ${d!.name}`),
        'e in the visitor’s for-you because of d',
      );
      expect(forVisitor.body).toMatchObject({ shelf: 'for_you' });
      // The visitor signs in as the demo customer: the account's for-you now includes the visitor's views.
      const token = await platform.customerToken();
      const customerId = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;
      await bus.publish([recorded([], [{ visitorId: visitor, customerId }])]);
      await eventually(
        () => call('GET', '/recommendations/for-you?limit=24', { token }),
        (answer) => answer.body.items.some((item: { productId: string; reason: string }) => item.productId === e!.id && item.reason === `Because you viewed ${d!.name}`),
        'e in the signed-in customer’s for-you through the linked visitor',
      );
    } finally {
      await bus.close();
    }
  }, 120_000);
});
