import { randomUUID } from 'node:crypto';
import { TRPCClientError, createTRPCClient, httpLink, type TRPCClient } from '@trpc/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrateDomain } from '@omnicart/db';
import { createTestDatabase, type TestDatabase } from '@omnicart/db/testing';
import type { EventBus } from '../events/index.js';
import type { AuthUser } from '../runtime/auth.js';
import { loadEnv } from '../platform/index.js';
import { DomainError } from '../runtime/errors.js';
import { createLogger } from '../runtime/logger.js';
import { startService, type RunningService } from '../runtime/server.js';
import { callService, createServiceClient } from '../runtime/service-client.js';
import { createTestKeys, type TestKeys } from '../testing/fakes.js';
import type { CartRouter } from './index.js';
import { expectDeclared, outboxRows } from '../testing/outbox.test-support.js';
import { cartEvents } from './events.js';
import { createCartDomain } from './index.js';
import type { PricedProduct, ProductPricing } from './clients.js';
import { createCartDb, createCartRepository, type CartDb } from './repository.js';
import { createCartService } from './service.js';
import { expectError, jsonRequest, type JsonResponse } from '../testing/http.test-support.js';

// The cart service on real PostgreSQL, called over HTTP (REST and tRPC) exactly as the gateway
// and other services call it. Prices come from a controllable fake catalog here; the
// catalog-backed run is in catalog-pricing.integration.test.ts.

const ALICE: AuthUser = { id: randomUUID(), email: 'alice@omnicart.test', role: 'customer', staffRole: null, permissions: [] };
const BOB: AuthUser = { id: randomUUID(), email: 'bob@omnicart.test', role: 'customer', staffRole: null, permissions: [] };

/** A catalog double whose products a test can change between calls. */
class FakeCatalog implements ProductPricing {
  readonly products = new Map<string, PricedProduct>();
  down = false;

  add(overrides: Partial<PricedProduct> = {}): PricedProduct {
    const id = overrides.id ?? randomUUID();
    const product: PricedProduct = {
      id,
      sku: `SKU-${id.slice(0, 8)}`,
      slug: `product-${id.slice(0, 8)}`,
      name: `Product ${id.slice(0, 8)}`,
      priceAmount: 1_000,
      currency: 'USD',
      status: 'active',
      image: `/images/products/product-${id.slice(0, 8)}.svg`,
      inStock: true,
      available: 500,
      maxPerOrder: null,
      maxPerCustomer: null,
      categoryId: randomUUID(),
      ...overrides,
    };
    this.products.set(id, product);
    return product;
  }

  update(id: string, changes: Partial<PricedProduct>): void {
    this.products.set(id, { ...this.products.get(id)!, ...changes });
  }

  async byIds(ids: string[]): Promise<PricedProduct[]> {
    if (this.down) throw new DomainError('UNAVAILABLE', 'catalog is unavailable: connection refused');
    return ids.flatMap((id) => this.products.get(id) ?? []);
  }
}

const noEvents: EventBus = {
  kind: 'postgres',
  publish: async () => undefined,
  subscribe: async () => ({ stop: async () => undefined }),
  close: async () => undefined,
};

let database: TestDatabase;
let db: CartDb;
let service: RunningService;
let keys: TestKeys;
let catalog: FakeCatalog;
let url: string;
let api: string;
let aliceToken: string;
let bobToken: string;
const env = loadEnv({ ...process.env, LOG_LEVEL: 'silent' });

type Json = JsonResponse;

function rest(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<Json> {
  return jsonRequest(api, method, path, options);
}

const trpc = (token?: string): TRPCClient<CartRouter> =>
  createTRPCClient<CartRouter>({
    links: [httpLink({ url: `${url}/trpc`, headers: () => (token ? { authorization: `Bearer ${token}` } : {}) })],
  });

/** The HTTP status a tRPC call failed with. */
async function trpcStatus(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCClientError);
    return ((error as TRPCClientError<CartRouter>).data as { httpStatus: number }).httpStatus;
  }
  throw new Error('expected the call to fail');
}

const internal = () =>
  createServiceClient<CartRouter>({ url: () => url, caller: 'orders', token: env.SERVICE_TOKEN, timeoutMs: env.SERVICE_CALL_TIMEOUT_MS });

/** A new guest cart holding `quantity` of `productId`; returns its id. */
async function guestCart(productId: string, quantity = 1): Promise<string> {
  const response = await rest('POST', '/cart/items', { body: { productId, quantity } });
  expect(response.status, response.text).toBe(200);
  return response.body.id as string;
}

async function cartRow(token: string) {
  const { rows } = await database.pool.query<{ status: string; customer_id: string | null; open_customer_id: string | null; order_id: string | null; expires_at: Date | null }>(
    'SELECT status::text, customer_id::text, open_customer_id::text, order_id::text, expires_at FROM cart.carts WHERE token = $1',
    [token],
  );
  return rows[0];
}

beforeAll(async () => {
  database = await createTestDatabase('cart', { poolMax: 10 });
  await migrateDomain(database.pool, 'cart');
  db = createCartDb(database.pool);
  keys = await createTestKeys();
  catalog = new FakeCatalog();
  service = await startService({
    domains: await createCartDomain({ pricing: () => catalog, sweepIntervalMs: 0 }),
    host: '127.0.0.1',
    pool: database.pool,
    logger: createLogger({ level: 'silent' }),
    verifier: keys.verifier,
    env,
    events: noEvents,
  });
  url = service.url('cart');
  api = `${url}/api/v1`;
  aliceToken = await keys.sign(ALICE);
  bobToken = await keys.sign(BOB);
});

afterAll(async () => {
  await service?.stop(1_000);
  await db?.$disconnect();
  await database?.drop();
});

beforeEach(() => {
  catalog.down = false;
});

describe('guest cart over REST', () => {
  it("caps a line at the product's maxPerOrder, also across concurrent adds (400 naming the limit)", async () => {
    const product = catalog.add({ name: 'Limited Sneaker', maxPerOrder: 3 });
    expect((await rest('POST', '/cart/items', { body: { productId: product.id, quantity: 4 } })).status).toBe(400);
    const created = await rest('POST', '/cart/items', { body: { productId: product.id, quantity: 1 } });
    expect(created.body.items[0]).toMatchObject({ quantity: 1, maxQuantity: 3 });
    const cartId = created.body.id as string;
    const adds = await Promise.all([0, 1, 2, 3].map(() => rest('POST', '/cart/items', { body: { cartId, productId: product.id, quantity: 1 } })));
    expect(adds.map((a) => a.status).sort()).toEqual([200, 200, 400, 400]);
    const refused = adds.find((a) => a.status === 400)!;
    expect(refused.body.error).toMatchObject({ message: expect.stringMatching(/limited to 3 per order/), details: { productId: product.id, maxQuantity: 3, currentQuantity: 3 } });
    expect((await rest('GET', `/cart?cartId=${cartId}`)).body.items[0].quantity).toBe(3);
    expect((await rest('PUT', `/cart/items/${product.id}`, { body: { cartId, quantity: 4 } })).status).toBe(400);
  });

  it('first add creates a cart with an unguessable id; later calls address it by that id', async () => {
    const product = catalog.add({ priceAmount: 1_999 });
    const created = await rest('POST', '/cart/items', { body: { productId: product.id, quantity: 2 } });
    expect(created.status, created.text).toBe(200);
    expect(created.body).toMatchObject({ id: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/), customerId: null, subtotal: 3_998, itemCount: 2, currency: 'USD' });
    expect(created.body.items).toEqual([
      {
        productId: product.id,
        sku: product.sku,
        name: product.name,
        slug: product.slug,
        image: product.image,
        unitPrice: 1_999,
        quantity: 2,
        lineTotal: 3_998,
        available: 500,
        maxQuantity: 99, // issue #10: the line's cap (lower for a product with maxPerOrder)
        issue: null,
      },
    ]);
    const cartId = created.body.id as string;
    expect((await rest('GET', `/cart?cartId=${cartId}`)).body).toEqual(created.body);
    expect((await cartRow(cartId))?.expires_at).toBeInstanceOf(Date);

    // add sums, update sets, remove drops, clear empties
    const added = await rest('POST', '/cart/items', { body: { cartId, productId: product.id, quantity: 3 } });
    expect(added.body.items[0].quantity).toBe(5);
    const second = catalog.add({ priceAmount: 500 });
    await rest('POST', '/cart/items', { body: { cartId, productId: second.id } });
    const updated = await rest('PUT', `/cart/items/${product.id}`, { body: { cartId, quantity: 1 } });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body.items.map((i: { productId: string; quantity: number }) => [i.productId, i.quantity])).toEqual([
      [product.id, 1],
      [second.id, 1],
    ]);
    expect(updated.body.subtotal).toBe(2_499);
    const removed = await rest('DELETE', `/cart/items/${product.id}?cartId=${cartId}`);
    expect(removed.status, removed.text).toBe(200);
    expect(removed.body.items.map((i: { productId: string }) => i.productId)).toEqual([second.id]);
    // removing again changes nothing
    expect((await rest('DELETE', `/cart/items/${product.id}?cartId=${cartId}`)).body.items).toHaveLength(1);
    const cleared = await rest('DELETE', `/cart?cartId=${cartId}`);
    expect(cleared.status, cleared.text).toBe(200);
    expect(cleared.body).toMatchObject({ id: cartId, items: [], subtotal: 0, itemCount: 0 });
  });

  it('a guest without a cart id sees an empty cart with id null', async () => {
    const response = await rest('GET', '/cart');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: null, customerId: null, items: [], subtotal: 0, currency: 'USD', itemCount: 0, updatedAt: null });
  });

  it('an unknown or malformed cart id is 404 / 400', async () => {
    expectError(await rest('GET', '/cart?cartId=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'), 404, 'NOT_FOUND');
    expectError(await rest('GET', '/cart?cartId=not%20a%20cart!'), 400, 'VALIDATION_FAILED');
    const product = catalog.add();
    expectError(await rest('POST', '/cart/items', { body: { cartId: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', productId: product.id } }), 404, 'NOT_FOUND');
    expectError(await rest('PUT', `/cart/items/${product.id}`, { body: { cartId: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', quantity: 1 } }), 404, 'NOT_FOUND');
  });

  it('updating a product that is not in the cart is 404', async () => {
    const cartId = await guestCart(catalog.add().id);
    expectError(await rest('PUT', `/cart/items/${randomUUID()}`, { body: { cartId, quantity: 2 } }), 404, 'NOT_FOUND');
  });
});

describe('guest cart over tRPC', () => {
  it('add, update, remove, clear and get', async () => {
    const client = trpc();
    const a = catalog.add({ priceAmount: 300 });
    const b = catalog.add({ priceAmount: 700 });
    const created = await client.addItem.mutate({ productId: a.id, quantity: 1 });
    const cartId = created.id!;
    await client.addItem.mutate({ cartId, productId: b.id, quantity: 2 });
    expect((await client.updateItem.mutate({ cartId, productId: a.id, quantity: 4 })).subtotal).toBe(4 * 300 + 2 * 700);
    expect((await client.removeItem.mutate({ cartId, productId: b.id })).items.map((i) => i.productId)).toEqual([a.id]);
    expect((await client.get.query({ cartId })).itemCount).toBe(4);
    expect((await client.clear.mutate({ cartId })).items).toEqual([]);
    expect((await client.get.query()).id).toBeNull();
  });
});

describe('customer cart', () => {
  it('is found by the signed-in customer (created on first add) and is invisible to everyone else', async () => {
    const customer: AuthUser = { id: randomUUID(), email: 'carol@omnicart.test', role: 'customer', staffRole: null, permissions: [] };
    const token = await keys.sign(customer);
    expect((await rest('GET', '/cart', { token })).body).toMatchObject({ id: null, customerId: customer.id, items: [] });
    const product = catalog.add();
    const added = await rest('POST', '/cart/items', { token, body: { productId: product.id, quantity: 2 } });
    expect(added.status, added.text).toBe(200);
    expect(added.body.customerId).toBe(customer.id);
    const cartId = added.body.id as string;
    expect((await rest('GET', '/cart', { token })).body.id).toBe(cartId);
    // The owner may also name it
    expect((await rest('GET', `/cart?cartId=${cartId}`, { token })).status).toBe(200);

    // IDOR: a guest or another customer holding the id gets 404 on every procedure
    for (const caller of [undefined, bobToken]) {
      const as = caller ? { token: caller } : {};
      expectError(await rest('GET', `/cart?cartId=${cartId}`, as), 404, 'NOT_FOUND');
      expectError(await rest('POST', '/cart/items', { ...as, body: { cartId, productId: product.id } }), 404, 'NOT_FOUND');
      expectError(await rest('PUT', `/cart/items/${product.id}`, { ...as, body: { cartId, quantity: 9 } }), 404, 'NOT_FOUND');
      expectError(await rest('DELETE', `/cart/items/${product.id}?cartId=${cartId}`, as), 404, 'NOT_FOUND');
      expectError(await rest('DELETE', `/cart?cartId=${cartId}`, as), 404, 'NOT_FOUND');
      expect(await trpcStatus(trpc(caller).get.query({ cartId }))).toBe(404);
      expect(await trpcStatus(trpc(caller).clear.mutate({ cartId }))).toBe(404);
    }
    // ... and bob's own cart is not carol's
    expect((await rest('GET', '/cart', { token: bobToken })).body.id).not.toBe(cartId);
    const after = await rest('GET', '/cart', { token });
    expect(after.body.items).toEqual([expect.objectContaining({ productId: product.id, quantity: 2 })]);
  });

  it('concurrent first adds by one customer end in one cart holding every line', async () => {
    const customer: AuthUser = { id: randomUUID(), email: 'dave@omnicart.test', role: 'customer', staffRole: null, permissions: [] };
    const token = await keys.sign(customer);
    const products = Array.from({ length: 10 }, () => catalog.add());
    const answers = await Promise.all(products.map((p) => rest('POST', '/cart/items', { token, body: { productId: p.id } })));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect((await rest('GET', '/cart', { token })).body.items).toHaveLength(10);
    const { rows } = await database.pool.query('SELECT count(*)::int AS n FROM cart.carts WHERE customer_id = $1', [customer.id]);
    expect(rows[0].n).toBe(1);
  });
});

describe('limits', () => {
  it.each([
    ['quantity 0', { quantity: 0 }],
    ['quantity 100', { quantity: 100 }],
    ['quantity -1', { quantity: -1 }],
    ['quantity 1.5', { quantity: 1.5 }],
    ['quantity "2"', { quantity: '2' }],
    ['productId not a uuid', { productId: 'abc' }],
  ])('400 for %s', async (_name, override) => {
    const response = await rest('POST', '/cart/items', { body: { productId: catalog.add().id, quantity: 1, ...override } });
    expectError(response, 400, 'VALIDATION_FAILED');
  });

  it('400 for updates outside 1-99 and a non-uuid product path', async () => {
    const product = catalog.add();
    const cartId = await guestCart(product.id);
    expectError(await rest('PUT', `/cart/items/${product.id}`, { body: { cartId, quantity: 0 } }), 400, 'VALIDATION_FAILED');
    expectError(await rest('PUT', `/cart/items/${product.id}`, { body: { cartId, quantity: 100 } }), 400, 'VALIDATION_FAILED');
    expectError(await rest('PUT', '/cart/items/not-a-uuid', { body: { cartId, quantity: 1 } }), 400, 'VALIDATION_FAILED');
    expectError(await rest('DELETE', `/cart/items/not-a-uuid?cartId=${cartId}`), 400, 'VALIDATION_FAILED');
  });

  it('an add that would take a line past 99 is 400 and leaves the line as it was', async () => {
    const product = catalog.add();
    const cartId = await guestCart(product.id, 60);
    const response = await rest('POST', '/cart/items', { body: { cartId, productId: product.id, quantity: 40 } });
    expectError(response, 400, 'VALIDATION_FAILED');
    expect(response.body.error.message).toMatch(/at most 99/);
    expect(response.body.error.details).toEqual({ maxQuantity: 99, currentQuantity: 60 });
    expect((await rest('GET', `/cart?cartId=${cartId}`)).body.items[0].quantity).toBe(60);
    expect((await rest('POST', '/cart/items', { body: { cartId, productId: product.id, quantity: 39 } })).body.items[0].quantity).toBe(99);
  });

  it('the 101st product is 400 with a message; adding to an existing line still works', async () => {
    const first = catalog.add();
    const cartId = await guestCart(first.id);
    for (let i = 1; i < 100; i++) {
      expect((await rest('POST', '/cart/items', { body: { cartId, productId: catalog.add().id } })).status).toBe(200);
    }
    const refused = await rest('POST', '/cart/items', { body: { cartId, productId: catalog.add().id } });
    expectError(refused, 400, 'VALIDATION_FAILED');
    expect(refused.body.error.message).toMatch(/at most 100/);
    const more = await rest('POST', '/cart/items', { body: { cartId, productId: first.id, quantity: 2 } });
    expect(more.status, more.text).toBe(200);
    expect(more.body.items).toHaveLength(100);
  });

  it('unknown and draft products are 404, archived ones 409', async () => {
    expectError(await rest('POST', '/cart/items', { body: { productId: randomUUID() } }), 404, 'NOT_FOUND');
    expectError(await rest('POST', '/cart/items', { body: { productId: catalog.add({ status: 'draft' }).id } }), 404, 'NOT_FOUND');
    expectError(await rest('POST', '/cart/items', { body: { productId: catalog.add({ status: 'archived' }).id } }), 409, 'CONFLICT');
  });
});

describe('concurrency', () => {
  it('20 parallel +1 on one line all count', async () => {
    const product = catalog.add();
    const first = await rest('POST', '/cart/items', { body: { productId: product.id } });
    const cartId = first.body.id as string;
    const answers = await Promise.all(Array.from({ length: 19 }, () => rest('POST', '/cart/items', { body: { cartId, productId: product.id } })));
    expect(answers.map((a) => a.status)).toEqual(Array(19).fill(200));
    expect((await rest('GET', `/cart?cartId=${cartId}`)).body.items[0].quantity).toBe(20);
  });

  it('parallel adds near the 99 cap: exactly the ones that fit succeed', async () => {
    const product = catalog.add();
    const cartId = await guestCart(product.id, 90);
    const answers = await Promise.all(Array.from({ length: 20 }, () => trpc().addItem.mutate({ cartId, productId: product.id, quantity: 1 }).then(() => 200, (e: TRPCClientError<CartRouter>) => (e.data as { httpStatus: number }).httpStatus)));
    expect(answers.filter((s) => s === 200)).toHaveLength(9);
    expect(answers.filter((s) => s === 400)).toHaveLength(11);
    expect((await rest('GET', `/cart?cartId=${cartId}`)).body.items[0].quantity).toBe(99);
  });

  it('parallel adds of new products near the 100-line cap: the cart ends with exactly 100 lines', async () => {
    const cartId = await guestCart(catalog.add().id);
    for (let i = 1; i < 95; i++) await rest('POST', '/cart/items', { body: { cartId, productId: catalog.add().id } });
    const answers = await Promise.all(Array.from({ length: 20 }, () => rest('POST', '/cart/items', { body: { cartId, productId: catalog.add().id } })));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
    expect(answers.filter((a) => a.status === 400)).toHaveLength(15);
    const { rows } = await database.pool.query('SELECT count(*)::int AS n FROM cart.cart_lines l JOIN cart.carts c ON c.id = l.cart_id WHERE c.token = $1', [cartId]);
    expect(rows[0].n).toBe(100);
  });
});

describe('merge on sign-in', () => {
  it('sums quantities (capped at 99), adds the guest’s other lines, closes the guest cart; merging again changes nothing', async () => {
    const customer: AuthUser = { id: randomUUID(), email: 'erin@omnicart.test', role: 'customer', staffRole: null, permissions: [] };
    const token = await keys.sign(customer);
    const [a, b, c] = [catalog.add({ priceAmount: 100 }), catalog.add({ priceAmount: 200 }), catalog.add({ priceAmount: 300 })];
    await rest('POST', '/cart/items', { token, body: { productId: b.id, quantity: 5 } });
    await rest('POST', '/cart/items', { token, body: { productId: c.id, quantity: 1 } });
    const guestId = await guestCart(a.id, 2);
    await rest('POST', '/cart/items', { body: { cartId: guestId, productId: b.id, quantity: 98 } });

    const merged = await rest('POST', '/cart/merge', { token, body: { guestCartId: guestId } });
    expect(merged.status, merged.text).toBe(200);
    const quantities = Object.fromEntries(merged.body.items.map((i: { productId: string; quantity: number }) => [i.productId, i.quantity]));
    expect(quantities).toEqual({ [a.id]: 2, [b.id]: 99, [c.id]: 1 });
    expect(merged.body.customerId).toBe(customer.id);
    expect(merged.body.id).not.toBe(guestId);
    expect(await cartRow(guestId)).toMatchObject({ status: 'merged', customer_id: customer.id, open_customer_id: null });

    // The guest id no longer works as a cart
    expectError(await rest('GET', `/cart?cartId=${guestId}`), 404, 'NOT_FOUND');
    expectError(await rest('POST', '/cart/items', { body: { cartId: guestId, productId: a.id } }), 404, 'NOT_FOUND');

    // Idempotent: again (also concurrently) → the same cart, unchanged
    const again = await Promise.all([0, 1, 2].map(() => rest('POST', '/cart/merge', { token, body: { guestCartId: guestId } })));
    for (const answer of again) {
      expect(answer.status, answer.text).toBe(200);
      expect(answer.body.items).toEqual(merged.body.items);
    }
    // Another customer cannot merge (or learn anything about) it
    expectError(await rest('POST', '/cart/merge', { token: bobToken, body: { guestCartId: guestId } }), 404, 'NOT_FOUND');
  });

  it('concurrent merges of one guest cart by one customer count its lines once', async () => {
    const customer: AuthUser = { id: randomUUID(), email: 'fay@omnicart.test', role: 'customer', staffRole: null, permissions: [] };
    const token = await keys.sign(customer);
    const product = catalog.add();
    const guestId = await guestCart(product.id, 3);
    const answers = await Promise.all(Array.from({ length: 5 }, () => trpc(token).merge.mutate({ guestCartId: guestId })));
    for (const answer of answers) expect(answer.items).toEqual([expect.objectContaining({ productId: product.id, quantity: 3 })]);
  });

  it("another customer's cart is 404 and stays untouched; a guest cart two customers race for goes to one", async () => {
    const product = catalog.add();
    await rest('POST', '/cart/items', { token: aliceToken, body: { productId: product.id, quantity: 4 } });
    const aliceCart = (await rest('GET', '/cart', { token: aliceToken })).body;
    expectError(await rest('POST', '/cart/merge', { token: bobToken, body: { guestCartId: aliceCart.id } }), 404, 'NOT_FOUND');
    expect((await rest('GET', '/cart', { token: aliceToken })).body.items).toEqual(aliceCart.items);

    const guestId = await guestCart(product.id, 1);
    const race = await Promise.all([aliceToken, bobToken].map((t) => rest('POST', '/cart/merge', { token: t, body: { guestCartId: guestId } })));
    expect(race.map((r) => r.status).sort()).toEqual([200, 404]);
  });

  it('needs a signed-in customer (401), a valid id (400), and refuses a checked-out cart (409); merging one’s own cart is a no-op', async () => {
    const product = catalog.add();
    const guestId = await guestCart(product.id);
    expectError(await rest('POST', '/cart/merge', { body: { guestCartId: guestId } }), 401, 'UNAUTHORIZED');
    expectError(await rest('POST', '/cart/merge', { token: aliceToken, body: { guestCartId: '' } }), 400, 'VALIDATION_FAILED');
    expectError(await rest('POST', '/cart/merge', { token: aliceToken, body: { guestCartId: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } }), 404, 'NOT_FOUND');

    await callService('cart', () => internal().markCheckedOut.mutate({ cartId: guestId, orderId: randomUUID() }));
    expectError(await rest('POST', '/cart/merge', { token: aliceToken, body: { guestCartId: guestId } }), 409, 'INVALID_STATE');

    const own = (await rest('GET', '/cart', { token: aliceToken })).body;
    const noop = await rest('POST', '/cart/merge', { token: aliceToken, body: { guestCartId: own.id } });
    expect(noop.status, noop.text).toBe(200);
    expect(noop.body.items).toEqual(own.items);
  });

  it('a customer without a cart gets one holding the guest lines', async () => {
    const customer: AuthUser = { id: randomUUID(), email: 'gus@omnicart.test', role: 'customer', staffRole: null, permissions: [] };
    const token = await keys.sign(customer);
    const product = catalog.add();
    const guestId = await guestCart(product.id, 7);
    const merged = await trpc(token).merge.mutate({ guestCartId: guestId });
    expect(merged).toMatchObject({ customerId: customer.id, items: [expect.objectContaining({ productId: product.id, quantity: 7 })] });
    expect((await trpc(token).get.query()).id).toBe(merged.id);
  });
});

describe('pricing and flagged lines', () => {
  it('always shows the current price', async () => {
    const product = catalog.add({ priceAmount: 1_000 });
    const cartId = await guestCart(product.id, 3);
    catalog.update(product.id, { priceAmount: 1_250 });
    const cart = (await rest('GET', `/cart?cartId=${cartId}`)).body;
    expect(cart.items[0]).toMatchObject({ unitPrice: 1_250, lineTotal: 3_750 });
    expect(cart.subtotal).toBe(3_750);
  });

  it('flags archived, sold-out, short and vanished products, keeps them, and leaves them out of the totals', async () => {
    const [ok, archived, soldOut, short, vanished] = Array.from({ length: 5 }, () => catalog.add({ priceAmount: 100 }));
    const cartId = await guestCart(ok!.id, 1);
    for (const p of [archived!, soldOut!, short!, vanished!]) await rest('POST', '/cart/items', { body: { cartId, productId: p.id, quantity: 3 } });
    catalog.update(archived!.id, { status: 'archived' });
    catalog.update(soldOut!.id, { inStock: false, available: 0 });
    catalog.update(short!.id, { available: 2 });
    catalog.products.delete(vanished!.id);
    const cart = (await rest('GET', `/cart?cartId=${cartId}`)).body;
    expect(cart.items.map((i: { productId: string; issue: string | null }) => [i.productId, i.issue])).toEqual([
      [ok!.id, null],
      [archived!.id, 'archived'],
      [soldOut!.id, 'out_of_stock'],
      [short!.id, 'insufficient_stock'],
      [vanished!.id, 'unavailable'],
    ]);
    expect(cart.subtotal).toBe(100);
    expect(cart.itemCount).toBe(1);
    // The customer can still fix or drop a flagged line
    const fixed = await rest('PUT', `/cart/items/${short!.id}`, { body: { cartId, quantity: 2 } });
    expect(fixed.body.items.find((i: { productId: string }) => i.productId === short!.id).issue).toBeNull();
    expect((await rest('DELETE', `/cart/items/${archived!.id}?cartId=${cartId}`)).body.items).toHaveLength(4);
  });

  it('catalog down: 503, nothing changed', async () => {
    const product = catalog.add();
    const cartId = await guestCart(product.id, 1);
    catalog.down = true;
    expectError(await rest('GET', `/cart?cartId=${cartId}`), 503, 'UNAVAILABLE');
    expectError(await rest('POST', '/cart/items', { body: { cartId, productId: product.id } }), 503, 'UNAVAILABLE');
    catalog.down = false;
    expect((await rest('GET', `/cart?cartId=${cartId}`)).body.items[0].quantity).toBe(1);
  });
});

describe('internal: forCheckout and markCheckedOut', () => {
  it('are not reachable without the service token', async () => {
    expect(await trpcStatus(trpc(aliceToken).forCheckout.query({ customerId: ALICE.id }))).toBe(404);
    expect(await trpcStatus(trpc().markCheckedOut.mutate({ cartId: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', orderId: randomUUID() }))).toBe(404);
  });

  it('checkout snapshot, then the cart is closed (idempotently) and the next add opens a new one', async () => {
    const customer: AuthUser = { id: randomUUID(), email: 'hal@omnicart.test', role: 'customer', staffRole: null, permissions: [] };
    const token = await keys.sign(customer);
    const [a, b] = [catalog.add(), catalog.add()];
    await rest('POST', '/cart/items', { token, body: { productId: a.id, quantity: 2 } });
    const cart = (await rest('POST', '/cart/items', { token, body: { productId: b.id, quantity: 1 } })).body;
    const client = internal();
    const snapshot = await client.forCheckout.query({ customerId: customer.id });
    expect(snapshot).toEqual({ cartId: cart.id, customerId: customer.id, items: [{ productId: a.id, quantity: 2 }, { productId: b.id, quantity: 1 }] });
    expect(await client.forCheckout.query({ cartId: cart.id, customerId: customer.id })).toEqual(snapshot);
    // someone else's cart by id: 404
    await expect(callService('cart', () => client.forCheckout.query({ cartId: cart.id, customerId: BOB.id }))).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const orderId = randomUUID();
    const closed = await Promise.all([0, 1, 2].map(() => client.markCheckedOut.mutate({ cartId: cart.id, orderId })));
    for (const c of closed) expect(c).toEqual({ cartId: cart.id, status: 'checked_out', orderId });
    expect(await cartRow(cart.id)).toMatchObject({ status: 'checked_out', order_id: orderId, open_customer_id: null });
    await expect(callService('cart', () => client.markCheckedOut.mutate({ cartId: cart.id, orderId: randomUUID() }))).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(callService('cart', () => client.forCheckout.query({ customerId: customer.id }))).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // The closed cart is no longer the customer's cart
    expect((await rest('GET', '/cart', { token })).body.id).toBeNull();
    expectError(await rest('GET', `/cart?cartId=${cart.id}`, { token }), 404, 'NOT_FOUND');
    const next = await rest('POST', '/cart/items', { token, body: { productId: a.id } });
    expect(next.body.id).not.toBe(cart.id);
    expect(next.body.items).toHaveLength(1);
  });

  it('a signed-in buyer may check out a guest cart by id', async () => {
    const product = catalog.add();
    const guestId = await guestCart(product.id, 2);
    expect(await internal().forCheckout.query({ cartId: guestId, customerId: ALICE.id })).toMatchObject({ cartId: guestId, customerId: null, items: [{ productId: product.id, quantity: 2 }] });
  });
});

describe('guest cart expiry', () => {
  it('a guest cart idle for 30 days is gone (404 at once, deleted by the sweep); a customer cart never expires', async () => {
    const product = catalog.add();
    const stale = await guestCart(product.id);
    const fresh = await guestCart(product.id);
    await rest('POST', '/cart/items', { token: aliceToken, body: { productId: product.id } });
    await database.pool.query("UPDATE cart.carts SET expires_at = now() - interval '1 minute' WHERE token = $1", [stale]);
    expectError(await rest('GET', `/cart?cartId=${stale}`), 404, 'NOT_FOUND');
    expectError(await rest('POST', '/cart/items', { body: { cartId: stale, productId: product.id } }), 404, 'NOT_FOUND');

    const sweeper = createCartService(createCartRepository(db), catalog);
    expect(await sweeper.sweepExpired()).toBeGreaterThanOrEqual(1);
    expect(await cartRow(stale)).toBeUndefined();
    expect(await cartRow(fresh)).toBeDefined();
    expect((await rest('GET', '/cart', { token: aliceToken })).body.items.length).toBeGreaterThan(0);
    const { rows } = await database.pool.query('SELECT count(*)::int AS n FROM cart.carts WHERE customer_id IS NOT NULL AND expires_at IS NOT NULL AND status = $1', ['open']);
    expect(rows[0].n).toBe(0);
  });

  it('activity (a change, or a look at least a day later) moves the expiry 30 days ahead', async () => {
    const product = catalog.add();
    const cartId = await guestCart(product.id);
    await database.pool.query("UPDATE cart.carts SET expires_at = now() + interval '2 days' WHERE token = $1", [cartId]);
    await rest('GET', `/cart?cartId=${cartId}`);
    const afterRead = (await cartRow(cartId))!.expires_at!.getTime();
    expect(afterRead).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    await database.pool.query("UPDATE cart.carts SET expires_at = now() + interval '2 days' WHERE token = $1", [cartId]);
    await rest('POST', '/cart/items', { body: { cartId, productId: product.id } });
    expect((await cartRow(cartId))!.expires_at!.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
  });
});

describe('events, written in the same transaction as the change', () => {
  it('announces each change of a cart with what it holds and its subtotal, a merge, the checkout, and nothing for a refused change', async () => {
    const a = catalog.add({ priceAmount: 1_250 });
    const b = catalog.add({ priceAmount: 700 });
    const cartId = await guestCart(a.id, 2);
    await rest('POST', '/cart/items', { body: { cartId, productId: b.id, quantity: 1 } });
    // Refused (a line holds at most 99): nothing written.
    expect((await rest('PUT', `/cart/items/${a.id}`, { body: { cartId, quantity: 100 } })).status).toBe(400);
    const { rows: found } = await database.pool.query<{ id: string }>('SELECT id::text FROM cart.carts WHERE token = $1', [cartId]);
    const id = found[0]!.id;
    const guestRows = await outboxRows(database.pool, 'cart', id);
    expect(guestRows.map((row) => row.payload)).toMatchObject([
      { cartId: id, customerId: null, status: 'open', lineCount: 1, itemCount: 2, subtotal: 2_500, lines: [{ productId: a.id, quantity: 2 }] },
      { cartId: id, customerId: null, status: 'open', lineCount: 2, itemCount: 3, subtotal: 3_200 },
    ]);
    // Merged into Alice's cart at sign-in: her cart and the merged guest cart are announced.
    await rest('POST', '/cart/merge', { token: aliceToken, body: { guestCartId: cartId } });
    const merged = await outboxRows(database.pool, 'cart', id);
    expect(merged.at(-1)!.payload).toMatchObject({ status: 'merged', customerId: ALICE.id });
    const { rows } = await database.pool.query<{ id: string }>('SELECT id::text FROM cart.carts WHERE open_customer_id = $1', [ALICE.id]);
    const alice = await outboxRows(database.pool, 'cart', rows[0]!.id);
    // Her cart may hold lines from earlier tests: the announcement carries what it holds now.
    const aliceCart = (await rest('GET', '/cart', { token: aliceToken })).body as { id: string; subtotal: number; items: { productId: string }[] };
    expect(aliceCart.items.map((item) => item.productId)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(alice.at(-1)!.payload).toMatchObject({ customerId: ALICE.id, status: 'open', subtotal: aliceCart.subtotal, lineCount: aliceCart.items.length });
    // Closed by an order: announced with the order and the subtotal orders passes.
    const orderId = randomUUID();
    await internal().markCheckedOut.mutate({ cartId: aliceCart.id, orderId, subtotal: 3_200 });
    expect((await outboxRows(database.pool, 'cart', rows[0]!.id)).at(-1)!.payload).toMatchObject({ status: 'checked_out', orderId, subtotal: 3_200 });
    expectDeclared([...guestRows, ...merged, ...alice], cartEvents);
  });
});

