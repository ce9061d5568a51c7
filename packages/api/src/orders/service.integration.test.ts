import { PERMISSIONS } from '@omnicart/contracts';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrateDomain } from '@omnicart/db';
import { createTestDatabase, type TestDatabase } from '@omnicart/db/testing';
import type { AuthUser } from '../runtime/auth.js';
import { DomainError } from '../runtime/errors.js';
import type { CatalogProduct, ChargeResult, OrdersDependencies, PaymentRecord } from './clients.js';
import { NO_PROMOTIONS } from './promotions.test-support.js';
import { pricingRulesFromEnv } from './pricing.js';
import { createPaymentEventHandler } from './consumers/payment-events.js';
import { startRecoveryLoop } from './jobs/recovery.js';
import { createOrdersRepository, type OrdersRepository } from './repository.js';
import type { CreateOrderInput } from './schemas.js';
import { createOrdersService } from './service.js';
import { ordersEvents } from './events.js';
import { expectDeclared, outboxRows } from '../testing/outbox.test-support.js';
import { createGuestTokens } from './guest.js';
import type pg from 'pg';
import { failure } from '../testing/domain-error.test-support.js';

// The orders service against real PostgreSQL with in-memory fakes for catalog, inventory,
// payments and cart: the SQL of the saga, idempotency under concurrency, status changes,
// payment events and the recovery loop.

const logger = pino({ level: 'silent' });
const CUSTOMER: AuthUser = { id: randomUUID(), email: 'buyer@omnicart.test', role: 'customer', staffRole: null, permissions: [] };
const OTHER: AuthUser = { id: randomUUID(), email: 'other@omnicart.test', role: 'customer', staffRole: null, permissions: [] };
const ADMIN: AuthUser = { id: randomUUID(), email: 'admin@omnicart.test', role: 'admin', staffRole: 'owner', permissions: PERMISSIONS };
const rules = pricingRulesFromEnv({ SHIPPING_FLAT_CENTS: 499, FREE_SHIPPING_THRESHOLD_CENTS: 5_000, TAX_RATES: 'US:0.0725', DEFAULT_TAX_RATE: 0 });

const PRODUCT_A: CatalogProduct = { id: randomUUID(), sku: 'SKU-A', name: 'Mug', priceAmount: 1_250, currency: 'USD', status: 'active' };
const PRODUCT_B: CatalogProduct = { id: randomUUID(), sku: 'SKU-B', name: 'Tee', priceAmount: 2_000, currency: 'USD', status: 'active' };
const ARCHIVED: CatalogProduct = { id: randomUUID(), sku: 'SKU-X', name: 'Old', priceAmount: 100, currency: 'USD', status: 'archived' };
/** A scalped product: at most 2 per order and 3 per customer. */
const LIMITED: CatalogProduct = { id: randomUUID(), sku: 'SKU-L', name: 'Limited Sneaker', priceAmount: 9_900, currency: 'USD', status: 'active', maxPerOrder: 2, maxPerCustomer: 3 };

class Fakes implements OrdersDependencies {
  stockOnHand = new Map<string, number>();
  reservations = new Map<string, { lines: { sku: string; quantity: number }[]; status: 'active' | 'committed' | 'released' | 'returned' }>();
  paymentsByOrder = new Map<string, PaymentRecord>();
  chargeCalls = 0;
  refunds: { orderId: string; amount: number }[] = [];
  /** What the next charges answer (by payment method). */
  outcome = (method: string): ChargeResult['status'] => (method === 'pm_card_visa' ? 'succeeded' : method === 'pm_card_authenticationRequired' ? 'requires_action' : 'failed');
  chargeDelayMs = 0;
  commitCalls = 0;
  releaseCalls = 0;
  /** Called by payments.cancel (payments announces the cancel as an event). */
  onCancel: ((orderId: string) => void) | null = null;
  /** Holds every charge until it resolves (an event racing the checkout's settlement). */
  chargeGate: Promise<void> | null = null;
  checkedOut: string[] = [];
  promotions = NO_PROMOTIONS;

  available(sku: string) {
    let reserved = 0;
    for (const r of this.reservations.values()) if (r.status === 'active') reserved += r.lines.filter((l) => l.sku === sku).reduce((s, l) => s + l.quantity, 0);
    return (this.stockOnHand.get(sku) ?? 0) - reserved;
  }

  pricing = {
    productsByIds: async (ids: string[]) => [PRODUCT_A, PRODUCT_B, ARCHIVED, LIMITED].filter((p) => ids.includes(p.id)),
  };

  stock = {
    reserve: async (id: string, lines: { sku: string; quantity: number }[]) => {
      if (this.reservations.has(id)) return;
      for (const line of lines) {
        if (this.available(line.sku) < line.quantity) throw new DomainError('INSUFFICIENT_STOCK', `Not enough ${line.sku}`, { sku: line.sku });
      }
      this.reservations.set(id, { lines, status: 'active' });
    },
    commit: async (id: string) => {
      this.commitCalls++;
      const r = this.reservations.get(id);
      if (!r) throw new DomainError('NOT_FOUND', 'no reservation');
      if (r.status === 'committed') return;
      if (r.status !== 'active') throw new DomainError('INSUFFICIENT_STOCK', 'reservation expired');
      r.status = 'committed';
      for (const l of r.lines) this.stockOnHand.set(l.sku, (this.stockOnHand.get(l.sku) ?? 0) - l.quantity);
    },
    release: async (id: string) => {
      this.releaseCalls++;
      const r = this.reservations.get(id);
      if (!r) return;
      if (r.status === 'committed') throw new DomainError('INVALID_STATE', 'committed');
      r.status = 'released';
    },
    restock: async (id: string) => {
      const r = this.reservations.get(id);
      if (!r || r.status === 'returned') return;
      // A committed sale goes back on hand; a hold whose sale was not taken yet just ends (as inventory's restock_reservation).
      if (r.status === 'committed') for (const l of r.lines) this.stockOnHand.set(l.sku, (this.stockOnHand.get(l.sku) ?? 0) + l.quantity);
      r.status = 'returned';
    },
  };

  payments = {
    charge: async (input: { orderId: string; amount: number; currency: string; paymentMethod: string }): Promise<ChargeResult> => {
      this.chargeCalls++;
      if (this.chargeGate) await this.chargeGate;
      if (this.chargeDelayMs) await new Promise((resolve) => setTimeout(resolve, this.chargeDelayMs));
      const existing = this.paymentsByOrder.get(input.orderId);
      const status = existing ? (existing.status as ChargeResult['status']) : this.outcome(input.paymentMethod);
      const record: PaymentRecord = existing ?? {
        paymentId: randomUUID(),
        intentId: `pi_${input.orderId.slice(0, 8)}`,
        orderId: input.orderId,
        status,
        amount: input.amount,
        amountRefunded: 0,
        currency: input.currency,
        declineCode: status === 'failed' ? 'card_declined' : null,
      };
      this.paymentsByOrder.set(input.orderId, record);
      return { paymentId: record.paymentId, intentId: record.intentId, status, declineCode: record.declineCode, message: status === 'failed' ? 'Your card was declined.' : null };
    },
    getForOrder: async (orderId: string) => this.paymentsByOrder.get(orderId) ?? null,
    refund: async (input: { orderId: string; amount?: number }) => {
      const p = this.paymentsByOrder.get(input.orderId);
      if (!p || p.status !== 'succeeded') throw new DomainError('INVALID_STATE', 'nothing captured');
      const amount = input.amount ?? p.amount - p.amountRefunded;
      if (amount <= 0 || p.amountRefunded + amount > p.amount) throw new DomainError('VALIDATION_FAILED', 'over-refund');
      p.amountRefunded += amount;
      this.refunds.push({ orderId: input.orderId, amount });
      return { refundId: `re_${this.refunds.length}`, amount, amountRefunded: p.amountRefunded, status: 'succeeded' };
    },
    cancel: async (orderId: string) => {
      const p = this.paymentsByOrder.get(orderId);
      if (p && p.status !== 'succeeded') p.status = 'canceled';
      this.onCancel?.(orderId);
    },
  };

  /**
   * The caller's own open cart (no cart id): like the cart service, a new one once an order closed it
   * (one cart, one live order: checking a closed cart out again is 409).
   */
  defaultCartId = `cart-${randomUUID()}`;
  /** Carts the fake cart service knows by id; any other id (or none) is a one-line cart of the caller. */
  cartsById = new Map<string, { customerId: string | null; items: { productId: string; quantity: number }[] }>();
  carts = {
    forCheckout: async (input: { cartId?: string; customerId?: string }) => {
      const known = input.cartId ? this.cartsById.get(input.cartId) : undefined;
      if (input.cartId && known) {
        // Like the cart service: with a customer, the cart must be theirs or a guest cart.
        if (input.customerId !== undefined && known.customerId !== null && known.customerId !== input.customerId) throw new DomainError('NOT_FOUND', 'Cart not found');
        return { cartId: input.cartId, customerId: known.customerId, items: known.items };
      }
      return { cartId: input.cartId ?? this.defaultCartId, customerId: input.customerId ?? null, items: [{ productId: PRODUCT_A.id, quantity: 1 }] };
    },
    markCheckedOut: async (input: { cartId: string }) => {
      this.checkedOut.push(input.cartId);
      if (input.cartId === this.defaultCartId) this.defaultCartId = `cart-${randomUUID()}`;
    },
  };
}

let database: TestDatabase;
let repo: OrdersRepository;
let fakes: Fakes;
let service: ReturnType<typeof createOrdersService>;

const address = { name: 'Ada Lovelace', line1: '1 Analytical St', city: 'London', postalCode: 'N1 9GU', country: 'US' };
const body = (over: Partial<CreateOrderInput> = {}): CreateOrderInput => ({
  items: [{ productId: PRODUCT_A.id, quantity: 2 }],
  shippingAddress: address,
  paymentMethod: 'pm_card_visa',
  ...over,
});

beforeAll(async () => {
  database = await createTestDatabase('orders_service', { poolMax: 20 });
  await migrateDomain(database.pool, 'orders');
  repo = createOrdersRepository(database.pool);
});

afterAll(async () => {
  await database?.drop();
});

beforeEach(() => {
  fakes = new Fakes();
  fakes.stockOnHand.set('SKU-A', 100);
  fakes.stockOnHand.set('SKU-B', 100);
  fakes.stockOnHand.set('SKU-L', 1_000);
  service = createOrdersService({ repository: repo, deps: fakes, rules, logger, inFlightPollMs: 10 });
});

const count = async (sql: string, params: unknown[] = []) => Number((await database.pool.query<{ n: string }>(sql, params)).rows[0]!.n);
/** The `orders.order_paid` rows written for an order (inventory takes the sale from it). */
const paidEvents = (orderId: string) => count(`SELECT count(*) AS n FROM orders.outbox_events WHERE type = 'orders.order_paid' AND aggregate_id = $1`, [orderId]);
/** Orders marked the stock committed and did not take the sale itself: inventory's consumer does. */
function expectSaleHandedToInventory(orderId: string) {
  expect(fakes.reservations.get(orderId)?.status).toBe('active');
}

describe('checkout saga', () => {
  it('a reserve that timed out but lands in inventory after the checkout gave up is released once more (no reservation left behind)', async () => {
    // The call timed out here, but inventory applies the reservation a moment later (the ambiguous case).
    const lateReserve: OrdersDependencies['stock'] = {
      ...fakes.stock,
      reserve: async (id, lines) => {
        setTimeout(() => void fakes.stock.reserve(id, lines), 100);
        throw new DomainError('UNAVAILABLE', 'inventory is unavailable: no answer within 1500 ms');
      },
    };
    const impatient = createOrdersService({ repository: repo, deps: { ...fakes, stock: lateReserve }, rules, logger, inFlightPollMs: 10, releaseAgainAfterMs: 300 });
    const key = randomUUID();
    expect(await failure(impatient.create(CUSTOMER, body(), key))).toMatchObject({ code: 'UNAVAILABLE' });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const [reservationId] = [...fakes.reservations.keys()];
    expect(fakes.reservations.get(reservationId!)?.status).toBe('active');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fakes.reservations.get(reservationId!)?.status).toBe('released');
    expect(await count(`SELECT count(*) AS n FROM orders.orders WHERE id = $1`, [reservationId])).toBe(0);
    // The key stays reusable: the same request goes through with it.
    expect((await service.create(CUSTOMER, body(), key)).status).toBe('paid');
  });

  it('places a paid order with catalog prices, shipping and tax, leaves the sale to inventory and answers exactly the issue shape', async () => {
    const order = await service.create(CUSTOMER, body(), randomUUID());
    expect(Object.keys(order).sort()).toEqual(['createdAt', 'currency', 'discount', 'discounts', 'id', 'items', 'number', 'payment', 'shipping', 'status', 'subtotal', 'tax', 'total'].sort());
    expect(order).toMatchObject({
      status: 'paid',
      number: expect.stringMatching(/^OC-\d{8}$/),
      items: [{ productId: PRODUCT_A.id, sku: 'SKU-A', name: 'Mug', unitPrice: 1_250, quantity: 2, lineTotal: 2_500 }],
      subtotal: 2_500,
      shipping: 499,
      tax: 217, // (2500 + 499) × 0.0725 = 217.43
      total: 3_216,
      currency: 'USD',
      payment: { status: 'succeeded', intentId: expect.stringMatching(/^pi_/) },
    });
    expectSaleHandedToInventory(order.id);
    expect(await paidEvents(order.id)).toBe(1);
    const detail = await service.get(CUSTOMER, order.id);
    expect(detail.statusHistory.map((h) => [h.from, h.to, h.actor])).toEqual([
      [null, 'pending_payment', CUSTOMER.id],
      ['pending_payment', 'paid', 'system'],
    ]);
    expect(await count(`SELECT count(*) n FROM orders.outbox_events`)).toBeGreaterThanOrEqual(3);
    expect(await count(`SELECT count(*) n FROM orders.idempotency_keys WHERE state = 'completed' AND response_status = 201`)).toBeGreaterThanOrEqual(1);
  });

  it('merges duplicate product lines and refuses more than 99 of one product', async () => {
    const order = await service.create(CUSTOMER, body({ items: [{ productId: PRODUCT_A.id, quantity: 2 }, { productId: PRODUCT_A.id, quantity: 3 }] }), randomUUID());
    expect(order.items).toEqual([expect.objectContaining({ productId: PRODUCT_A.id, quantity: 5 })]);
    const error = await failure(service.create(CUSTOMER, body({ items: [{ productId: PRODUCT_A.id, quantity: 60 }, { productId: PRODUCT_A.id, quantity: 60 }] }), randomUUID()));
    expect(error.code).toBe('VALIDATION_FAILED');
  });

  it('refuses unknown and archived products with their id, and a missing Idempotency-Key', async () => {
    const unknown = randomUUID();
    const missing = await failure(service.create(CUSTOMER, body({ items: [{ productId: unknown, quantity: 1 }] }), randomUUID()));
    expect(missing).toMatchObject({ code: 'VALIDATION_FAILED', details: { productId: unknown } });
    const archived = await failure(service.create(CUSTOMER, body({ items: [{ productId: ARCHIVED.id, quantity: 1 }] }), randomUUID()));
    expect(archived).toMatchObject({ code: 'VALIDATION_FAILED', details: { productId: ARCHIVED.id } });
    expect((await failure(service.create(CUSTOMER, body(), null))).code).toBe('VALIDATION_FAILED');
  });

  it('answers 402 for a declined card, keeps the order payment_failed and releases the stock; a retry replays 402', async () => {
    const key = randomUUID();
    const error = await failure(service.create(CUSTOMER, body({ paymentMethod: 'pm_card_chargeDeclined' }), key));
    expect(error.code).toBe('PAYMENT_DECLINED');
    const order = (error.details as { order: { id: string; status: string } }).order;
    expect(order.status).toBe('payment_failed');
    expect(fakes.reservations.get(order.id)?.status).toBe('released');
    const again = await failure(service.create(CUSTOMER, body({ paymentMethod: 'pm_card_chargeDeclined' }), key));
    expect(again.code).toBe('PAYMENT_DECLINED');
    expect(fakes.chargeCalls).toBe(1);
  });

  it('answers 201 pending_payment with requires_action', async () => {
    const order = await service.create(CUSTOMER, body({ paymentMethod: 'pm_card_authenticationRequired' }), randomUUID());
    expect(order).toMatchObject({ status: 'pending_payment', payment: { status: 'requires_action' } });
    expect(fakes.reservations.get(order.id)?.status).toBe('active');
  });

  it('stores INSUFFICIENT_STOCK with the key and replays it', async () => {
    fakes.stockOnHand.set('SKU-B', 1);
    const key = randomUUID();
    const first = await failure(service.create(CUSTOMER, body({ items: [{ productId: PRODUCT_B.id, quantity: 2 }] }), key));
    expect(first.code).toBe('INSUFFICIENT_STOCK');
    fakes.stockOnHand.set('SKU-B', 100);
    const replay = await failure(service.create(CUSTOMER, body({ items: [{ productId: PRODUCT_B.id, quantity: 2 }] }), key));
    expect(replay.code).toBe('INSUFFICIENT_STOCK');
  });

  it('20 concurrent requests with one key make one order and one charge; a different body with the key is refused', async () => {
    fakes.chargeDelayMs = 50;
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 20 }, () => service.create(CUSTOMER, body(), key)));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(fakes.chargeCalls).toBe(1);
    expect(await count(`SELECT count(*) n FROM orders.orders WHERE id = $1`, [results[0]!.id])).toBe(1);
    const other = await failure(service.create(CUSTOMER, body({ items: [{ productId: PRODUCT_A.id, quantity: 3 }] }), key));
    expect(other.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(other.message).toMatch(/different request body/);
    // The same key belongs to each customer separately.
    const theirs = await service.create(OTHER, body(), key);
    expect(theirs.id).not.toBe(results[0]!.id);
  });

  it('checks out a cart and closes it', async () => {
    const cartId = fakes.defaultCartId;
    const order = await service.checkout(CUSTOMER, { shippingAddress: address, paymentMethod: 'pm_card_visa', idempotencyKey: randomUUID() }, null);
    expect(order.status).toBe('paid');
    expect(fakes.checkedOut).toContain(cartId);
  });
});

describe('reads', () => {
  it('hides other customers orders (404) and pages own orders newest first', async () => {
    const mine = await service.create(OTHER, body(), randomUUID());
    expect((await failure(service.get(CUSTOMER, mine.id))).code).toBe('NOT_FOUND');
    expect((await failure(service.get(CUSTOMER, 'not-a-uuid'))).code).toBe('NOT_FOUND');
    expect((await service.get(ADMIN, mine.id)).id).toBe(mine.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await service.list(CUSTOMER, { limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((o) => o.id));
      for (const o of page.items) expect(o.customerId).toBe(CUSTOMER.id);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(await count(`SELECT count(*) n FROM orders.orders WHERE customer_id = $1`, [CUSTOMER.id]));
    const adminFiltered = await service.list(ADMIN, { limit: 100, customerId: OTHER.id, status: 'paid' });
    expect(adminFiltered.items.every((o) => o.customerId === OTHER.id && o.status === 'paid')).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    expect((await service.list(ADMIN, { limit: 100, from: today, to: today })).items.length).toBeGreaterThan(0);
    expect((await service.list(ADMIN, { limit: 100, to: '2000-01-01' })).items).toEqual([]);
  });
});

describe('status changes', () => {
  it('walks paid → fulfilled → delivered → partially_refunded → refunded with history and refunds', async () => {
    const order = await service.create(CUSTOMER, body(), randomUUID());
    await service.updateStatus(ADMIN, { id: order.id, status: 'fulfilled' });
    await service.updateStatus(ADMIN, { id: order.id, status: 'delivered', note: 'signed for' });
    const partial = await service.updateStatus(ADMIN, { id: order.id, status: 'partially_refunded', amount: 1_000 });
    expect(partial).toMatchObject({ status: 'partially_refunded', amountRefunded: 1_000 });
    const over = await failure(service.updateStatus(ADMIN, { id: order.id, status: 'partially_refunded', amount: order.total }));
    expect(over.code).toBe('VALIDATION_FAILED');
    const refunded = await service.updateStatus(ADMIN, { id: order.id, status: 'refunded' });
    expect(refunded).toMatchObject({ status: 'refunded', amountRefunded: order.total });
    expect(fakes.refunds.filter((r) => r.orderId === order.id).map((r) => r.amount)).toEqual([1_000, order.total - 1_000]);
    expect(fakes.reservations.get(order.id)?.status).toBe('active'); // shipped: no restock (the sale itself is inventory's)
    expect(refunded.statusHistory.map((h) => h.to)).toEqual(['pending_payment', 'paid', 'fulfilled', 'delivered', 'partially_refunded', 'refunded']);
    expect(refunded.statusHistory[3]).toMatchObject({ actor: ADMIN.id, note: 'signed for' });
    const illegal = await failure(service.updateStatus(ADMIN, { id: order.id, status: 'paid' }));
    expect(illegal.code).toBe('INVALID_STATE');
    expect(illegal.message).toMatch(/refunded to paid/);
  });

  it('cancelling a paid order refunds in full and restocks', async () => {
    const order = await service.create(CUSTOMER, body(), randomUUID());
    const cancelled = await service.updateStatus(ADMIN, { id: order.id, status: 'cancelled' });
    expect(cancelled).toMatchObject({ status: 'cancelled', amountRefunded: order.total });
    expect(fakes.reservations.get(order.id)?.status).toBe('returned');
  });

  it('serialises concurrent partial refunds on one order: never more than the total', async () => {
    const order = await service.create(CUSTOMER, body(), randomUUID());
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => service.updateStatus(ADMIN, { id: order.id, status: 'partially_refunded', amount: 1_500 })),
    );
    const refunded = fakes.refunds.filter((r) => r.orderId === order.id).reduce((s, r) => s + r.amount, 0);
    expect(refunded).toBeLessThanOrEqual(order.total);
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(2);
  });
});

describe('payment events and recovery', () => {
  const event = (type: string, data: Record<string, unknown>) => ({ id: randomUUID(), type, source: 'payments', occurredAt: new Date().toISOString(), data });

  it('a succeeded payment for a pending order marks it paid and hands the sale to inventory, once even when redelivered', async () => {
    const order = await service.create(CUSTOMER, body({ paymentMethod: 'pm_card_authenticationRequired' }), randomUUID());
    fakes.paymentsByOrder.get(order.id)!.status = 'succeeded';
    const handler = createPaymentEventHandler({ repository: repo, service, deps: fakes, logger });
    const delivered = event('payments.payment_succeeded', { orderId: order.id, intentId: 'pi_x', amount: order.total });
    for (let i = 0; i < 5; i++) await handler(delivered);
    const detail = await service.get(CUSTOMER, order.id);
    expect(detail.status).toBe('paid');
    expect(detail.statusHistory.filter((h) => h.to === 'paid')).toHaveLength(1);
    expectSaleHandedToInventory(order.id);
    expect(await paidEvents(order.id)).toBe(1);
  });

  it('a sale inventory could not take (its hold expired, the stock is gone) refunds and cancels the paid order, once', async () => {
    const order = await service.create(CUSTOMER, body(), randomUUID());
    expect((await repo.findOrder(order.id))?.stockState).toBe('committed');
    const shortage = { orderId: order.id, sku: 'SKU-A', requested: 2, available: 0 };
    await service.saleFailed(shortage);
    await service.saleFailed(shortage); // redelivered: nothing more happens
    const detail = await service.get(CUSTOMER, order.id);
    expect(detail).toMatchObject({ status: 'cancelled', amountRefunded: order.total });
    expect(fakes.refunds.filter((r) => r.orderId === order.id)).toEqual([{ orderId: order.id, amount: order.total }]);
    expect((await repo.findOrder(order.id))?.stockState).toBe('released');
    expect(detail.statusHistory.at(-1)).toMatchObject({ from: 'paid', to: 'cancelled', actor: 'inventory' });
    await expect(service.saleFailed({ ...shortage, orderId: randomUUID() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refunds a payment for an unknown order and for a failed one', async () => {
    const handler = createPaymentEventHandler({ repository: repo, service, deps: fakes, logger });
    const ghost = randomUUID();
    fakes.paymentsByOrder.set(ghost, { paymentId: randomUUID(), intentId: 'pi_ghost', orderId: ghost, status: 'succeeded', amount: 500, amountRefunded: 0, currency: 'USD', declineCode: null });
    await handler(event('payments.payment_succeeded', { orderId: ghost, intentId: 'pi_ghost', amount: 500 }));
    expect(fakes.refunds).toContainEqual({ orderId: ghost, amount: 500 });
  });

  it('recovery resolves a pending order whose request died after the charge, answers its key, and releases abandoned keys', async () => {
    // Simulate the crash: the charge happened, the process died before the order update.
    const crashing = createOrdersService({
      repository: repo,
      deps: fakes,
      rules,
      logger,
      crash: (point) => {
        if (point === 'after-payment') throw new Error('crashed');
      },
    });
    const key = randomUUID();
    await expect(crashing.create(CUSTOMER, body(), key)).rejects.toThrow('crashed');
    const { rows } = await database.pool.query<{ order_id: string }>(`SELECT order_id::text FROM orders.idempotency_keys WHERE key = $1`, [key]);
    const orderId = rows[0]!.order_id;
    expect((await service.get(CUSTOMER, orderId)).status).toBe('pending_payment');
    // An abandoned key: reserved, then died before the order existed.
    const abandonedKey = randomUUID();
    const abandonedOrder = randomUUID();
    await repo.claimKey(CUSTOMER.id, abandonedKey, 'hash', abandonedOrder);
    await fakes.stock.reserve(abandonedOrder, [{ sku: 'SKU-A', quantity: 1 }]);
    await database.pool.query(`UPDATE orders.orders SET created_at = now() - interval '1 minute' WHERE id = $1`, [orderId]);
    await database.pool.query(`UPDATE orders.idempotency_keys SET updated_at = now() - interval '1 minute'`);

    const loop = startRecoveryLoop({ repository: repo, service, deps: fakes, logger, intervalMs: 60_000, staleAfterMs: 1_000, abandonAfterMs: 1_000, reservationTtlMs: 900_000 });
    try {
      await loop.runOnce();
    } finally {
      await loop.stop();
    }
    expect((await service.get(CUSTOMER, orderId)).status).toBe('paid');
    expectSaleHandedToInventory(orderId);
    expect(fakes.chargeCalls).toBe(1);
    const replay = await service.create(CUSTOMER, body(), key);
    expect(replay).toMatchObject({ id: orderId, status: 'paid' });
    expect(fakes.reservations.get(abandonedOrder)?.status).toBe('released');
    expect((await repo.findKey(CUSTOMER.id, abandonedKey))?.state).toBe('failed');
  });
});

describe('round trips', () => {
  /** A pool that records each statement's name (or text) before running it. */
  function countingPool(pool: pg.Pool): { pool: pg.Pool; statements: string[] } {
    const statements: string[] = [];
    const counted = {
      query: (config: string | pg.QueryConfig, values?: unknown[]) => {
        statements.push(typeof config === 'string' ? config : (config.name ?? config.text));
        return pool.query(config as pg.QueryConfig, values);
      },
      connect: () => pool.connect(),
    };
    return { pool: counted as unknown as pg.Pool, statements };
  }

  it('a paid, a declined and a requires_action checkout are three statements each: key, order, outcome', async () => {
    const { pool, statements } = countingPool(database.pool);
    const counted = createOrdersService({ repository: createOrdersRepository(pool), deps: fakes, rules, logger });
    await counted.create(CUSTOMER, body(), randomUUID());
    expect(statements).toEqual(['orders_claim_key', 'orders_insert_order', 'orders_transition']);
    statements.length = 0;
    await failure(counted.create(CUSTOMER, body({ paymentMethod: 'pm_card_chargeDeclined' }), randomUUID()));
    expect(statements).toEqual(['orders_claim_key', 'orders_insert_order', 'orders_transition']);
    statements.length = 0;
    await counted.create(CUSTOMER, body({ paymentMethod: 'pm_card_authenticationRequired' }), randomUUID());
    expect(statements).toEqual(['orders_claim_key', 'orders_insert_order', 'orders_record_payment']);
    statements.length = 0;
    // A replay of a finished key: one statement (the claim answers with the stored row).
    const key = randomUUID();
    const first = await counted.create(CUSTOMER, body(), key);
    statements.length = 0;
    expect(await counted.create(CUSTOMER, body(), key)).toEqual(first);
    expect(statements).toEqual(['orders_claim_key']);
  });

  it('the payment event that races its own checkout waits for it: no second settlement, no query', async () => {
    const { pool, statements } = countingPool(database.pool);
    const counted = createOrdersService({ repository: createOrdersRepository(pool), deps: fakes, rules, logger });
    const handler = createPaymentEventHandler({ repository: createOrdersRepository(pool), service: counted, deps: fakes, logger });
    let open!: () => void;
    fakes.chargeGate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const placing = counted.create(CUSTOMER, body(), randomUUID());
    while (fakes.chargeCalls === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const orderId = [...fakes.reservations.keys()].at(-1)!;
    const before = statements.length;
    const handled = handler({ id: randomUUID(), type: 'payments.payment_succeeded', source: 'payments', occurredAt: new Date().toISOString(), data: { orderId, intentId: 'pi_x', amount: 1 } });
    open();
    const [order] = await Promise.all([placing, handled]);
    fakes.chargeGate = null;
    expect(order).toMatchObject({ id: orderId, status: 'paid' });
    expect(fakes.chargeCalls).toBe(1);
    expect(statements.slice(before)).toEqual(['orders_transition']); // the checkout's own settlement only
    const detail = await service.get(CUSTOMER, orderId);
    expect(detail.statusHistory.map((h) => h.to)).toEqual(['pending_payment', 'paid']);
  });

  it('a payment event whose checkout failed before settling settles the order itself (dedupe and state in one read)', async () => {
    const { pool, statements } = countingPool(database.pool);
    const crashing = createOrdersService({
      repository: createOrdersRepository(pool),
      deps: fakes,
      rules,
      logger,
      crash: (point) => {
        if (point === 'after-payment') throw new Error('crashed');
      },
    });
    const handler = createPaymentEventHandler({ repository: createOrdersRepository(pool), service: crashing, deps: fakes, logger });
    await expect(crashing.create(CUSTOMER, body(), randomUUID())).rejects.toThrow('crashed');
    const orderId = [...fakes.reservations.keys()].at(-1)!;
    statements.length = 0;
    const delivered = { id: randomUUID(), type: 'payments.payment_succeeded', source: 'payments', occurredAt: new Date().toISOString(), data: { orderId, intentId: 'pi_y', amount: 1 } };
    await Promise.all([handler(delivered), handler(delivered)]);
    // Dedupe, order, history, outbox, the waiting key's answer and the event id: two statements. The
    // redelivery (serialised after the first) is acknowledged from the settled hint, without a query.
    expect(statements).toEqual(['orders_event_probe', 'orders_transition']);
    expect(await count(`SELECT count(*) n FROM orders.processed_events WHERE id = $1`, [delivered.id])).toBe(1);
    expect(await count(`SELECT count(*) n FROM orders.idempotency_keys WHERE order_id = $1 AND state = 'completed' AND response_status = 201`, [orderId])).toBe(1);
    expect((await service.get(CUSTOMER, orderId)).status).toBe('paid');
    expect(fakes.commitCalls).toBe(0); // the sale is inventory's (orders.order_paid)
    // Another replica (no hint) gets the event again: the one read finds it handled.
    const replica = createOrdersService({ repository: createOrdersRepository(pool), deps: fakes, rules, logger });
    statements.length = 0;
    await createPaymentEventHandler({ repository: createOrdersRepository(pool), service: replica, deps: fakes, logger })(delivered);
    expect(statements).toEqual(['orders_event_probe']);
    expect(fakes.commitCalls).toBe(0);
  });

  it('the payment_canceled event a recovery step causes waits for that step: the order is cancelled once, by the system', async () => {
    const order = await service.create(CUSTOMER, body({ paymentMethod: 'pm_card_authenticationRequired' }), randomUUID());
    await database.pool.query(`UPDATE orders.orders SET created_at = now() - interval '1 hour' WHERE id = $1`, [order.id]);
    const handler = createPaymentEventHandler({ repository: repo, service, deps: fakes, logger });
    const events: Promise<void>[] = [];
    fakes.onCancel = (orderId) => {
      events.push(handler({ id: randomUUID(), type: 'payments.payment_canceled', source: 'payments', occurredAt: new Date().toISOString(), data: { orderId, intentId: null } }));
    };
    const releasesBefore = fakes.releaseCalls;
    const loop = startRecoveryLoop({ repository: repo, service, deps: fakes, logger, intervalMs: 60_000, staleAfterMs: 1_000, abandonAfterMs: 1_000, reservationTtlMs: 1_000 });
    try {
      await loop.runOnce();
    } finally {
      await loop.stop();
    }
    await Promise.all(events);
    expect(events.length).toBeGreaterThan(0);
    const detail = await service.get(CUSTOMER, order.id);
    expect(detail.status).toBe('cancelled');
    expect(detail.statusHistory.filter((h) => h.to === 'cancelled')).toEqual([expect.objectContaining({ from: 'pending_payment', actor: 'system' })]);
    expect(fakes.releaseCalls - releasesBefore).toBe(1);
  });
});

describe('guest checkout, quotes and best sellers', () => {
  const tokens = createGuestTokens('test-guest-token-secret-0123456789');
  let guests: ReturnType<typeof createOrdersService>;
  let cartSeq = 0;
  /** A guest cart the fake cart service knows (no customer). */
  const guestCart = (items: { productId: string; quantity: number }[] = [{ productId: PRODUCT_A.id, quantity: 2 }], customerId: string | null = null) => {
    const cartId = `guest-cart-${process.pid}-${++cartSeq}-${randomUUID().slice(0, 8)}`;
    fakes.cartsById.set(cartId, { customerId, items });
    return cartId;
  };
  const guestBody = (cartId: string, over: Record<string, unknown> = {}) => ({
    cartId,
    email: 'guest@example.com',
    shippingAddress: address,
    paymentMethod: 'pm_card_visa',
    ...over,
  });

  beforeEach(() => {
    guests = createOrdersService({ repository: repo, deps: fakes, rules, logger, inFlightPollMs: 10, guestTokens: tokens });
  });

  it('places a paid guest order without a customer, closes the cart and answers a token that reads it', async () => {
    const cartId = guestCart();
    const order = await guests.guestCheckout(null, guestBody(cartId), randomUUID());
    expect(order).toMatchObject({ status: 'paid', subtotal: 2_500, shipping: 499, tax: 217, total: 3_216, guestAccessToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(Object.keys(order).sort()).toEqual(['createdAt', 'currency', 'discount', 'discounts', 'guestAccessToken', 'id', 'items', 'number', 'payment', 'shipping', 'status', 'subtotal', 'tax', 'total'].sort());
    expect(fakes.checkedOut).toContain(cartId);
    const { rows } = await database.pool.query(`SELECT customer_id, guest_email, customer_email FROM orders.orders WHERE id = $1`, [order.id]);
    expect(rows[0]).toEqual({ customer_id: null, guest_email: 'guest@example.com', customer_email: 'guest@example.com' });

    const detail = await guests.guestGet(order.id, order.guestAccessToken);
    expect(detail).toMatchObject({ id: order.id, status: 'paid', customerId: null, guestEmail: 'guest@example.com', total: 3_216 });
    expect(detail.statusHistory.map((h) => [h.from, h.to, h.actor])).toEqual([
      [null, 'pending_payment', 'guest'],
      ['pending_payment', 'paid', 'system'],
    ]);
    // Wrong, truncated or another order's token, and a bad id: 404 alike.
    for (const [id, token] of [
      // (the last character changed: a fixed 'A' would leave one token in 64 unchanged)
      [order.id, `${order.guestAccessToken.slice(0, -1)}${order.guestAccessToken.endsWith('A') ? 'B' : 'A'}`],
      [order.id, order.guestAccessToken.slice(0, 10)],
      [order.id, tokens.issue(randomUUID())],
      ['not-a-uuid', order.guestAccessToken],
      [randomUUID(), order.guestAccessToken],
    ] as const) {
      expect((await failure(guests.guestGet(id, token))).code).toBe('NOT_FOUND');
    }
    // Another secret issues other tokens.
    expect((await failure(service.guestGet(order.id, order.guestAccessToken))).code).toBe('NOT_FOUND');

    // Admins see guest orders; customers never do.
    expect(await guests.get(ADMIN, order.id)).toMatchObject({ customerId: null, guestEmail: 'guest@example.com' });
    expect((await failure(guests.get(CUSTOMER, order.id))).code).toBe('NOT_FOUND');
    const listed = await guests.list(ADMIN, { limit: 100 });
    expect(listed.items.find((o) => o.id === order.id)).toMatchObject({ customerId: null, guestEmail: 'guest@example.com' });
  });

  it('a customer order is not readable with a guest token of its id', async () => {
    const order = await guests.create(CUSTOMER, body(), randomUUID());
    expect((await failure(guests.guestGet(order.id, tokens.issue(order.id)))).code).toBe('NOT_FOUND');
  });

  it('replays the same order and the same token; 20 concurrent identical requests make one order and one charge', async () => {
    fakes.chargeDelayMs = 50;
    const cartId = guestCart();
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 20 }, () => guests.guestCheckout(null, guestBody(cartId), key)));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(new Set(results.map((r) => r.guestAccessToken)).size).toBe(1);
    expect(fakes.chargeCalls).toBe(1);
    const later = await guests.guestCheckout(null, guestBody(cartId), key);
    expect(later).toEqual(results[0]);
    expect(fakes.chargeCalls).toBe(1);
    expect(await count(`SELECT count(*) n FROM orders.orders WHERE cart_id = $1`, [cartId])).toBe(1);
    // Another body with the key is refused; keys are scoped per cart, so another cart may use the same key.
    expect((await failure(guests.guestCheckout(null, guestBody(cartId, { email: 'other@example.com' }), key))).code).toBe('IDEMPOTENCY_KEY_REUSED');
    const other = await guests.guestCheckout(null, guestBody(guestCart()), key);
    expect(other.id).not.toBe(results[0]!.id);
  });

  it('answers 402 with the failed order for a declined card, and replays it', async () => {
    const cartId = guestCart();
    const key = randomUUID();
    const error = await failure(guests.guestCheckout(null, guestBody(cartId, { paymentMethod: 'pm_card_chargeDeclined' }), key));
    expect(error.code).toBe('PAYMENT_DECLINED');
    const failed = (error.details as { order: { id: string; status: string } }).order;
    expect(failed.status).toBe('payment_failed');
    expect(fakes.reservations.get(failed.id)?.status).toBe('released');
    expect((await failure(guests.guestCheckout(null, guestBody(cartId, { paymentMethod: 'pm_card_chargeDeclined' }), key))).code).toBe('PAYMENT_DECLINED');
    expect(fakes.chargeCalls).toBe(1);
    // A retry with a new key and a good card succeeds.
    expect((await guests.guestCheckout(null, guestBody(cartId), randomUUID())).status).toBe('paid');
  });

  it("refuses a customer's cart (404), an empty cart (400), a missing key (400) and a signed-in caller (400)", async () => {
    const customersCart = guestCart(undefined, CUSTOMER.id);
    expect((await failure(guests.guestCheckout(null, guestBody(customersCart), randomUUID()))).code).toBe('NOT_FOUND');
    expect((await failure(guests.quote(null, { cartId: customersCart, country: 'US' }))).code).toBe('NOT_FOUND');
    expect(fakes.chargeCalls).toBe(0);
    expect((await failure(guests.guestCheckout(null, guestBody(guestCart([])), randomUUID()))).code).toBe('VALIDATION_FAILED');
    expect((await failure(guests.guestCheckout(null, guestBody(guestCart()), null))).code).toBe('VALIDATION_FAILED');
    expect((await failure(guests.guestCheckout(CUSTOMER, guestBody(guestCart()), randomUUID()))).message).toMatch(/orders\.checkout/);
  });

  it('quotes exactly what the order then charges, for guests and customers, leaving out lines with an issue', async () => {
    const items = [
      { productId: PRODUCT_A.id, quantity: 3 },
      { productId: PRODUCT_B.id, quantity: 1 },
    ];
    for (const country of ['US', 'DE']) {
      const cartId = guestCart(items);
      const quote = await guests.quote(null, { cartId, country });
      const order = await guests.guestCheckout(null, guestBody(cartId, { shippingAddress: { ...address, country } }), randomUUID());
      expect(quote).toEqual({
        subtotal: order.subtotal,
        discount: 0,
        discounts: [],
        lines: expect.any(Array),
        codeRefusal: null,
        shipping: order.shipping,
        tax: order.tax,
        total: order.total,
        currency: 'USD',
        itemCount: 4,
        freeShippingThreshold: 5_000,
        country,
      });
    }
    // A customer's own cart (the fake's one-line cart), and the same through checkout.
    const mine = await guests.quote(CUSTOMER, { country: 'US' });
    const placed = await guests.checkout(CUSTOMER, { shippingAddress: address, paymentMethod: 'pm_card_visa', idempotencyKey: randomUUID() }, null);
    expect([mine.subtotal, mine.shipping, mine.tax, mine.total]).toEqual([placed.subtotal, placed.shipping, placed.tax, placed.total]);
    // An archived line is left out, as in the cart subtotal.
    const withIssue = await guests.quote(null, { cartId: guestCart([...items, { productId: ARCHIVED.id, quantity: 5 }]), country: 'US' });
    expect(withIssue).toMatchObject({ subtotal: 5_750, itemCount: 4 });
    // Empty cart: zeros; guests need a cart id.
    expect(await guests.quote(null, { cartId: guestCart([]), country: 'FR' })).toEqual({
      subtotal: 0,
      discount: 0,
      discounts: [],
      lines: [],
      codeRefusal: null,
      shipping: 0,
      tax: 0,
      total: 0,
      currency: 'USD',
      itemCount: 0,
      freeShippingThreshold: 5_000,
      country: 'FR',
    });
    expect((await failure(guests.quote(null, { country: 'US' }))).code).toBe('VALIDATION_FAILED');
  });

  it('best sellers count paid, fulfilled and delivered orders of the window, most units first, ties by product id', async () => {
    const [p1, p2, p3, p4, p5, p6] = Array.from({ length: 6 }, () => randomUUID());
    const insert = async (status: string, lines: [string, number][], daysAgo = 0) => {
      const id = randomUUID();
      await database.pool.query(
        `INSERT INTO orders.orders (id, number, customer_id, customer_email, status, currency, subtotal, shipping, tax, total, shipping_address, payment_method, created_at)
         VALUES ($1::uuid, 'BS-' || $1::text, $2::uuid, 'b@example.com', $3::orders.order_status, 'USD', 0, 0, 0, 0, '{}', 'pm_card_visa', now() - make_interval(days => $4::int))`,
        [id, CUSTOMER.id, status, daysAgo],
      );
      for (const [index, [productId, quantity]] of lines.entries()) {
        await database.pool.query(
          `INSERT INTO orders.order_items (order_id, position, product_id, sku, name, unit_price, quantity, line_total) VALUES ($1, $2, $3, 'S', 'N', 1, $4, $4)`,
          [id, index + 1, productId, quantity],
        );
      }
    };
    // Only this test's orders count (the file's other orders would mix in).
    await database.pool.query('DELETE FROM orders.orders');
    await insert('paid', [[p1!, 30], [p4!, 35]]);
    await insert('fulfilled', [[p1!, 20]]);
    await insert('delivered', [[p2!, 40], [p5!, 35]]);
    for (const status of ['cancelled', 'refunded', 'payment_failed', 'pending_payment']) await insert(status, [[p3!, 90]]);
    await insert('paid', [[p6!, 99]], 60);
    const [tieFirst, tieSecond] = [p4!, p5!].sort();
    expect((await guests.bestSellers({ limit: 4, days: 30 })).items).toEqual([
      { productId: p1, unitsSold: 50 },
      { productId: p2, unitsSold: 40 },
      { productId: tieFirst, unitsSold: 35 },
      { productId: tieSecond, unitsSold: 35 },
    ]);
    expect((await guests.bestSellers({ limit: 1, days: 90 })).items).toEqual([{ productId: p6, unitsSold: 99 }]);
    const all = (await guests.bestSellers({ limit: 24, days: 365 })).items;
    expect(all.some((item) => item.productId === p3)).toBe(false);
    expect(all.map((item) => item.unitsSold)).toEqual([...all.map((item) => item.unitsSold)].sort((a, b) => b - a));
  });
});

describe('checkout limits (issue #10): one live order per cart, per-customer quantities, the rate limit', () => {
  const buyer = (): AuthUser => ({ id: randomUUID(), email: `buyer-${randomUUID().slice(0, 8)}@omnicart.test`, role: 'customer', staffRole: null, permissions: [] });
  const limitedBody = (quantity: number, paymentMethod = 'pm_card_visa') => body({ items: [{ productId: LIMITED.id, quantity }], paymentMethod });
  const held = async (customerKey: string) =>
    count(`SELECT coalesce(sum(quantity), 0) n FROM orders.customer_product_quantities WHERE customer_key = $1 AND product_id = $2`, [customerKey, LIMITED.id]);

  it('a cart whose order awaits 3-D Secure answers 409 with that order; concurrent checkouts of one cart make one order', async () => {
    const user = buyer();
    const cartId = `cart-${randomUUID()}`;
    fakes.cartsById.set(cartId, { customerId: user.id, items: [{ productId: PRODUCT_A.id, quantity: 1 }] });
    const pending = await service.checkout(user, { cartId, shippingAddress: address, paymentMethod: 'pm_card_authenticationRequired', idempotencyKey: randomUUID() }, null);
    expect(pending).toMatchObject({ status: 'pending_payment', payment: { status: 'requires_action' } });
    const again = await failure(service.checkout(user, { cartId, shippingAddress: address, paymentMethod: 'pm_card_visa', idempotencyKey: randomUUID() }, null));
    expect(again).toMatchObject({ code: 'CONFLICT', details: { reason: 'order_pending', orderId: pending.id, nextAction: 'authenticate_payment' } });
    expect(fakes.chargeCalls).toBe(1);

    // The race: ten keys at once for a fresh cart. The insert's ON CONFLICT decides, whatever the pre-check saw.
    const raced = `cart-${randomUUID()}`;
    fakes.cartsById.set(raced, { customerId: user.id, items: [{ productId: PRODUCT_B.id, quantity: 1 }] });
    fakes.chargeDelayMs = 30;
    const settled = await Promise.allSettled(
      Array.from({ length: 10 }, () => service.checkout(user, { cartId: raced, shippingAddress: address, paymentMethod: 'pm_card_visa', idempotencyKey: randomUUID() }, null)),
    );
    expect(settled.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of settled) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'CONFLICT' });
    expect(await count(`SELECT count(*) n FROM orders.orders WHERE cart_id = $1`, [raced])).toBe(1);
    // Nothing stays reserved for the losers (the winner's hold waits for inventory to take the sale).
    const winner = settled.find((r): r is PromiseFulfilledResult<Awaited<ReturnType<typeof service.checkout>>> => r.status === 'fulfilled')!.value.id;
    const active = [...fakes.reservations].filter(([id, r]) => id !== winner && r.status === 'active' && r.lines.some((l) => l.sku === 'SKU-B'));
    expect(active).toHaveLength(0);
  });

  it('per order and per customer: refused with the limit named; concurrent checkouts cannot pass it together; declines and cancels give units back', async () => {
    const user = buyer();
    const key = `customer:${user.id}`;
    expect(await failure(service.create(user, limitedBody(3), randomUUID()))).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { productId: LIMITED.id, limit: 'perOrder', max: 2, requested: 3 },
    });
    // Ten concurrent orders of 1 with a limit of 3: exactly three succeed.
    const settled = await Promise.allSettled(Array.from({ length: 10 }, () => service.create(user, limitedBody(1), randomUUID())));
    expect(settled.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    for (const r of settled) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'CONFLICT', details: { limit: 'perCustomer', max: 3 } });
    expect(await held(key)).toBe(3);
    const paid = settled.find((r): r is PromiseFulfilledResult<Awaited<ReturnType<typeof service.create>>> => r.status === 'fulfilled')!.value;
    await service.updateStatus(ADMIN, { id: paid.id, status: 'cancelled' });
    expect(await held(key)).toBe(2);
    expect(await failure(service.create(user, limitedBody(2), randomUUID()))).toMatchObject({ details: { alreadyOrdered: 2 } });
    await failure(service.create(user, limitedBody(1, 'pm_card_chargeDeclined'), randomUUID()));
    expect(await held(key)).toBe(2);
    expect((await service.create(user, limitedBody(1), randomUUID())).status).toBe('paid');
    expect(await held(key)).toBe(3);
  });

  it('a limited order inserts in one transaction with its holds; an unlimited one is the same three statements', async () => {
    // Records the statements of the pool and of the clients it lends (the transaction's).
    const statements: string[] = [];
    const name = (config: string | pg.QueryConfig) => (typeof config === 'string' ? config : (config.name ?? config.text));
    const pool = {
      query: (config: string | pg.QueryConfig, values?: unknown[]) => {
        statements.push(name(config));
        return database.pool.query(config as pg.QueryConfig, values);
      },
      connect: async () => {
        const client = await database.pool.connect();
        return {
          query: (config: string | pg.QueryConfig, values?: unknown[]) => {
            statements.push(name(config));
            return client.query(config as pg.QueryConfig, values);
          },
          release: (error?: Error) => client.release(error),
        };
      },
    } as unknown as pg.Pool;
    const counted = createOrdersService({ repository: createOrdersRepository(pool), deps: fakes, rules, logger });
    await counted.create(buyer(), limitedBody(1), randomUUID());
    expect(statements).toEqual(['orders_claim_key', 'BEGIN', 'orders_insert_order', 'orders_hold_quantities', 'COMMIT', 'orders_transition']);
  });

  it("the rate limit: past the window's checkouts 429 with retryAfterSeconds, replays free, the key reusable later", async () => {
    const limited = createOrdersService({ repository: repo, deps: fakes, rules, logger, checkoutRateLimit: { max: 2, windowSeconds: 60 } });
    const user = buyer();
    const first = randomUUID();
    await limited.create(user, body(), first);
    await limited.create(user, body(), randomUUID());
    const key = randomUUID();
    const refused = await failure(limited.create(user, body(), key));
    expect(refused).toMatchObject({ code: 'TOO_MANY_REQUESTS', details: { retryAfterSeconds: expect.any(Number) } });
    expect((refused.details as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
    expect((refused.details as { retryAfterSeconds: number }).retryAfterSeconds).toBeLessThanOrEqual(60);
    expect((await limited.create(user, body(), first)).status).toBe('paid'); // a replay is not a new checkout
    expect((await limited.create(buyer(), body(), randomUUID())).status).toBe('paid'); // another customer
    await database.pool.query(`UPDATE orders.checkout_rate_windows SET window_start = window_start - interval '61 seconds' WHERE customer_key = $1`, [`customer:${user.id}`]);
    expect((await limited.create(user, body(), key)).status).toBe('paid'); // the refused key works once the window passed
  });
});

describe('events, written in the same statement as the change', () => {
  it('announces a paid order (placed, paid, status changed), a declined one, a refund and a cancellation, each matching its contract', async () => {
    const paid = await service.create(CUSTOMER, body(), randomUUID());
    const placed = await outboxRows(database.pool, 'orders', paid.id);
    expect(placed.map((row) => row.type)).toEqual(['orders.order_placed', 'orders.status_changed', 'orders.order_paid']);
    expect(placed[0]!.payload).toMatchObject({ orderId: paid.id, number: paid.number, customerId: CUSTOMER.id, total: paid.total, lines: [{ productId: PRODUCT_A.id, quantity: 2 }] });
    expect(placed[1]!.payload).toMatchObject({ from: 'pending_payment', to: 'paid', actor: 'system' });
    expect(placed[2]!.payload).toMatchObject({ orderId: paid.id, total: paid.total, shippingAddress: { country: 'US' } });

    const declined = await failure(service.create(CUSTOMER, body({ paymentMethod: 'pm_card_chargeDeclined' }), randomUUID()));
    const declinedId = (declined.details as { order: { id: string } }).order.id;
    expect((await outboxRows(database.pool, 'orders', declinedId)).map((row) => [row.type, row.payload.to ?? null])).toEqual([
      ['orders.order_placed', null],
      ['orders.status_changed', 'payment_failed'],
    ]);

    await service.updateStatus(ADMIN, { id: paid.id, status: 'partially_refunded', amount: 500 });
    await service.updateStatus(ADMIN, { id: paid.id, status: 'refunded' });
    const refunds = await outboxRows(database.pool, 'orders', paid.id, 'orders.order_refunded');
    expect(refunds.map((row) => row.payload)).toMatchObject([
      { amount: 500, amountRefunded: 500, full: false },
      { amount: paid.total - 500, amountRefunded: paid.total, full: true },
    ]);

    const cancelled = await service.create(CUSTOMER, body(), randomUUID());
    await service.updateStatus(ADMIN, { id: cancelled.id, status: 'cancelled', note: 'customer asked' });
    expect(await outboxRows(database.pool, 'orders', cancelled.id, 'orders.order_cancelled')).toMatchObject([
      { payload: { from: 'paid', amountRefunded: cancelled.total, note: 'customer asked' } },
    ]);
    // A refused change writes nothing.
    const before = (await outboxRows(database.pool, 'orders', cancelled.id)).length;
    await failure(service.updateStatus(ADMIN, { id: cancelled.id, status: 'paid' }));
    expect(await outboxRows(database.pool, 'orders', cancelled.id)).toHaveLength(before);

    for (const id of [paid.id, declinedId, cancelled.id]) expectDeclared(await outboxRows(database.pool, 'orders', id), ordersEvents);
  });
});

