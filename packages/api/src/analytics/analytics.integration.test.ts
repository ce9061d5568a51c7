import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEventData } from '@omnicart/contracts';
import { startCommercePlatform, type CommercePlatform } from '../testing/commerce.js';
import { eventually as waitFor } from '../testing/http.test-support.js';
import { analyticsInteractionsRecorded } from './events.js';
import { createAnalyticsRepository } from './repository.js';
import { createAnalyticsService } from './service.js';
import { storeDay } from './timezone.js';

/**
 * Analytics end to end: every service its own process (the split topology), behaviour events sent
 * through the gateway as the storefront's BFF sends them, real orders placed, paid, refunded and
 * cancelled through the gateway; reports read back through the gateway as the admin reads them.
 */

let platform: CommercePlatform;
let api: string;
const TZ = 'America/New_York';

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

const eventually = <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000) => waitFor(read, done, what, timeoutMs, 150);

const address = { name: 'Ada Lovelace', line1: '12 Analytical Way', city: 'Springfield', postalCode: '12345', country: 'US' };

type Ev = Record<string, unknown>;
let clock = Date.now() - 20 * 60_000;
/** Events a few seconds apart, in the order made (the last 20 minutes: all on today's store day unless near midnight). */
function ev(type: string, props: Record<string, unknown>, ids: { visitorId: string | null; sessionId: string | null }, overrides: Ev = {}): Ev {
  clock += 1_000;
  return { id: randomUUID(), type, occurredAt: new Date(clock).toISOString(), ...ids, page: { path: '/x', referrerHost: null }, device: 'desktop', props, ...overrides };
}
const ingest = (events: unknown[], token: string | null = null) => call('POST', '/analytics/events', { body: { events }, token });
const today = () => storeDay(new Date(clock), TZ);
const report = async (name: string, query: string) => {
  const answer = await call('GET', `/analytics/reports/${name}?${query}`, { token: await platform.adminToken() });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
};

async function inStockProducts(count: number): Promise<Array<{ id: string; name: string; price: { amount: number } }>> {
  const listed = await call('GET', `/products?limit=${count}&inStock=true`);
  expect(listed.status).toBe(200);
  return listed.body.items;
}

async function customerOrder(productId: string, quantity = 1, code?: string): Promise<Call['body']> {
  const placed = await call('POST', '/orders', {
    token: await platform.customerToken(),
    key: randomUUID(),
    body: { items: [{ productId, quantity }], shippingAddress: address, paymentMethod: 'pm_card_visa', ...(code ? { code } : {}) },
  });
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  return placed.body;
}

async function guestOrder(email: string, productId: string): Promise<Call['body']> {
  const cart = await call('POST', '/cart/items', { body: { productId, quantity: 1 } });
  expect(cart.status, JSON.stringify(cart.body)).toBeLessThan(300);
  const placed = await call('POST', '/orders/guest-checkout', { key: randomUUID(), body: { cartId: cart.body.id, email, shippingAddress: address, paymentMethod: 'pm_card_visa' } });
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  return placed.body;
}

beforeAll(async () => {
  platform = await startCommercePlatform({ products: 20, env: { STORE_TIMEZONE: TZ } });
  api = `${platform.gatewayUrl}/api/v1`;
}, 180_000);

afterAll(async () => {
  if (process.env.DEBUG_ANALYTICS) console.log(platform?.output('analytics'));
  await platform?.shutdown();
});

describe('ingest', () => {
  it('bad and oversized events are refused with reasons, the rest of the batch kept; over 100 → 400', async () => {
    const ids = { visitorId: randomUUID(), sessionId: randomUUID() };
    const good = [ev('page_view', { pageType: 'home' }, ids), ev('page_view', { pageType: 'category', categoryId: randomUUID() }, ids)];
    const bad = ev('add_to_cart', { productId: 'nope', quantity: 0 }, ids);
    const oversized = ev('page_view', { pageType: 'search', query: 'x'.repeat(150) }, ids, { page: { path: `/${'p'.repeat(511)}`, referrerHost: 'r'.repeat(255) }, props: { pageType: 'other', junk: 'j'.repeat(4_000) } });
    const unknown = ev('teleport', {}, ids);
    const answer = await ingest([good[0], bad, oversized, good[1], unknown]);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.accepted).toBe(2);
    expect(answer.body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2, 4]);
    expect(answer.body.rejected[1].reason).toMatch(/at most 4096/);
    const { rows } = await platform.pool.query('SELECT id FROM analytics.behaviour_events WHERE id = ANY($1::uuid[])', [good.map((e) => e.id)]);
    expect(rows).toHaveLength(2);

    expect((await ingest(Array.from({ length: 101 }, () => good[0]))).status).toBe(400);
    expect((await call('POST', '/analytics/events', { body: { events: 'x' } })).status).toBe(400);
  });

  it('the same event delivered twice is counted once', async () => {
    const product = randomUUID();
    const view = ev('page_view', { pageType: 'product', productId: product }, { visitorId: randomUUID(), sessionId: randomUUID() });
    expect((await ingest([view, view])).body).toEqual({ accepted: 2, rejected: [] });
    expect((await ingest([view])).body.accepted).toBe(1);
    const { rows } = await platform.pool.query('SELECT count(*)::int AS n FROM analytics.behaviour_events WHERE id = $1', [view.id]);
    expect(rows[0].n).toBe(1);
    const { rows: views } = await platform.pool.query('SELECT sum(views)::int AS n FROM analytics.daily_product WHERE product_id = $1', [product]);
    expect(views[0].n).toBe(1);
  });

  it('concurrent batches over the same products, query and shelf on the same day → rollups equal the exact counts', async () => {
    const products = [randomUUID(), randomUUID(), randomUUID()];
    const query = `concurrent ${randomUUID().slice(0, 8)}`;
    const shelfBefore = await platform.pool.query(`SELECT COALESCE(sum(impressions), 0)::int AS impressions, COALESCE(sum(clicks), 0)::int AS clicks FROM analytics.daily_shelf WHERE shelf = 'similar'`);
    // 8 batches × 5 sessions, sent at once: each session views every product, adds one to the cart, searches and clicks a shelf.
    const batches = Array.from({ length: 8 }, (_, b) =>
      Array.from({ length: 5 }, (_, s) => {
        const ids = { visitorId: randomUUID(), sessionId: randomUUID() };
        return [
          ...products.map((productId) => ev('page_view', { pageType: 'product', productId }, ids)),
          ev('add_to_cart', { productId: products[(b + s) % 3], quantity: 1 }, ids),
          ev('page_view', { pageType: 'search', query, resultCount: 3 }, ids),
          ev('product_impression', { productIds: products, list: 'similar', position: 1 }, ids),
          ev('recommendation_click', { productId: products[0], shelf: 'similar', sourceProductId: products[1], position: 1 }, ids),
        ];
      }).flat(),
    );
    const answers = await Promise.all(batches.map((events) => ingest(events)));
    expect(answers.map((answer) => answer.status)).toEqual(batches.map(() => 200));
    expect(answers.map((answer) => answer.body.accepted)).toEqual(batches.map((events) => events.length));

    const { rows: raw } = await platform.pool.query('SELECT count(*)::int AS n FROM analytics.behaviour_events WHERE id = ANY($1::uuid[])', [batches.flat().map((e) => e.id)]);
    expect(raw[0].n).toBe(8 * 5 * 7);
    const { rows: views } = await platform.pool.query(
      'SELECT product_id, sum(views)::int AS views, sum(add_to_carts)::int AS add_to_carts FROM analytics.daily_product WHERE product_id = ANY($1::uuid[]) GROUP BY product_id',
      [products],
    );
    const carts = (i: number) => batches.reduce((n, _, b) => n + [0, 1, 2, 3, 4].filter((s) => (b + s) % 3 === i).length, 0);
    expect(Object.fromEntries(views.map((row) => [row.product_id, [row.views, row.add_to_carts]]))).toEqual(Object.fromEntries(products.map((id, i) => [id, [40, carts(i)]])));
    const { rows: searches } = await platform.pool.query('SELECT sum(searches)::int AS n FROM analytics.daily_search WHERE query = $1', [query]);
    expect(searches[0].n).toBe(40);
    const { rows: shelf } = await platform.pool.query(`SELECT sum(impressions)::int AS impressions, sum(clicks)::int AS clicks FROM analytics.daily_shelf WHERE shelf = 'similar'`);
    expect({ impressions: shelf[0].impressions - shelfBefore.rows[0].impressions, clicks: shelf[0].clicks - shelfBefore.rows[0].clicks }).toEqual({ impressions: 40 * 3, clicks: 40 });
  });

  it('the same events sent concurrently by several senders are stored and counted once', async () => {
    const product = randomUUID();
    const ids = { visitorId: randomUUID(), sessionId: randomUUID() };
    const events = Array.from({ length: 20 }, () => ev('page_view', { pageType: 'product', productId: product }, ids));
    const answers = await Promise.all(Array.from({ length: 4 }, () => ingest(events)));
    expect(answers.map((answer) => answer.body)).toEqual(answers.map(() => ({ accepted: 20, rejected: [] })));
    const { rows } = await platform.pool.query('SELECT count(*)::int AS n FROM analytics.behaviour_events WHERE id = ANY($1::uuid[])', [events.map((e) => e.id)]);
    expect(rows[0].n).toBe(20);
    const { rows: views } = await platform.pool.query('SELECT sum(views)::int AS n FROM analytics.daily_product WHERE product_id = $1', [product]);
    expect(views[0].n).toBe(20);
  });

  it('a session split over batches sent at the same time gets every funnel step (each batch sees the other’s events)', async () => {
    const product = randomUUID();
    const sessions = Array.from({ length: 10 }, () => ({ visitorId: randomUUID(), sessionId: randomUUID() }));
    const steps = sessions.map((ids) => [
      ev('page_view', { pageType: 'product', productId: product }, ids),
      ev('add_to_cart', { productId: product, quantity: 1 }, ids),
      ev('checkout_started', { itemCount: 1 }, ids),
      ev('order_placed', { orderId: randomUUID() }, ids),
    ]);
    // Two batches per session: the product view and the checkout in one, the cart and the order in the other.
    const answers = await Promise.all([
      ingest(steps.flatMap((s) => [s[0], s[2]])),
      ingest(steps.flatMap((s) => [s[1], s[3]])),
    ]);
    expect(answers.map((answer) => answer.body.accepted)).toEqual([20, 20]);
    const { rows } = await platform.pool.query(
      `SELECT count(product_view_at)::int AS pv, count(add_to_cart_at)::int AS atc, count(checkout_started_at)::int AS co, count(order_placed_at)::int AS op
         FROM analytics.sessions WHERE session_id = ANY($1::uuid[])`,
      [sessions.map((ids) => ids.sessionId)],
    );
    expect(rows[0]).toEqual({ pv: 10, atc: 10, co: 10, op: 10 });
  });

  it('a Do-Not-Track visitor (null ids) leaves no id, even signed in, and never reaches the interactions event', async () => {
    const product = randomUUID();
    const view = ev('page_view', { pageType: 'product', productId: product }, { visitorId: null, sessionId: null });
    const cart = ev('add_to_cart', { productId: product, quantity: 1 }, { visitorId: null, sessionId: null });
    expect((await ingest([view, cart], await platform.customerToken())).body.accepted).toBe(2);
    const { rows } = await platform.pool.query('SELECT visitor_id, session_id, customer_id FROM analytics.behaviour_events WHERE id = ANY($1::uuid[])', [[view.id, cart.id]]);
    expect(rows).toEqual([
      { visitor_id: null, session_id: null, customer_id: null },
      { visitor_id: null, session_id: null, customer_id: null },
    ]);
    const { rows: outbox } = await platform.pool.query(`SELECT payload FROM analytics.outbox_events WHERE payload::text LIKE $1`, [`%${product}%`]);
    expect(outbox).toHaveLength(0);
    // Counted in aggregates.
    const { rows: agg } = await platform.pool.query('SELECT views, add_to_carts FROM analytics.daily_product WHERE product_id = $1', [product]);
    expect(agg[0]).toEqual({ views: 1, add_to_carts: 1 });
  });

  it('publishes analytics.interactions_recorded with the identified visitors’ interactions and sign-in links', async () => {
    const ids = { visitorId: randomUUID(), sessionId: randomUUID() };
    const product = randomUUID();
    const token = await platform.customerToken();
    const events = [ev('page_view', { pageType: 'product', productId: product }, ids), ev('identify', {}, ids)];
    expect((await ingest(events, token)).body.accepted).toBe(2);
    const { rows } = await platform.pool.query(`SELECT payload FROM analytics.outbox_events WHERE type = 'analytics.interactions_recorded' AND payload::text LIKE $1`, [`%${product}%`]);
    expect(rows).toHaveLength(1);
    expect(checkEventData(analyticsInteractionsRecorded, rows[0].payload).ok).toBe(true);
    expect(rows[0].payload.interactions).toEqual([expect.objectContaining({ eventId: events[0]!.id, kind: 'product_view', productId: product, visitorId: ids.visitorId, sessionId: ids.sessionId })]);
    expect(rows[0].payload.interactions[0].customerId).toMatch(/^[0-9a-f-]{36}$/);
    expect(rows[0].payload.links).toEqual([{ visitorId: ids.visitorId, customerId: rows[0].payload.interactions[0].customerId }]);
  });
});

describe('reports', () => {
  it('401 for anonymous, 403 for a customer, 200 for staff; bad ranges 400', async () => {
    const query = 'from=2026-11-01&to=2026-11-30';
    for (const name of ['sales', 'products', 'categories', 'funnel', 'search', 'retention', 'recommendations', 'sales/csv']) {
      expect((await call('GET', `/analytics/reports/${name}?${query}`)).status, name).toBe(401);
      expect((await call('GET', `/analytics/reports/${name}?${query}`, { token: await platform.customerToken() })).status, name).toBe(403);
      expect((await call('GET', `/analytics/reports/${name}?${query}`, { token: await platform.adminToken() })).status, name).toBe(200);
    }
    const admin = await platform.adminToken();
    expect((await call('GET', '/analytics/reports/sales?from=2026-11-30&to=2026-11-01', { token: admin })).status).toBe(400);
    expect((await call('GET', '/analytics/reports/sales?from=2020-01-01&to=2026-11-01', { token: admin })).status).toBe(400);
    expect((await call('GET', '/analytics/reports/sales?from=yesterday&to=2026-11-01', { token: admin })).status).toBe(400);
  });

  it('storefront-shaped sessions → the funnel counts exactly as generated (steps in order within the session)', async () => {
    const day = today();
    const before = await report('funnel', `from=${day}&to=${day}&compare=false`);
    const p = randomUUID();
    const s = () => ({ visitorId: randomUUID(), sessionId: randomUUID() });
    const [s1, s2, s3, s4, s5] = [s(), s(), s(), s(), s()];
    const events = [
      ev('page_view', { pageType: 'home' }, s1),
      ev('page_view', { pageType: 'product', productId: p }, s1),
      ev('add_to_cart', { productId: p, quantity: 1 }, s1),
      ev('checkout_started', { cartValue: 1000, itemCount: 1 }, s1),
      ev('checkout_step_completed', { step: 'address' }, s1),
      ev('order_placed', { orderId: randomUUID() }, s1),
      ev('page_view', { pageType: 'product', productId: p }, s2),
      ev('add_to_cart', { productId: p, quantity: 2 }, s2),
      ev('page_view', { pageType: 'home' }, s3),
      // add to cart before any product view, then a view: reaches product_view only
      ev('add_to_cart', { productId: p, quantity: 1 }, s4),
      ev('page_view', { pageType: 'product', productId: p }, s4),
      ev('checkout_started', {}, s4),
      ev('page_view', { pageType: 'product', productId: p }, s5),
    ];
    // Sent in two batches, the second session's events split across them.
    expect((await ingest(events.slice(0, 7))).body.accepted).toBe(7);
    expect((await ingest(events.slice(7))).body.accepted).toBe(6);
    const after = await report('funnel', `from=${day}&to=${day}&compare=false`);
    const delta = after.current.steps.map((step: { count: number }, i: number) => step.count - before.current.steps[i].count);
    expect(delta).toEqual([5, 4, 2, 1, 1]);
    expect(after.current.steps.map((step: { step: string }) => step.step)).toEqual(['session', 'product_view', 'add_to_cart', 'checkout_started', 'order_placed']);
    expect(after.previous).toBeNull();
  });

  it('a day boundary in the store time zone vs UTC: 02:00 UTC is the previous day in New York', async () => {
    const now = Date.now();
    const midnight = Math.floor(now / 86_400_000) * 86_400_000;
    const at = midnight + 2 * 3_600_000 <= now ? midnight + 2 * 3_600_000 : midnight - 22 * 3_600_000;
    const utcDay = new Date(at).toISOString().slice(0, 10);
    const nyDay = storeDay(new Date(at), TZ);
    expect(nyDay < utcDay).toBe(true);
    const product = randomUUID();
    const view = ev('page_view', { pageType: 'product', productId: product }, { visitorId: randomUUID(), sessionId: randomUUID() }, { occurredAt: new Date(at).toISOString() });
    expect((await ingest([view])).body.accepted).toBe(1);
    const onNy = await report('products', `from=${nyDay}&to=${nyDay}&compare=false&by=units&limit=100`);
    expect(onNy.current.items.find((item: { productId: string }) => item.productId === product)).toMatchObject({ views: 1 });
    const onUtc = await report('products', `from=${utcDay}&to=${utcDay}&compare=false&by=units&limit=100`);
    expect(onUtc.current.items.find((item: { productId: string }) => item.productId === product)).toBeUndefined();
  });

  it('paid, refunded and cancelled orders → revenue net of refunds, new vs returning buyers, products and CSV', async () => {
    const day = storeDay(new Date(), TZ);
    const query = `from=${day}&to=${day}&compare=false`;
    const before = (await report('sales', query)).current.totals;
    const [first, second, third] = await inStockProducts(3);
    const a = await customerOrder(first!.id, 2); // the demo customer's first paid order: new
    const b = await customerOrder(second!.id); // returning
    const c = await customerOrder(third!.id); // returning, then cancelled (its money back)
    const g = await guestOrder(`analytics-${randomUUID()}@example.com`, first!.id); // a guest: new
    const admin = await platform.adminToken();
    const setStatus = async (orderId: string, body: Record<string, unknown>) => {
      const changed = await call('PUT', `/orders/${orderId}/status`, { token: admin, body });
      expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    };
    await setStatus(b.id, { status: 'partially_refunded', amount: 500 });
    await setStatus(c.id, { status: 'cancelled', note: 'Customer asked' });
    const gross = a.total + b.total + c.total + g.total;
    const refunds = 500 + c.total;
    const sales = await eventually(
      async () => (await report('sales', query)).current.totals,
      (totals) => totals.orders - before.orders === 4 && totals.refunds - before.refunds === refunds,
      'the sales facts',
    );
    expect(sales.gross - before.gross).toBe(gross);
    expect(sales.revenue - before.revenue).toBe(gross - refunds);
    expect(sales.units - before.units).toBe(5);
    expect(sales.newCustomers - before.newCustomers).toBe(before.orders === 0 ? 2 : 1);
    expect(sales.newCustomers + sales.returningCustomers - before.newCustomers - before.returningCustomers).toBe(4);

    const products = await report('products', `${query}&by=units&limit=100`);
    const top = products.current.items.find((item: { productId: string }) => item.productId === first!.id);
    expect(top).toMatchObject({ units: 3, orders: 2, name: first!.name });
    expect(top.categoryName).toEqual(expect.any(String));
    // Refunds reach products net: c's full refund takes its whole line back; b's 500 cents refund
    // takes its merchandise share (500 × lines ÷ total, shipping and tax keep theirs).
    const byId = (id: string) => products.current.items.find((item: { productId: string }) => item.productId === id);
    const bLine = b.items[0].lineTotal;
    const bShare = Math.floor((500 * bLine) / b.total);
    expect(byId(second!.id)).toMatchObject({ refunds: bShare, revenue: bLine - bShare });
    expect(byId(third!.id)).toMatchObject({ refunds: c.items[0].lineTotal, revenue: 0 });
    const categories = await report('categories', query);
    expect(categories.current.items.length).toBeGreaterThan(0);
    const categoryRefunds = categories.current.items.reduce((sum: number, item: { refunds: number }) => sum + item.refunds, 0);
    expect(categoryRefunds).toBeGreaterThanOrEqual(bShare + c.items[0].lineTotal);
    const productsCsv = await report('products/csv', query);
    expect(productsCsv.csv.split('\r\n')[0]).toBe('product_id,name,category,revenue,refunds,units,orders,views,add_to_carts,conversion');

    const csv = await report('sales/csv', `${query}&granularity=day`);
    expect(csv).toMatchObject({ report: 'sales', contentType: 'text/csv', filename: `sales-${day}-${day}.csv` });
    const [header, line] = csv.csv.split('\r\n');
    expect(header).toBe('bucket,revenue,gross,refunds,orders,aov,units,new_customers,returning_customers');
    expect(line.split(',').slice(0, 5)).toEqual([day, String(sales.revenue), String(sales.gross), String(sales.refunds), String(sales.orders)]);

    const retention = await report('retention', query);
    expect(retention.current.customers).toBeGreaterThanOrEqual(2);
    expect(retention.current.repeatCustomers).toBeGreaterThanOrEqual(1);
  });

  it('promotions: revenue, orders and discount cost per code and promotion, with refunds since', async () => {
    const day = storeDay(new Date(), TZ);
    const query = `from=${day}&to=${day}&compare=false`;
    // Below the free-shipping threshold even twice over, so the demo code FREESHIP has shipping to waive.
    const product = (await inStockProducts(20)).find((p) => p.price.amount * 2 < 5_000);
    expect(product, 'a product under $25').toBeDefined();
    const first = await customerOrder(product!.id, 1, 'freeship');
    const second = await customerOrder(product!.id, 2, 'FREESHIP');
    const plain = await customerOrder(product!.id, 1);
    const paidWithCode = [first, second];
    for (const order of paidWithCode) expect(order.discount).toBe(order.shipping);
    expect(first.discounts).toEqual([expect.objectContaining({ code: 'FREESHIP', kind: 'code' })]);
    expect(plain.discount).toBe(0);
    const refund = await call('PUT', `/orders/${first.id}/status`, { token: await platform.adminToken(), body: { status: 'partially_refunded', amount: 100 } });
    expect(refund.status, JSON.stringify(refund.body)).toBe(200);
    const admin = await platform.adminToken();
    const promotions = await eventually(
      async () => (await call('GET', `/analytics/reports/promotions?${query}`, { token: admin })).body,
      (body) => body?.current?.promotions?.find((row: { code: string }) => row.code === 'FREESHIP')?.refunds === 100,
      'the promotions report',
    );
    const row = promotions.current.promotions.find((r: { code: string }) => r.code === 'FREESHIP');
    expect(row).toMatchObject({
      kind: 'code',
      orders: paidWithCode.length,
      revenue: paidWithCode.reduce((sum, order) => sum + order.total, 0),
      discountCost: paidWithCode.reduce((sum, order) => sum + order.discount, 0),
      refunds: 100,
    });
    expect(promotions.current.discountedOrders).toBeGreaterThanOrEqual(paidWithCode.length);
    expect(promotions.current.orders).toBeGreaterThan(promotions.current.discountedOrders);
    const csv = await call('GET', `/analytics/reports/promotions/csv?${query}`, { token: admin });
    expect(csv.body.csv.split('\r\n')[0]).toBe('promotion_id,kind,code,name,orders,revenue,refunds,discount_cost');
  });

  it('search and recommendation shelves: counts, click-through and attributed revenue of a real order', async () => {
    const day = today();
    const ids = { visitorId: randomUUID(), sessionId: randomUUID() };
    const [product] = await inStockProducts(1);
    const q = `Trail ${randomUUID().slice(0, 8)}`;
    const before = await report('recommendations', `from=${day}&to=${day}&compare=false`);
    const shelf = (r: Call['body']) => r.current.shelves.find((s: { shelf: string }) => s.shelf === 'also_bought');
    expect((await ingest([
      ev('page_view', { pageType: 'search', query: q, resultCount: 0 }, ids),
      ev('page_view', { pageType: 'search', query: `  ${q.toUpperCase()} `, resultCount: 3, correctedQuery: 'trail' }, ids),
      ev('search_click', { query: q, productId: product!.id, position: 1 }, ids),
      ev('product_impression', { productIds: [randomUUID(), randomUUID(), product!.id], list: 'also_bought' }, ids),
      ev('recommendation_click', { productId: product!.id, shelf: 'also_bought', position: 2 }, ids),
    ])).body.accepted).toBe(5);
    const search = await report('search', `from=${day}&to=${day}&compare=false&limit=100`);
    expect(search.current.topQueries.find((row: { query: string }) => row.query === q.toLowerCase())).toMatchObject({ searches: 2, zeroResults: 1, corrected: 1, correctedTo: 'trail', clicks: 1, clickThrough: 0.5 });
    expect(search.current.zeroResultQueries.some((row: { query: string }) => row.query === q.toLowerCase())).toBe(true);

    const order = await customerOrder(product!.id, 1);
    expect((await ingest([ev('order_placed', { orderId: order.id, total: order.total }, ids, { occurredAt: new Date(Math.max(clock, Date.now() - 1000)).toISOString() })])).body.accepted).toBe(1);
    const after = await eventually(
      () => report('recommendations', `from=${day}&to=${day}&compare=false`),
      (r) => shelf(r).attributedOrders - shelf(before).attributedOrders === 1,
      'the attributed order',
    );
    expect(shelf(after).impressions - shelf(before).impressions).toBe(3);
    expect(shelf(after).clicks - shelf(before).clicks).toBe(1);
    expect(shelf(after).attributedRevenue - shelf(before).attributedRevenue).toBe(order.items[0].lineTotal);
  });

  it('rebuildRollups recomputes the rollups from raw events and facts to the same figures', async () => {
    const day = storeDay(new Date(), TZ);
    const query = `from=${day}&to=${day}&compare=false`;
    const [sales, funnel, shelves] = [await report('sales', query), await report('funnel', query), await report('recommendations', query)];
    const [products, categories] = [await report('products', `${query}&limit=100`), await report('categories', `${query}&limit=100`)];
    await platform.pool.query('UPDATE analytics.daily_sales SET gross = 0, refunds = 0 WHERE store_day = $1', [day]);
    await platform.pool.query('UPDATE analytics.daily_product SET revenue = 0, refunds = 0 WHERE store_day = $1', [day]);
    await platform.pool.query('UPDATE analytics.daily_category SET revenue = 0, refunds = 0 WHERE store_day = $1', [day]);
    await platform.pool.query('DELETE FROM analytics.sessions WHERE store_day = $1', [day]);
    const response = await fetch(`${platform.urls.analytics}/trpc/rebuildRollups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-omnicart-service-token': platform.env.SERVICE_TOKEN!, 'x-omnicart-service': 'test' },
      body: JSON.stringify({ from: day, to: day }),
    });
    expect(response.status, await response.clone().text()).toBe(200);
    expect((await report('sales', query)).current.totals).toEqual(sales.current.totals);
    expect((await report('funnel', query)).current.steps).toEqual(funnel.current.steps);
    expect((await report('recommendations', query)).current.shelves).toEqual(shelves.current.shelves);
    expect((await report('products', `${query}&limit=100`)).current.items).toEqual(products.current.items);
    expect((await report('categories', `${query}&limit=100`)).current.items).toEqual(categories.current.items);
  });
});

describe('ingest cost', () => {
  it('prints events/s and per-batch latency of 100-event batches through the gateway (sessions of 10 events)', async () => {
    const products = Array.from({ length: 50 }, () => randomUUID());
    const batch = () => {
      const events: Ev[] = [];
      for (let s = 0; s < 10; s += 1) {
        const ids = { visitorId: randomUUID(), sessionId: randomUUID() };
        for (let i = 0; i < 10; i += 1) {
          const product = products[(s * 7 + i) % products.length]!;
          events.push(
            i % 4 === 3
              ? ev('add_to_cart', { productId: product, quantity: 1 }, ids, { occurredAt: new Date(Date.now() - 60_000).toISOString() })
              : ev('page_view', { pageType: 'product', productId: product }, ids, { occurredAt: new Date(Date.now() - 60_000).toISOString() }),
          );
        }
      }
      return events;
    };
    for (let i = 0; i < 5; i += 1) await ingest(batch()); // warm-up
    const batches = 60;
    const latencies: number[] = [];
    const started = performance.now();
    for (let i = 0; i < batches; i += 1) {
      const body = batch();
      const t = performance.now();
      const answer = await ingest(body);
      latencies.push(performance.now() - t);
      expect(answer.body.accepted).toBe(100);
    }
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const pick = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1);
    console.log(`analytics ingest: ${Math.round((batches * 100) / seconds)} events/s sequential through the gateway; per 100-event batch p50 ${pick(0.5)} ms, p99 ${pick(0.99)} ms`);
  });
});


describe('partitions', () => {
  it('the job keeps this month and the next two, and drops months older than the retention (with their dedupe ids)', async () => {
    const partitions = async () =>
      (
        await platform.pool.query<{ name: string }>(
          `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
            JOIN pg_namespace n ON n.oid = p.relnamespace WHERE n.nspname = 'analytics' AND p.relname = 'behaviour_events' ORDER BY 1`,
        )
      ).rows.map((row) => row.name);
    const month = (offset: number) => {
      const now = new Date();
      const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
      return `behaviour_events_${at.toISOString().slice(0, 4)}${at.toISOString().slice(5, 7)}`;
    };
    expect(await partitions()).toEqual(expect.arrayContaining([month(0), month(1), month(2)]));
    await platform.pool.query(`CREATE TABLE analytics.behaviour_events_202001 PARTITION OF analytics.behaviour_events FOR VALUES FROM ('2020-01-01 00:00:00+00') TO ('2020-02-01 00:00:00+00')`);
    await platform.pool.query(`INSERT INTO analytics.ingested_event_ids (id, occurred_at) VALUES ($1, '2020-01-15T00:00:00Z')`, [randomUUID()]);
    const service = createAnalyticsService(createAnalyticsRepository(platform.pool), {
      timeZone: TZ,
      retentionMonths: 13,
      catalog: { products: async () => [], categoryName: async () => null },
    });
    const { dropped } = await service.maintainPartitions();
    expect(dropped).toEqual(['behaviour_events_202001']);
    expect(await partitions()).not.toContain('behaviour_events_202001');
    const { rows } = await platform.pool.query(`SELECT count(*)::int AS n FROM analytics.ingested_event_ids WHERE occurred_at < '2021-01-01'`);
    expect(rows[0].n).toBe(0);
  });
});
