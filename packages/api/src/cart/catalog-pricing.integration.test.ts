import { PERMISSIONS } from '@omnicart/contracts';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDomain } from '@omnicart/db';
import { seedCatalog } from '@omnicart/db/seed';
import { createTestDatabase, type TestDatabase } from '@omnicart/db/testing';
import { createCatalogDomain } from '../catalog/index.js';
import type { DomainEvent, EventBus, SubscribeOptions } from '../events/index.js';
import type { AuthUser } from '../runtime/auth.js';
import { loadEnv } from '../platform/index.js';
import { createLogger } from '../runtime/logger.js';
import { startService, type RunningService } from '../runtime/server.js';
import { createTestKeys } from '../testing/fakes.js';
import { createCartDomain } from './index.js';

// The cart priced by the real catalog (its internal productsByIds over the service client), both
// hosted in this process on one test database. Stock reaches catalog the way it does in
// production: as inventory.stock_changed events handed to catalog's availability consumer.

const ADMIN: AuthUser = { id: randomUUID(), email: 'admin@omnicart.test', role: 'admin', staffRole: 'owner', permissions: PERMISSIONS };

/** Keeps the subscriptions so the test can deliver events to them. */
const subscriptions: SubscribeOptions[] = [];
const events: EventBus = {
  kind: 'postgres',
  publish: async () => undefined,
  subscribe: async (options) => {
    subscriptions.push(options);
    return { stop: async () => undefined };
  },
  close: async () => undefined,
};
const versions = new Map<string, number>();

async function setStock(sku: string, available: number): Promise<void> {
  const version = (versions.get(sku) ?? 0) + 1;
  versions.set(sku, version);
  const event: DomainEvent = {
    id: randomUUID(),
    type: 'inventory.stock_changed',
    source: 'inventory',
    occurredAt: new Date().toISOString(),
    data: { sku, onHand: available, reserved: 0, available, version },
  };
  const consumers = subscriptions.filter((s) => s.types.includes(event.type));
  expect(consumers.length).toBeGreaterThan(0);
  for (const consumer of consumers) await consumer.handler(event);
}

let database: TestDatabase;
let service: RunningService;
let cartApi: string;
let catalogApi: string;
let adminToken: string;
let products: Array<{ id: string; sku: string; price: number }>;

async function call(base: string, method: string, path: string, options: { token?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, text };
}

beforeAll(async () => {
  database = await createTestDatabase('cart_catalog', { poolMax: 10 });
  await migrateDomain(database.pool, 'catalog');
  await migrateDomain(database.pool, 'cart');
  await seedCatalog(database.pool, { products: 40 });
  const keys = await createTestKeys();
  service = await startService({
    domains: [await createCatalogDomain({ cacheTtlMs: 0 }), await createCartDomain()],
    host: '127.0.0.1',
    pool: database.pool,
    logger: createLogger({ level: 'silent' }),
    verifier: keys.verifier,
    env: loadEnv({ ...process.env, LOG_LEVEL: 'silent' }),
    events,
  });
  cartApi = `${service.url('cart')}/api/v1`;
  catalogApi = `${service.url('catalog')}/api/v1`;
  adminToken = await keys.sign(ADMIN);
  const { rows } = await database.pool.query<{ id: string; sku: string; price: number }>(
    "SELECT id::text, sku, price_amount AS price FROM catalog.products WHERE status = 'active' ORDER BY sku LIMIT 6",
  );
  products = rows;
  for (const product of products) await setStock(product.sku, 10);
});

afterAll(async () => {
  await service?.stop(1_000);
  await database?.drop();
});

describe('cart priced by catalog', () => {
  it('shows catalog’s current price, name and stock; a price change shows on the next read', async () => {
    const [product] = products;
    const added = await call(cartApi, 'POST', '/cart/items', { body: { productId: product!.id, quantity: 2 } });
    expect(added.status, added.text).toBe(200);
    expect(added.body.items[0]).toMatchObject({ productId: product!.id, sku: product!.sku, unitPrice: product!.price, quantity: 2, available: 10, issue: null });
    expect(added.body.subtotal).toBe(product!.price * 2);
    const cartId = added.body.id as string;

    const newPrice = product!.price + 1_234;
    const updated = await call(catalogApi, 'PUT', `/products/${product!.id}`, { token: adminToken, body: { price: { amount: newPrice, currency: 'USD' } } });
    expect(updated.status, updated.text).toBe(200);
    const cart = await call(cartApi, 'GET', `/cart?cartId=${cartId}`);
    expect(cart.body.items[0]).toMatchObject({ unitPrice: newPrice, lineTotal: newPrice * 2 });
    expect(cart.body.subtotal).toBe(newPrice * 2);
  });

  it('flags lines whose product was archived, sold out or runs short, and totals only the rest', async () => {
    const [, ok, archived, soldOut, short] = products;
    const cartId = (await call(cartApi, 'POST', '/cart/items', { body: { productId: ok!.id, quantity: 1 } })).body.id as string;
    for (const p of [archived!, soldOut!, short!]) {
      expect((await call(cartApi, 'POST', '/cart/items', { body: { cartId, productId: p.id, quantity: 3 } })).status).toBe(200);
    }
    expect((await call(catalogApi, 'DELETE', `/products/${archived!.id}`, { token: adminToken })).status).toBe(204);
    await setStock(soldOut!.sku, 0);
    await setStock(short!.sku, 2);

    const cart = (await call(cartApi, 'GET', `/cart?cartId=${cartId}`)).body;
    expect(cart.items.map((i: { productId: string; issue: string | null }) => [i.productId, i.issue])).toEqual([
      [ok!.id, null],
      [archived!.id, 'archived'],
      [soldOut!.id, 'out_of_stock'],
      [short!.id, 'insufficient_stock'],
    ]);
    expect(cart.subtotal).toBe(ok!.price);
    expect(cart.itemCount).toBe(1);

    // An archived product cannot be added again; an unknown one is 404
    const again = await call(cartApi, 'POST', '/cart/items', { body: { cartId, productId: archived!.id } });
    expect(again.status, again.text).toBe(409);
    expect((await call(cartApi, 'POST', '/cart/items', { body: { cartId, productId: randomUUID() } })).status).toBe(404);
  });
});
