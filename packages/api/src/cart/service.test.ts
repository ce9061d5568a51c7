import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuthUser } from '../runtime/auth.js';
import { DomainError, type DomainErrorCode } from '../runtime/errors.js';
import type { PricedProduct, ProductPricing } from './clients.js';
import type { CartRef, CartRepository, CartSnapshot, ChangeResult, LineChange } from './repository.js';
import { isAddressable, newCartToken } from './repository.js';
import { createCartService } from './service.js';

// Service logic with a fake pricing and a scripted repository: no database, no HTTP.

const CUSTOMER: AuthUser = { id: '00000000-0000-4000-8000-000000000002', email: 'demo@omnicart.test', role: 'customer', staffRole: null, permissions: [] };
const OTHER = '00000000-0000-4000-8000-000000000003';
const ACTIVE = '30000000-0000-4000-8000-000000000001';
const ARCHIVED = '30000000-0000-4000-8000-000000000002';
const DRAFT = '30000000-0000-4000-8000-000000000003';
const UNKNOWN = '30000000-0000-4000-8000-0000000000ff';
const TOKEN = 'tok_0123456789abcdefghij';

function fakePricing(products: PricedProduct[]) {
  const calls: string[][] = [];
  const pricing: ProductPricing = {
    async byIds(ids) {
      calls.push(ids);
      return products.filter((p) => ids.includes(p.id));
    },
  };
  return { pricing, calls };
}

const product = (id: string, overrides: Partial<PricedProduct> = {}): PricedProduct => ({
  id,
  sku: `SKU-${id.slice(-2)}`,
  slug: `p-${id.slice(-2)}`,
  name: `Product ${id.slice(-2)}`,
  priceAmount: 1_000,
  currency: 'USD',
  status: 'active',
  image: null,
  inStock: true,
  available: 50,
  maxPerOrder: null,
  maxPerCustomer: null,
  categoryId: randomUUID(),
  ...overrides,
});

const catalog = [product(ACTIVE, { priceAmount: 2_500 }), product(ARCHIVED, { status: 'archived' }), product(DRAFT, { status: 'draft' })];

function snapshot(lines: Array<[string, number]>, customerId: string | null = null): CartSnapshot {
  return {
    cart: { id: 'internal', token: TOKEN, customerId, status: 'open', orderId: null, updatedAt: '2026-01-01T00:00:00.000Z', expired: false },
    lines: lines.map(([productId, quantity]) => ({ productId, quantity, addedAt: '2026-01-01T00:00:00.000Z' })),
  };
}

/** A repository that records what the service asked and answers `change` with `answer`. */
function scriptedRepository(answer: ChangeResult = { ok: true, snapshot: snapshot([[ACTIVE, 1]]) }) {
  const changes: Array<{ ref: CartRef; change: LineChange }> = [];
  const loads: CartRef[] = [];
  const repository: CartRepository = {
    async load(ref) {
      loads.push(ref);
      return { ok: true, snapshot: ref.by === 'customer' ? null : snapshot([[ACTIVE, 2]]) };
    },
    async change(ref, change) {
      changes.push({ ref, change });
      return answer;
    },
    merge: async () => ({ ok: false, reason: 'cart_not_found' }),
    forCheckout: async () => snapshot([[ACTIVE, 3]], CUSTOMER.id),
    markCheckedOut: async () => ({ ok: false, reason: 'other_order', orderId: OTHER }),
    sweepExpired: async () => 0,
  };
  return { repository, changes, loads };
}

async function failure(promise: Promise<unknown>): Promise<{ code: DomainErrorCode; message: string; details: unknown }> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    const { code, message, details } = error as DomainError;
    return { code, message, details };
  }
  throw new Error('expected a DomainError');
}

describe('addItem', () => {
  it('creates a guest cart on a guest’s first add and answers with its id and current prices', async () => {
    const { repository, changes } = scriptedRepository();
    const service = createCartService(repository, fakePricing(catalog).pricing);
    const cart = await service.addItem(null, { productId: ACTIVE, quantity: 1 });
    expect(changes).toEqual([{ ref: { by: 'new-guest' }, change: { kind: 'add', productId: ACTIVE, quantity: 1 } }]);
    expect(cart).toMatchObject({ id: TOKEN, customerId: null, subtotal: 2_500, itemCount: 1, currency: 'USD' });
    expect(cart.items[0]).toMatchObject({ productId: ACTIVE, unitPrice: 2_500, lineTotal: 2_500, issue: null });
  });

  it('uses the signed-in customer’s own cart without a cart id, and passes the caller with one', async () => {
    const { repository, changes } = scriptedRepository();
    const service = createCartService(repository, fakePricing(catalog).pricing);
    await service.addItem(CUSTOMER, { productId: ACTIVE, quantity: 2 });
    await service.addItem(CUSTOMER, { cartId: TOKEN, productId: ACTIVE, quantity: 2 });
    await service.addItem(null, { cartId: TOKEN, productId: ACTIVE, quantity: 2 });
    expect(changes.map((c) => c.ref)).toEqual([
      { by: 'customer', customerId: CUSTOMER.id },
      { by: 'token', token: TOKEN, callerId: CUSTOMER.id },
      { by: 'token', token: TOKEN, callerId: null },
    ]);
  });

  it('refuses unknown and draft products with 404 and archived ones with 409, without touching the cart', async () => {
    const { repository, changes } = scriptedRepository();
    const service = createCartService(repository, fakePricing(catalog).pricing);
    expect((await failure(service.addItem(null, { productId: UNKNOWN, quantity: 1 }))).code).toBe('NOT_FOUND');
    expect((await failure(service.addItem(null, { productId: DRAFT, quantity: 1 }))).code).toBe('NOT_FOUND');
    expect(await failure(service.addItem(null, { productId: ARCHIVED, quantity: 1 }))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/archived/) });
    expect(changes).toEqual([]);
  });

  it('turns the repository’s limits into 400s with the numbers in details', async () => {
    const lines = createCartService(scriptedRepository({ ok: false, reason: 'too_many_lines' }).repository, fakePricing(catalog).pricing);
    expect(await failure(lines.addItem(null, { cartId: TOKEN, productId: ACTIVE, quantity: 1 }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/at most 100/),
      details: { maxLines: 100 },
    });
    const quantity = createCartService(scriptedRepository({ ok: false, reason: 'quantity_exceeded', currentQuantity: 98 }).repository, fakePricing(catalog).pricing);
    expect(await failure(quantity.addItem(null, { cartId: TOKEN, productId: ACTIVE, quantity: 5 }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { maxQuantity: 99, currentQuantity: 98 },
    });
  });

  it('caps a line at the product’s maxPerOrder: more is 400 naming the limit, and the add carries the cap to the repository', async () => {
    const LIMITED = '20000000-0000-4000-8000-0000000000aa';
    const limitedCatalog = [...catalog, product(LIMITED, { name: 'Limited Sneaker', maxPerOrder: 2 })];
    const { repository, changes } = scriptedRepository();
    const service = createCartService(repository, fakePricing(limitedCatalog).pricing);
    expect(await failure(service.addItem(CUSTOMER, { productId: LIMITED, quantity: 3 }))).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'quantity: Limited Sneaker is limited to 2 per order',
      details: { productId: LIMITED, limit: 'perOrder', maxQuantity: 2 },
    });
    expect((await failure(service.updateItem(CUSTOMER, { productId: LIMITED, quantity: 5 }))).details).toMatchObject({ maxQuantity: 2 });
    expect(changes).toEqual([]);
    await service.addItem(CUSTOMER, { productId: LIMITED, quantity: 1 });
    expect(changes.at(-1)?.change).toEqual({ kind: 'add', productId: LIMITED, quantity: 1, max: 2 });
    // The line already holds 2: the repository refuses the add, and the answer names the product's limit.
    const full = scriptedRepository({ ok: false, reason: 'quantity_exceeded', currentQuantity: 2 });
    const refused = await failure(createCartService(full.repository, fakePricing(limitedCatalog).pricing).addItem(CUSTOMER, { productId: LIMITED, quantity: 1 }));
    expect(refused).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/limited to 2 per order \(this line already has 2\)/), details: { maxQuantity: 2, currentQuantity: 2 } });
  });

  it('answers 404 for a cart the caller may not address', async () => {
    const service = createCartService(scriptedRepository({ ok: false, reason: 'cart_not_found' }).repository, fakePricing(catalog).pricing);
    expect((await failure(service.addItem(CUSTOMER, { cartId: TOKEN, productId: ACTIVE, quantity: 1 }))).code).toBe('NOT_FOUND');
  });

  it('propagates a catalog outage (503) instead of adding blind', async () => {
    const { repository, changes } = scriptedRepository();
    const down: ProductPricing = {
      byIds: async () => {
        throw new DomainError('UNAVAILABLE', 'catalog is unavailable');
      },
    };
    expect((await failure(createCartService(repository, down).addItem(null, { productId: ACTIVE, quantity: 1 }))).code).toBe('UNAVAILABLE');
    expect(changes).toEqual([]);
  });

  it('says the add was saved when only pricing the answer failed, so a client reloads instead of adding twice', async () => {
    const { repository, changes } = scriptedRepository();
    let calls = 0;
    const flaky: ProductPricing = {
      byIds: async (ids) => {
        if (++calls > 1) throw new DomainError('UNAVAILABLE', 'catalog is unavailable');
        return catalog.filter((p) => ids.includes(p.id));
      },
    };
    const error = await failure(createCartService(repository, flaky).addItem(null, { productId: ACTIVE, quantity: 1 }));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toMatch(/cart was updated/);
    expect(error.details).toEqual({ applied: true, cartId: TOKEN });
    expect(changes).toHaveLength(1);
  });
});

describe('get / updateItem / removeItem / clear', () => {
  it('gives a guest without a cart, and a customer without one, an empty cart with id null and asks catalog nothing', async () => {
    const { repository } = scriptedRepository();
    const { pricing, calls } = fakePricing(catalog);
    const service = createCartService(repository, pricing);
    expect(await service.get(null)).toEqual({ id: null, customerId: null, items: [], subtotal: 0, currency: 'USD', itemCount: 0, updatedAt: null });
    expect(await service.get(CUSTOMER)).toMatchObject({ id: null, customerId: CUSTOMER.id, items: [] });
    expect(calls).toEqual([]);
  });

  it('prices every read again (no stored price)', async () => {
    const { repository } = scriptedRepository();
    const products = [product(ACTIVE, { priceAmount: 1_000 })];
    const service = createCartService(repository, { byIds: async () => products });
    expect((await service.get(null, TOKEN)).subtotal).toBe(2_000);
    products[0] = product(ACTIVE, { priceAmount: 1_500 });
    expect((await service.get(null, TOKEN)).subtotal).toBe(3_000);
  });

  it('updating a product that is not in the cart is 404; for a guest without a cart too', async () => {
    const service = createCartService(scriptedRepository({ ok: false, reason: 'line_not_found' }).repository, fakePricing(catalog).pricing);
    expect(await failure(service.updateItem(null, { cartId: TOKEN, productId: ACTIVE, quantity: 3 }))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining(ACTIVE) });
    expect((await failure(service.updateItem(null, { productId: ACTIVE, quantity: 3 }))).code).toBe('NOT_FOUND');
  });

  it('removing or clearing without a cart answers the empty cart', async () => {
    const { repository, changes } = scriptedRepository();
    const service = createCartService(repository, fakePricing(catalog).pricing);
    expect((await service.removeItem(null, { productId: ACTIVE })).items).toEqual([]);
    expect((await service.clear(null)).items).toEqual([]);
    expect(changes).toEqual([]);
  });
});

describe('internal procedures', () => {
  it('forCheckout lists product and quantity only', async () => {
    const service = createCartService(scriptedRepository().repository, fakePricing(catalog).pricing);
    expect(await service.forCheckout({ customerId: CUSTOMER.id })).toEqual({ cartId: TOKEN, customerId: CUSTOMER.id, items: [{ productId: ACTIVE, quantity: 3 }] });
  });

  it('markCheckedOut by a second order is INVALID_STATE (409)', async () => {
    const service = createCartService(scriptedRepository().repository, fakePricing(catalog).pricing);
    expect(await failure(service.markCheckedOut({ cartId: TOKEN, orderId: CUSTOMER.id }))).toMatchObject({ code: 'INVALID_STATE', details: { orderId: OTHER } });
  });

  it('merge of a cart the customer may not see is 404', async () => {
    const service = createCartService(scriptedRepository().repository, fakePricing(catalog).pricing);
    expect((await failure(service.merge(CUSTOMER, TOKEN))).code).toBe('NOT_FOUND');
  });
});

describe('cart ids and who may use them', () => {
  it('makes 32-character base64url ids that do not repeat', () => {
    const tokens = new Set(Array.from({ length: 1_000 }, () => newCartToken()));
    expect(tokens.size).toBe(1_000);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('lets anyone holding a guest cart’s id use it, a customer cart only its customer, and no one a closed or expired cart', () => {
    const open = { status: 'open' as const, expired: false };
    expect(isAddressable({ ...open, customerId: null }, null)).toBe(true);
    expect(isAddressable({ ...open, customerId: null }, CUSTOMER.id)).toBe(true);
    expect(isAddressable({ ...open, customerId: CUSTOMER.id }, CUSTOMER.id)).toBe(true);
    expect(isAddressable({ ...open, customerId: CUSTOMER.id }, OTHER)).toBe(false);
    expect(isAddressable({ ...open, customerId: CUSTOMER.id }, null)).toBe(false);
    expect(isAddressable({ status: 'open', expired: true, customerId: null }, null)).toBe(false);
    expect(isAddressable({ status: 'merged', expired: false, customerId: null }, null)).toBe(false);
    expect(isAddressable({ status: 'checked_out', expired: false, customerId: CUSTOMER.id }, CUSTOMER.id)).toBe(false);
  });
});
