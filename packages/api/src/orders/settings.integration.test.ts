import { PERMISSIONS, ROLE_PERMISSIONS } from '@omnicart/contracts';
import { NO_PROMOTIONS } from './promotions.test-support.js';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDomain } from '@omnicart/db';
import { createTestDatabase, type TestDatabase } from '@omnicart/db/testing';
import type { EventBus } from '../events/index.js';
import { configureEnv } from '../platform/index.js';
import type { AuthUser } from '../runtime/auth.js';
import { createLogger } from '../runtime/logger.js';
import { startService, type RunningService } from '../runtime/server.js';
import { createTestKeys } from '../testing/fakes.js';
import { expectError, jsonRequest, type JsonResponse } from '../testing/http.test-support.js';
import { expectDeclared, outboxRows } from '../testing/outbox.test-support.js';
import type { CatalogProduct, OrdersDependencies } from './clients.js';
import { ordersEvents } from './events.js';
import { createOrdersDomain } from './index.js';
import { pricingRulesFromEnv } from './pricing.js';
import { createStoreSettings } from './settings.js';

// The store settings orders owns (GET/PUT /settings) on real PostgreSQL over HTTP: validation with
// field messages, the optimistic version, permissions, the audit entry, and checkout pricing with
// the saved shipping and tax rules. Catalog, inventory, payments and cart are small fakes.

const OWNER: AuthUser = { id: randomUUID(), email: 'owner@omnicart.test', role: 'admin', staffRole: 'owner', permissions: PERMISSIONS };
const ANALYST: AuthUser = { id: randomUUID(), email: 'analyst@omnicart.test', role: 'admin', staffRole: 'analyst', permissions: ROLE_PERMISSIONS.analyst };
const CUSTOMER: AuthUser = { id: randomUUID(), email: 'buyer@omnicart.test', role: 'customer', staffRole: null, permissions: [] };

const PRODUCT: CatalogProduct = { id: randomUUID(), sku: 'SKU-SET', name: 'Settings mug', priceAmount: 2_000, currency: 'USD', status: 'active' };

const fakes: OrdersDependencies = {
  pricing: { productsByIds: async (ids: string[]) => (ids.includes(PRODUCT.id) ? [PRODUCT] : []) },
  stock: { reserve: async () => {}, commit: async () => {}, release: async () => {}, restock: async () => {} },
  payments: {
    charge: async (input: { orderId: string }) => ({ paymentId: randomUUID(), intentId: `pi_${input.orderId.slice(0, 8)}`, status: 'succeeded', declineCode: null, message: null }),
    getForOrder: async () => null,
    refund: async () => {
      throw new Error('not expected');
    },
    cancel: async () => {},
  },
  promotions: NO_PROMOTIONS,
  carts: {
    forCheckout: async () => ({ cartId: `cart-${randomUUID()}`, customerId: CUSTOMER.id, items: [{ productId: PRODUCT.id, quantity: 1 }] }),
    markCheckedOut: async () => {},
  },
} as unknown as OrdersDependencies;

const noBus: EventBus = {
  kind: 'postgres',
  async publish() {},
  async subscribe() {
    return { async stop() {} };
  },
  async close() {},
};

let database: TestDatabase;
let pool: pg.Pool;
let running: RunningService;
let api: string;
const tokens: Record<'owner' | 'analyst' | 'customer', string> = { owner: '', analyst: '', customer: '' };

const request = (method: string, path: string, token: string | null, body?: unknown): Promise<JsonResponse> =>
  jsonRequest(api, method, path, { token, ...(body !== undefined ? { body } : {}) });

const valid = {
  storeName: 'Harbour Goods',
  timeZone: 'Europe/Berlin',
  shippingFlatCents: 1_000,
  freeShippingThresholdCents: 1_000_000,
  defaultTaxRate: 0.05,
  taxRates: [
    { country: 'US', rate: 0.1 },
    { country: 'DE', rate: 0.19 },
  ],
};

beforeAll(async () => {
  // ORDERS_SETTINGS_CACHE_MS stays at its default: the process that saves applies the change at once.
  const env = configureEnv({}, { LOG_LEVEL: 'silent', STORE_NAME: 'Env Store', TAX_RATES: 'US:0.0725', ORDERS_CHECKOUT_RATE_LIMIT: '0' });
  database = await createTestDatabase('orders_settings');
  pool = database.pool;
  await migrateDomain(pool, 'orders');
  const keys = await createTestKeys();
  tokens.owner = await keys.sign(OWNER);
  tokens.analyst = await keys.sign(ANALYST);
  tokens.customer = await keys.sign(CUSTOMER);
  running = await startService({
    domains: [await createOrdersDomain({ dependencies: () => fakes, recovery: false })],
    host: '127.0.0.1',
    pool,
    logger: createLogger({ level: 'silent' }),
    verifier: keys.verifier,
    events: noBus,
    env,
  });
  api = `${running.url('orders')}/api/v1`;
});

afterAll(async () => {
  await running?.stop(1_000);
  await database?.drop();
});

async function checkoutTotals(country: string) {
  const response = await jsonRequest(api, 'POST', '/orders', {
    token: tokens.customer,
    headers: { 'idempotency-key': randomUUID() },
    body: {
      items: [{ productId: PRODUCT.id, quantity: 1 }],
      shippingAddress: { name: 'Ada', line1: '1 Main St', city: 'Springfield', postalCode: '12345', country },
      paymentMethod: 'pm_card_visa',
    },
  });
  expect(response.status, response.text).toBe(201);
  const { subtotal, shipping, tax, total } = response.body as Record<string, number>;
  return { subtotal, shipping, tax, total };
}

describe('store settings (GET/PUT /settings)', () => {
  it('reads the environment’s values as version 0 until saved; an analyst may read them, a customer may not', async () => {
    const read = await request('GET', '/settings', tokens.analyst);
    expect(read.status, read.text).toBe(200);
    expect(read.body).toMatchObject({
      storeName: 'Env Store',
      timeZone: 'America/New_York',
      shippingFlatCents: 499,
      freeShippingThresholdCents: 5_000,
      defaultTaxRate: 0,
      taxRates: [{ country: 'US', rate: 0.0725 }],
      version: 0,
      saved: false,
    });
    expectError(await request('GET', '/settings', tokens.customer), 403, 'FORBIDDEN');
    expectError(await request('GET', '/settings', null), 401, 'UNAUTHORIZED');
    // Shoppers read the store name only.
    const name = await request('GET', '/settings/store', null);
    expect(name.status).toBe(200);
    expect(name.body).toEqual({ storeName: 'Env Store' });
  });

  it('checkout prices with the environment’s rules before any save', async () => {
    // 2000 + 499 shipping, US 7.25 % of 2499 = 181.18 → 181.
    expect(await checkoutTotals('US')).toEqual({ subtotal: 2_000, shipping: 499, tax: 181, total: 2_680 });
  });

  it('refuses an analyst’s save (403) and writes nothing', async () => {
    expectError(await request('PUT', '/settings', tokens.analyst, { ...valid, version: 0 }), 403, 'FORBIDDEN');
    expect((await pool.query('SELECT count(*)::int AS n FROM orders.store_settings')).rows[0].n).toBe(0);
  });

  it('answers bad input with 400 naming each bad field', async () => {
    const bad = await request('PUT', '/settings', tokens.owner, {
      storeName: ' ',
      timeZone: 'Mars/Olympus_Mons',
      shippingFlatCents: -1,
      freeShippingThresholdCents: 12.5,
      defaultTaxRate: 1.5,
      taxRates: [
        { country: 'usa', rate: 0.1 },
        { country: 'DE', rate: 0.1234567 },
        { country: 'DE', rate: 0.19 },
      ],
      version: 0,
    });
    expectError(bad, 400, 'VALIDATION_FAILED');
    const message = (bad.body as { error: { message: string } }).error.message;
    for (const field of ['storeName', 'timeZone', 'shippingFlatCents', 'freeShippingThresholdCents', 'defaultTaxRate', 'taxRates.0.country', 'taxRates.1.rate', 'taxRates.2.country']) {
      expect(message).toContain(`${field}: `);
    }
    expect(message).toContain('IANA time zone');
    expect(message).toContain('DE is listed twice');
    expect((await pool.query('SELECT count(*)::int AS n FROM orders.store_settings')).rows[0].n).toBe(0);
  });

  it('saves, audits in the same transaction, and checkout and quotes use the saved rules at once', async () => {
    const saved = await request('PUT', '/settings', tokens.owner, { ...valid, version: 0 });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body).toMatchObject({ ...valid, taxRates: [{ country: 'DE', rate: 0.19 }, { country: 'US', rate: 0.1 }], version: 1, saved: true });

    const audit = await outboxRows(pool, 'orders', 'store', 'orders.audit_recorded');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.payload).toMatchObject({ entityType: 'setting', entityId: 'store', action: 'updated', actorEmail: OWNER.email });
    const changes = audit[0]!.payload.changes as { field: string; before: unknown; after: unknown }[];
    expect(changes).toContainEqual({ field: 'storeName', before: 'Env Store', after: 'Harbour Goods' });
    expect(changes).toContainEqual({ field: 'shippingFlatCents', before: 499, after: 1_000 });
    expect(changes.map((change) => change.field)).toEqual(['storeName', 'timeZone', 'shippingFlatCents', 'freeShippingThresholdCents', 'defaultTaxRate', 'taxRates']);
    const all = [...audit, ...(await outboxRows(pool, 'orders', 'store', 'orders.settings_changed'))];
    expect(all).toHaveLength(2);
    expectDeclared(all, ordersEvents);

    // 2000 + 1000 shipping (the threshold is now far away); US 10 % of 3000; a country without its own rate: the default 5 %.
    expect(await checkoutTotals('US')).toEqual({ subtotal: 2_000, shipping: 1_000, tax: 300, total: 3_300 });
    expect(await checkoutTotals('FR')).toEqual({ subtotal: 2_000, shipping: 1_000, tax: 150, total: 3_150 });

    const summary = await request('GET', '/orders/summary', tokens.owner);
    expect(summary.body.timeZone).toBe('Europe/Berlin');
    expect((await request('GET', '/settings/store', null)).body).toEqual({ storeName: 'Harbour Goods' });
  });

  it('refuses a save based on an older version (409) and keeps the newer one', async () => {
    const stale = await request('PUT', '/settings', tokens.owner, { ...valid, storeName: 'Stale', version: 0 });
    expectError(stale, 409, 'CONFLICT');
    expect(stale.body.error.details).toMatchObject({ reason: 'stale_version', version: 1 });
    const read = await request('GET', '/settings', tokens.owner);
    expect(read.body).toMatchObject({ storeName: 'Harbour Goods', version: 1 });

    const next = await request('PUT', '/settings', tokens.owner, { ...valid, shippingFlatCents: 0, version: 1 });
    expect(next.status, next.text).toBe(200);
    expect(next.body.version).toBe(2);
    const audit = await outboxRows(pool, 'orders', 'store', 'orders.audit_recorded');
    expect(audit).toHaveLength(2);
    expect(audit[1]!.payload.changes).toEqual([{ field: 'shippingFlatCents', before: 1_000, after: 0 }]);
  });
});

describe('store settings on another replica', () => {
  it('a replica reuses what it read for ORDERS_SETTINGS_CACHE_MS, then sees the saved settings', async () => {
    let clock = 0;
    const replica = createStoreSettings({
      pool,
      defaults: { storeName: 'Env Store', timeZone: 'America/New_York', rules: pricingRulesFromEnv({ SHIPPING_FLAT_CENTS: 499, FREE_SHIPPING_THRESHOLD_CENTS: 5_000, TAX_RATES: 'US:0.0725', DEFAULT_TAX_RATE: 0 }) },
      cacheMs: 2_000,
      now: () => clock,
    });
    const first = await replica.current();
    const version = first.settings.version;
    const saved = await request('PUT', '/settings', tokens.owner, { ...valid, shippingFlatCents: 777, version });
    expect(saved.status, saved.text).toBe(200);
    clock = 1_999;
    expect((await replica.current()).rules.shippingFlatCents).toBe(first.rules.shippingFlatCents);
    clock = 2_000;
    const fresh = await replica.current();
    expect(fresh.rules.shippingFlatCents).toBe(777);
    expect(fresh.rules.taxRatesPpm.get('US')).toBe(100_000);
    expect(fresh.settings.version).toBe(version + 1);
  });
});
