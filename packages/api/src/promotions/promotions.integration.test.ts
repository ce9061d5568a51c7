import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCommercePlatform, type CommercePlatform } from '../testing/commerce.js';
import { pino } from 'pino';
import { eventually, expectError, jsonRequest, type JsonResponse } from '../testing/http.test-support.js';
import { createPromotionsRepository } from './repository.js';
import { createPromotionsService } from './service.js';

// Promotions through the gateway, every service its own process, real PostgreSQL and the Stripe
// simulator: staff set promotions up, quotes show them, the checkout saga reserves a redemption
// beside the stock (409 with the reason before any charge), commits it when paid and releases it
// on a decline or a crash. Limits hold under concurrency in any interleaving.

let platform: CommercePlatform;
let api: string;
let admin: string;
let customer: string;
let products: { id: string; sku: string; priceAmount: number; categoryId: string }[] = [];

/** Outcomes under concurrency, not deadlines; no checkout rate limit. */
const ENV = { ORDERS_CALL_TIMEOUT_MS: '5000', ORDERS_CHECKOUT_RATE_LIMIT: '0' };
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const address = { name: 'Ada Lovelace', line1: '12 Analytical Row', city: 'Springfield', postalCode: '12345', country: 'US' };
const request = (method: string, path: string, options: { token?: string | undefined; body?: unknown; key?: string } = {}) =>
  jsonRequest(api, method, path, { token: options.token ?? null, body: options.body, ...(options.key ? { headers: { 'idempotency-key': options.key } } : {}) });
const count = async (sql: string, params: unknown[] = []) => Number((await platform.pool.query<{ n: string }>(sql, params)).rows[0]!.n);
const uniqueCode = (prefix: string) => `${prefix}${randomUUID().slice(0, 8).toUpperCase()}`;

/** A code promotion (created through the admin API) and its shared code. */
async function createCode(fields: Record<string, unknown>, code = uniqueCode('T')): Promise<{ id: string; code: string }> {
  const created = await request('POST', '/promotions', { token: admin, body: { kind: 'code', name: `Test ${code}`, discountType: 'percent', percentOff: 10, code, ...fields } });
  expect(created.status, created.text).toBe(201);
  return { id: created.body.id as string, code };
}

/** POST /orders with the items in the body (a customer's order; the Idempotency-Key is new unless given). */
const placeOrder = (items: { productId: string; quantity: number }[], options: { code?: string; paymentMethod?: string; token?: string; key?: string } = {}) =>
  request('POST', '/orders', {
    token: options.token ?? customer,
    key: options.key ?? randomUUID(),
    body: { items, shippingAddress: address, paymentMethod: options.paymentMethod ?? 'pm_card_visa', ...(options.code ? { code: options.code } : {}) },
  });

/** A guest cart holding `quantity` of product `index`, and its id. */
async function guestCart(index: number, quantity = 1): Promise<string> {
  const added = await request('POST', '/cart/items', { body: { productId: products[index]!.id, quantity } });
  expect(added.status, added.text).toBeLessThan(300);
  return added.body.id as string;
}
const quote = (cartId: string, code?: string) => request('POST', '/orders/quote', { body: { cartId, country: 'US', ...(code ? { code } : {}) } });
const guestCheckout = (cartId: string, email: string, code?: string, paymentMethod = 'pm_card_visa') =>
  request('POST', '/orders/guest-checkout', { key: randomUUID(), body: { cartId, email, shippingAddress: address, paymentMethod, ...(code ? { code } : {}) } });
const redemptionsOf = (promotionId: string) =>
  platform.pool.query<{ state: string; order_id: string }>(
    `SELECT r.state, r.order_id::text FROM promotions.redemptions r JOIN promotions.redemption_lines l USING (order_id) WHERE l.promotion_id = $1`,
    [promotionId],
  );
const promotion = async (id: string) => (await request('GET', `/promotions/${id}`, { token: admin })).body;
const refusalOf = (response: JsonResponse) => ({ status: response.status, reason: response.body?.error?.details?.reason as string | undefined });

beforeAll(async () => {
  platform = await startCommercePlatform({ products: 30, env: { ...ENV } });
  api = `${platform.gatewayUrl}/api/v1`;
  admin = await platform.adminToken();
  customer = await platform.customerToken();
  const list = await request('GET', '/products?limit=30');
  expect(list.status, list.text).toBe(200);
  products = (list.body.items as { id: string; sku: string; price: { amount: number }; category: { id: string } }[])
    .map((p) => ({ id: p.id, sku: p.sku, priceAmount: p.price.amount, categoryId: p.category.id }))
    .filter((p) => p.priceAmount >= 500);
  expect(products.length).toBeGreaterThanOrEqual(12);
  for (const product of products.slice(0, 12)) await platform.setStock(product.sku, 10_000);
}, 180_000);

afterAll(async () => {
  await platform?.shutdown();
});

describe('setting promotions up (admin API)', () => {
  it('validates what a merchant enters, with clear 400s, 409 on a taken code, 403 without discounts:write', async () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ discountType: 'percent', percentOff: undefined }, 'percentOff'],
      [{ discountType: 'percent', percentOff: 101 }, 'percentOff'],
      [{ discountType: 'percent', percentOff: 12.345 }, 'two decimals'],
      [{ discountType: 'fixed', percentOff: undefined }, 'amountOff'],
      [{ discountType: 'free_shipping', percentOff: 5 }, 'Free shipping'],
      [{ scope: 'categories' }, 'categoryIds'],
      [{ startsAt: '2026-12-24T00:00', endsAt: '2026-12-23T00:00' }, 'endsAt'],
      [{ startsAt: 'tomorrow' }, 'date'],
      [{ code: 'no spaces please' }, 'letters, digits'],
    ];
    for (const [fields, words] of bad) {
      const response = await request('POST', '/promotions', { token: admin, body: { kind: 'code', name: 'Bad', discountType: 'percent', percentOff: 10, ...fields } });
      expectError(response, 400, 'VALIDATION_FAILED');
      expect(response.body.error.message, JSON.stringify(fields)).toContain(words);
    }
    const { code } = await createCode({});
    expect((await request('POST', '/promotions', { token: admin, body: { kind: 'code', name: 'Again', discountType: 'percent', percentOff: 5, code: ` ${code.toLowerCase()} ` } })).status).toBe(409);
    expect((await request('POST', '/promotions', { token: customer, body: { kind: 'code', name: 'Mine', discountType: 'percent', percentOff: 90 } })).status).toBe(403);
    expect((await request('GET', '/promotions', { token: customer })).status).toBe(403);
  });

  it('reads start and end times as store time and reports each promotion’s state', async () => {
    const { id } = await createCode({ startsAt: '2030-07-04T09:30', endsAt: '2030-07-05T00:00:00Z' });
    const read = await promotion(id);
    expect(read).toMatchObject({ startsAt: '2030-07-04T13:30:00.000Z', endsAt: '2030-07-05T00:00:00.000Z', state: 'scheduled', label: '10 % off', used: 0 });
    const deactivated = await request('PATCH', `/promotions/${id}`, { token: admin, body: { active: false } });
    expect(deactivated.status, deactivated.text).toBe(200);
    expect(deactivated.body.state).toBe('inactive');
    const listed = await request('GET', '/promotions?state=inactive&pageSize=100', { token: admin });
    expect(listed.body.items.map((p: { id: string }) => p.id)).toContain(id);
    // Both changes reach the audit log (written in their transactions, through the outbox).
    const history = await eventually(
      () => request('GET', `/audit/entities/promotion/${id}`, { token: admin }),
      (response) => response.body?.items?.length === 2,
      'the promotion’s audit entries',
    );
    expect(history.body.items.map((entry: { action: string }) => entry.action)).toEqual(['deactivated', 'created']);
    expect(history.body.items[0].changes).toEqual([{ field: 'active', before: true, after: false }]);
  });

  it('generates unguessable single-use codes and exports them as CSV', async () => {
    const { id } = await createCode({ discountType: 'fixed', percentOff: undefined, amountOff: 500 });
    const batch = await request('POST', `/promotions/${id}/codes`, { token: admin, body: { count: 300, prefix: 'xmas' } });
    expect(batch.status, batch.text).toBe(201);
    expect(batch.body.count).toBe(300);
    const codes = batch.body.codes as string[];
    expect(new Set(codes).size).toBe(300);
    for (const code of codes) expect(code).toMatch(/^XMAS-[A-HJ-NP-Z2-9]{10}$/);
    const csv = await request('GET', `/promotions/${id}/codes/csv?batchId=${batch.body.batchId}`, { token: admin });
    expect(csv.status, csv.text).toBe(200);
    const rows = (csv.body.csv as string).trim().split('\r\n');
    expect(rows[0]).toBe('code,batch_id,usage_limit,used,created_at');
    expect(rows.slice(1).map((row) => row.split(',')[0]).sort()).toEqual([...codes].sort());
    expect((await request('POST', `/promotions/${id}/codes`, { token: admin, body: { count: 10_001 } })).status).toBe(400);
  });
});

describe('quotes and refusals', () => {
  it('shows the discount per line and in total, tax on the discounted amounts, and every refusal reason', async () => {
    const cartId = await guestCart(0, 2);
    const product = products[0]!;
    const subtotal = product.priceAmount * 2;
    const { code } = await createCode({ percentOff: 15 });
    const quoted = await quote(cartId, `  ${code.toLowerCase()} `);
    expect(quoted.status, quoted.text).toBe(200);
    const discount = Math.floor((subtotal * 1500 + 5_000) / 10_000);
    expect(quoted.body).toMatchObject({ subtotal, discount, codeRefusal: null, lines: [{ productId: product.id, discount }] });
    expect(quoted.body.discounts).toEqual([expect.objectContaining({ kind: 'code', code, label: '15 % off', amount: discount })]);
    expect(quoted.body.total).toBe(subtotal - discount + quoted.body.shipping + quoted.body.tax);
    const plain = await quote(cartId);
    expect(plain.body.tax).toBeGreaterThan(quoted.body.tax); // tax follows the discounted amount

    const expired = await createCode({ endsAt: '2020-01-01T00:00:00Z' });
    const notStarted = await createCode({ startsAt: '2099-01-01T00:00' });
    const minimum = await createCode({ minSubtotal: subtotal + 1 });
    const otherProduct = await createCode({ scope: 'products', productIds: [products[5]!.id] });
    const inactive = await createCode({ active: false });
    const usedUp = await createCode({ usageLimit: 1 });
    expect((await guestCheckout(await guestCart(1), `used-up-${randomUUID()}@example.com`, usedUp.code)).status).toBe(201);
    const cases: [string, string][] = [
      ['NOSUCHCODE', 'unknown_code'],
      [expired.code, 'expired'],
      [notStarted.code, 'not_started'],
      [minimum.code, 'minimum_not_met'],
      [otherProduct.code, 'not_applicable'],
      [inactive.code, 'inactive'],
      [usedUp.code, 'usage_limit_reached'],
    ];
    for (const [given, reason] of cases) {
      const response = await quote(cartId, given);
      expect(response.status, response.text).toBe(200);
      expect(response.body.codeRefusal, given).toMatchObject({ reason, message: expect.any(String) });
      expect(response.body).toMatchObject({ discount: 0, total: plain.body.total });
      // Checkout refuses the same code with 409 and the reason, before any charge.
      const paymentsBefore = await count(`SELECT count(*) n FROM payments.payments`);
      const refused = await guestCheckout(cartId, 'refused@example.com', given);
      expect(refusalOf(refused), given).toEqual({ status: 409, reason });
      expect(await count(`SELECT count(*) n FROM payments.payments`)).toBe(paymentsBefore);
    }
    // Nothing of those checkouts is left held: the cart still checks out, at the catalog's prices.
    expect(await count(`SELECT count(*) n FROM inventory.reservations WHERE status = 'active' AND id NOT IN (SELECT id FROM orders.orders)`)).toBe(0);
  });

  it('refuses a second use by the same customer across two carts (per-customer limit), guests by e-mail', async () => {
    const { id, code } = await createCode({ perCustomerLimit: 1 });
    const email = `once-${randomUUID()}@example.com`;
    expect((await guestCheckout(await guestCart(2), email, code)).status).toBe(201);
    const second = await guestCart(3);
    expect((await quote(second, code)).body.codeRefusal).toBeNull(); // a guest is known by e-mail only at checkout
    expect(refusalOf(await guestCheckout(second, email.toUpperCase(), code))).toEqual({ status: 409, reason: 'already_used' });
    expect((await guestCheckout(second, `someone-else-${randomUUID()}@example.com`, code)).status).toBe(201);

    // A signed-in customer: the quote already knows.
    expect((await placeOrder([{ productId: products[2]!.id, quantity: 1 }], { code })).status).toBe(201);
    const customerCart = await request('POST', '/cart/items', { token: customer, body: { productId: products[4]!.id, quantity: 1 } });
    expect(customerCart.status, customerCart.text).toBeLessThan(300);
    const customerQuote = await request('POST', '/orders/quote', { token: customer, body: { country: 'US', code } });
    expect(customerQuote.body.codeRefusal).toMatchObject({ reason: 'already_used', message: 'You have already used this code' });
    const refused = await request('POST', '/orders/checkout', { token: customer, key: randomUUID(), body: { shippingAddress: address, paymentMethod: 'pm_card_visa', code } });
    expect(refusalOf(refused)).toEqual({ status: 409, reason: 'already_used' });
    await request('DELETE', '/cart', { token: customer });
    await eventually(() => redemptionsOf(id), (result) => result.rows.filter((r) => r.state === 'committed').length === 3, 'three committed redemptions');
  });

  it('prices the checkout from the catalog’s price at that moment, and re-checks the minimum', async () => {
    const product = products[6]!;
    const { code } = await createCode({ discountType: 'fixed', percentOff: undefined, amountOff: 300, minSubtotal: product.priceAmount });
    const cartId = await guestCart(6);
    expect((await quote(cartId, code)).body).toMatchObject({ subtotal: product.priceAmount, discount: 300 });
    // The price drops below the minimum between the cart and the checkout.
    const lower = product.priceAmount - 100;
    expect((await request('PUT', `/products/${product.id}`, { token: admin, body: { id: product.id, price: { amount: lower } } })).status).toBe(200);
    await eventually(() => quote(cartId), (response) => response.body?.subtotal === lower, 'the new price to reach the quote');
    await pause(2_500); // checkout's price cache follows the catalog's change feed (ORDERS_CATALOG_POLL_MS, 1 s)
    expect(refusalOf(await guestCheckout(cartId, 'price@example.com', code))).toEqual({ status: 409, reason: 'minimum_not_met' });
    // Back above it: the order is priced at the new price, the discount taken off it.
    const higher = product.priceAmount + 200;
    await request('PUT', `/products/${product.id}`, { token: admin, body: { id: product.id, price: { amount: higher } } });
    await eventually(() => quote(cartId), (response) => response.body?.subtotal === higher, 'the second price to reach the quote');
    await pause(2_500);
    const placed = await guestCheckout(cartId, 'price@example.com', code);
    expect(placed.status, placed.text).toBe(201);
    expect(placed.body).toMatchObject({ subtotal: higher, discount: 300, items: [{ unitPrice: higher, discount: 300 }] });
    expect(placed.body.total).toBe(higher - 300 + placed.body.shipping + placed.body.tax);
    await request('PUT', `/products/${product.id}`, { token: admin, body: { id: product.id, price: { amount: product.priceAmount } } });
  });
});

describe('exactly once under concurrency', () => {
  it('20 concurrent checkouts with one single-use code: exactly one discounted order, the rest 409 before any charge', async () => {
    const { id } = await createCode({});
    const batch = await request('POST', `/promotions/${id}/codes`, { token: admin, body: { count: 1 } });
    const [code] = batch.body.codes as string[];
    const paymentsBefore = await count(`SELECT count(*) n FROM payments.payments`);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => placeOrder([{ productId: products[i % 4]!.id, quantity: 1 }], { code: code! })));
    const placed = answers.filter((a) => a.status === 201);
    expect(placed, answers.map((a) => a.status).join(',')).toHaveLength(1);
    expect(placed[0]!.body.discount).toBeGreaterThan(0);
    for (const answer of answers.filter((a) => a.status !== 201)) expect(refusalOf(answer)).toEqual({ status: 409, reason: 'usage_limit_reached' });
    expect(await count(`SELECT count(*) n FROM payments.payments`)).toBe(paymentsBefore + 1);
    expect(await count(`SELECT count(*) n FROM promotions.codes WHERE code = $1 AND used = 1`, [code])).toBe(1);
    await eventually(() => redemptionsOf(id), (result) => result.rows.length === 1 && result.rows[0]!.state === 'committed', 'the redemption to be committed');
  }, 60_000);

  it('a usage limit of 3 under 30 concurrent checkouts: never more than 3 redemptions', async () => {
    const { id, code } = await createCode({ usageLimit: 3 });
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => placeOrder([{ productId: products[i % 5]!.id, quantity: 1 }], { code })));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201), statuses.join(',')).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(27);
    expect((await promotion(id)).used).toBe(3);
    await eventually(() => promotion(id), (p) => p.stats.redemptions === 3, 'three paid redemptions in the stats');
    const stats = (await promotion(id)).stats;
    const totals = answers.filter((a) => a.status === 201).reduce((sum, a) => sum + (a.body.total as number), 0);
    expect(stats).toMatchObject({ redemptions: 3, reserved: 0, revenue: totals });
  }, 60_000);
});

describe('failures give the code back', () => {
  it('a declined payment releases the redemption: the single-use code works on the next try', async () => {
    const { id } = await createCode({});
    const [code] = (await request('POST', `/promotions/${id}/codes`, { token: admin, body: { count: 1 } })).body.codes as string[];
    const declined = await placeOrder([{ productId: products[7]!.id, quantity: 1 }], { code: code!, paymentMethod: 'pm_card_chargeDeclined' });
    expect(declined.status, declined.text).toBe(402);
    expect((await redemptionsOf(id)).rows).toEqual([expect.objectContaining({ state: 'released' })]);
    const retried = await placeOrder([{ productId: products[7]!.id, quantity: 1 }], { code: code! });
    expect(retried.status, retried.text).toBe(201);
    expect(retried.body.discounts).toEqual([expect.objectContaining({ code, kind: 'code' })]);
  });

  it('a crash after the reservation or before the payment ends consistent after recovery', async () => {
    const recoveryEnv = { ...ENV, ORDERS_RECOVERY_AFTER_MS: '300', ORDERS_RECOVERY_INTERVAL_MS: '200' };
    for (const point of ['after-reserve', 'before-payment']) {
      const { id } = await createCode({});
      const [code] = (await request('POST', `/promotions/${id}/codes`, { token: admin, body: { count: 1 } })).body.codes as string[];
      await platform.restart('orders', { ...recoveryEnv, ORDERS_CRASH_AT: point });
      const key = randomUUID();
      const crashed = await placeOrder([{ productId: products[8]!.id, quantity: 1 }], { code: code!, key });
      expect([502, 503, 504], `${point}: ${crashed.text}`).toContain(crashed.status);
      await platform.restart('orders', recoveryEnv);
      // The redemption is released (no order, or an abandoned one): the code works again.
      await eventually(() => redemptionsOf(id), (result) => result.rows.length === 1 && result.rows[0]!.state === 'released', `${point}: the redemption to be released`);
      const orderId = (await redemptionsOf(id)).rows[0]!.order_id;
      expect(await count(`SELECT count(*) n FROM inventory.reservations WHERE id = $1 AND status = 'active'`, [orderId])).toBe(0);
      expect(await count(`SELECT count(*) n FROM payments.payments WHERE order_id = $1`, [orderId])).toBe(0);
      const again = await placeOrder([{ productId: products[8]!.id, quantity: 1 }], { code: code! });
      expect(again.status, `${point}: ${again.text}`).toBe(201);
    }
  }, 180_000);
});

describe('campaign codes (notifications’ campaigns)', () => {
  /** The service on the platform's database, in this process: five "replicas" racing on one pool. */
  const service = () =>
    createPromotionsService({ repository: createPromotionsRepository(platform.pool), categories: { parents: async () => new Map() }, storeTimeZone: 'UTC', logger: pino({ level: 'silent' }) });

  it('assigns one single-use code per (campaign, recipient), exactly once under concurrent and repeated calls', async () => {
    const { id } = await createCode({}, uniqueCode('C'));
    const campaignId = randomUUID();
    const keys = Array.from({ length: 40 }, () => randomUUID());
    // Overlapping pages, five at once (two replicas, retries): each recipient ends with one code.
    const answers = await Promise.all(
      [keys.slice(0, 30), keys.slice(10, 40), keys, keys.slice(0, 20), keys.slice(20)].map((page) => service().assignCodes({ promotionId: id, campaignId, recipientKeys: page })),
    );
    const byKey = new Map<string, string>();
    for (const answer of answers) {
      for (const { recipientKey, code } of answer.codes) {
        if (byKey.has(recipientKey)) expect(code).toBe(byKey.get(recipientKey));
        byKey.set(recipientKey, code);
      }
    }
    expect(byKey.size).toBe(40);
    expect(new Set(byKey.values()).size).toBe(40);
    expect(await count(`SELECT count(*) n FROM promotions.codes WHERE campaign_id = $1`, [campaignId])).toBe(40);
    expect(await count(`SELECT count(*) n FROM promotions.codes WHERE campaign_id = $1 AND usage_limit = 1 AND promotion_id = $2`, [campaignId, id])).toBe(40);
    // Another campaign of the same promotion gets other codes.
    const other = await service().assignCodes({ promotionId: id, campaignId: randomUUID(), recipientKeys: keys.slice(0, 5) });
    for (const { code } of other.codes) expect([...byKey.values()]).not.toContain(code);
  });

  it('counts a campaign’s paid orders: its codes’ redemptions, their totals and the discount they took', async () => {
    const { id } = await createCode({}, uniqueCode('R'));
    const campaignId = randomUUID();
    const { codes } = await service().assignCodes({ promotionId: id, campaignId, recipientKeys: ['one', 'two'] });
    expect((await service().campaignStats({ campaigns: [{ campaignId }] })).items).toEqual([{ campaignId, redemptions: 0, revenue: 0, discountCost: 0 }]);
    const placed = await placeOrder([{ productId: products[9]!.id, quantity: 1 }], { code: codes[0]!.code });
    expect(placed.status, placed.text).toBe(201);
    const stats = await eventually(
      () => service().campaignStats({ campaigns: [{ campaignId }] }),
      (answer) => answer.items[0]!.redemptions === 1,
      'the committed redemption',
    );
    expect(stats.items[0]).toEqual({ campaignId, redemptions: 1, revenue: placed.body.total, discountCost: placed.body.discount });
    await expect(service().assignCodes({ promotionId: randomUUID(), campaignId, recipientKeys: ['x'] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
