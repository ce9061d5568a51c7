import { PERMISSIONS } from '@omnicart/contracts';
import { NO_PROMOTIONS } from './promotions.test-support.js';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDomain } from '@omnicart/db';
import { createTestDatabase, type TestDatabase } from '@omnicart/db/testing';
import type { EventBus } from '../events/index.js';
import { configureEnv } from '../platform/index.js';
import type { AuthUser } from '../runtime/auth.js';
import { createLogger } from '../runtime/logger.js';
import { startService, type RunningService } from '../runtime/server.js';
import { failure } from '../testing/domain-error.test-support.js';
import { createTestKeys } from '../testing/fakes.js';
import { expectError, jsonRequest, type JsonResponse } from '../testing/http.test-support.js';
import type { OrdersDependencies } from './clients.js';
import { createOrdersDomain, ordersAudit } from './index.js';
import { ordersEvents } from './events.js';
import { expectDeclared, outboxRows } from '../testing/outbox.test-support.js';
import { pricingRulesFromEnv } from './pricing.js';
import { createOrdersRepository } from './repository.js';
import { createOrdersService } from './service.js';
import type { OrderStatus } from './status.js';

// The merchant admin's order reads on real PostgreSQL: the dashboard's sales summary (store-local
// days, refunds netted) and the server-side order search. Orders are written straight into the
// tables with the times each case needs; REST goes through the orders service over HTTP.

const ADMIN: AuthUser = { id: '00000000-0000-4000-8000-0000000000a1', email: 'admin@omnicart.test', role: 'admin', staffRole: 'owner', permissions: PERMISSIONS };
const CUSTOMER: AuthUser = { id: '00000000-0000-4000-8000-0000000000c1', email: 'demo@omnicart.test', role: 'customer', staffRole: null, permissions: [] };

/** The neighbours are never called by these reads. */
const unused = (): never => {
  throw new Error('not expected in this test');
};
const noNeighbours: OrdersDependencies = {
  pricing: { productsByIds: unused },
  stock: { reserve: unused, commit: unused, release: unused, restock: unused },
  payments: { charge: unused, getForOrder: unused, refund: unused, cancel: unused },
  promotions: NO_PROMOTIONS,
  carts: { openCart: unused, markCheckedOut: unused },
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
let adminToken: string;
let customerToken: string;

function rest(path: string, token: string | null = adminToken): Promise<JsonResponse> {
  return jsonRequest(api, 'GET', path, { token });
}

interface SeedOrder {
  createdAt: string;
  /** When its payment succeeded (its `paid` history row); none: never paid. */
  paidAt?: string;
  status?: OrderStatus;
  total?: number;
  amountRefunded?: number;
  customerId?: string | null;
  customerEmail?: string;
  guestEmail?: string | null;
}

/** Writes an order, its line and its history as checkout and payments would have. */
async function seedOrder(order: SeedOrder): Promise<{ id: string; number: string }> {
  const id = randomUUID();
  const total = order.total ?? 10_000;
  const status = order.status ?? (order.paidAt ? 'paid' : 'pending_payment');
  const customerId = order.customerId === undefined ? randomUUID() : order.customerId;
  const email = order.customerEmail ?? order.guestEmail ?? `buyer-${id.slice(0, 8)}@example.com`;
  const { rows } = await pool.query<{ number: string }>(
    `INSERT INTO orders.orders (id, number, customer_id, customer_email, guest_email, status, currency, subtotal, shipping, tax, total,
                                shipping_address, payment_method, payment_status, amount_refunded, stock_state, saga_step, created_at, updated_at)
     VALUES ($1::uuid, 'OC-' || lpad(nextval('orders.order_number_seq')::text, 8, '0'), $2::uuid, $3, $4, $5::orders.order_status, 'USD', $6, 0, 0, $6,
             '{"name":"Ada","line1":"1 Main St","city":"Springfield","postalCode":"12345","country":"US"}'::jsonb, 'pm_card_visa',
             $7, $8, 'committed', $5, $9::timestamptz, $9::timestamptz)
     RETURNING number`,
    [id, customerId, email, order.guestEmail ?? null, status, total, order.paidAt ? 'succeeded' : 'pending', order.amountRefunded ?? 0, order.createdAt],
  );
  await pool.query(
    `INSERT INTO orders.order_items (order_id, position, product_id, sku, name, unit_price, quantity, line_total) VALUES ($1::uuid, 1, $2::uuid, 'SKU-A', 'Mug', $3, 1, $3)`,
    [id, randomUUID(), total],
  );
  const history: Array<[OrderStatus | null, OrderStatus, string]> = [[null, 'pending_payment', order.createdAt]];
  if (order.paidAt) history.push(['pending_payment', 'paid', order.paidAt]);
  if (status !== 'pending_payment' && status !== 'paid') history.push([order.paidAt ? 'paid' : 'pending_payment', status, order.paidAt ?? order.createdAt]);
  for (const [from, to, at] of history) {
    await pool.query(
      `INSERT INTO orders.order_status_history (id, order_id, from_status, to_status, actor, note, created_at)
       VALUES (gen_random_uuid(), $1::uuid, $2::orders.order_status, $3::orders.order_status, 'system', NULL, $4::timestamptz)`,
      [id, from, to, at],
    );
  }
  return { id, number: rows[0]!.number };
}

beforeAll(async () => {
  const env = configureEnv({}, { LOG_LEVEL: 'silent' });
  database = await createTestDatabase('orders_admin');
  pool = database.pool;
  await migrateDomain(pool, 'orders');
  const keys = await createTestKeys();
  adminToken = await keys.sign(ADMIN);
  customerToken = await keys.sign(CUSTOMER);
  running = await startService({
    domains: [await createOrdersDomain({ dependencies: () => noNeighbours, recovery: false })],
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

describe('orders.summary (GET /orders/summary)', () => {
  // 15:00 in New York on 5 March 2025: "today" is 2025-03-05 there.
  const NOW = new Date('2025-03-05T20:00:00.000Z');
  const service = () =>
    createOrdersService({
      repository: createOrdersRepository(pool),
      deps: noNeighbours,
      rules: pricingRulesFromEnv({ SHIPPING_FLAT_CENTS: 499, FREE_SHIPPING_THRESHOLD_CENTS: 5_000, TAX_RATES: 'US:0.0725', DEFAULT_TAX_RATE: 0 }),
      logger: pino({ level: 'silent' }),
      storeTimeZone: 'America/New_York',
      now: () => NOW,
    });

  beforeAll(async () => {
    // 03:00 UTC on the 5th is 22:00 on the 4th in New York (EST, UTC-5).
    await seedOrder({ createdAt: '2025-03-05T02:59:00Z', paidAt: '2025-03-05T03:00:00Z', total: 10_000 });
    // Refunds are netted: partly (5,000 - 1,500) and in full (an order, no revenue).
    await seedOrder({ createdAt: '2025-03-05T15:00:00Z', paidAt: '2025-03-05T15:00:01Z', total: 5_000, amountRefunded: 1_500, status: 'partially_refunded' });
    await seedOrder({ createdAt: '2025-03-05T16:00:00Z', paidAt: '2025-03-05T16:00:01Z', total: 2_000, amountRefunded: 2_000, status: 'refunded' });
    // Placed on the 3rd, paid (after 3-D Secure) on the 5th: counts on the 5th.
    await seedOrder({ createdAt: '2025-03-03T12:00:00Z', paidAt: '2025-03-05T12:00:00Z', total: 4_000, status: 'fulfilled' });
    // Never paid: not counted.
    await seedOrder({ createdAt: '2025-03-05T13:00:00Z', total: 9_999 });
    await seedOrder({ createdAt: '2025-03-05T13:30:00Z', total: 8_888, status: 'payment_failed' });
    await seedOrder({ createdAt: '2025-03-05T13:40:00Z', total: 7_777, status: 'cancelled' });
    // The previous period of 03-04..03-05 is 03-02..03-03: 05:00 UTC on the 2nd is midnight in New York (in), 04:59 is still the 1st (out).
    await seedOrder({ createdAt: '2025-03-02T05:00:00Z', paidAt: '2025-03-02T05:00:00Z', total: 7_000 });
    await seedOrder({ createdAt: '2025-03-02T04:59:00Z', paidAt: '2025-03-02T04:59:00Z', total: 6_000 });
    // A guest order paid on the 4th, New York time.
    await seedOrder({ createdAt: '2025-03-04T18:00:00Z', paidAt: '2025-03-04T18:00:05Z', total: 1_001, customerId: null, guestEmail: 'guest@example.com' });
  });

  it('counts an order on the store-local day its payment succeeded, nets refunds and leaves unpaid orders out', async () => {
    const summary = await service().summary(ADMIN, { from: '2025-03-04', to: '2025-03-05' });
    expect(summary.timeZone).toBe('America/New_York');
    expect(summary.currency).toBe('USD');
    expect(summary.range).toEqual({ from: '2025-03-04', to: '2025-03-05' });
    expect(summary.byDay).toEqual([
      // 10,000 paid at 03:00 UTC on the 5th + the guest's 1,001.
      { date: '2025-03-04', revenue: 11_001, orders: 2 },
      // 3,500 + 0 + 4,000.
      { date: '2025-03-05', revenue: 7_500, orders: 3 },
    ]);
    expect(summary.current).toEqual({ revenue: 18_501, orders: 5, averageOrderValue: 3_700 });
  });

  it('compares with the same number of days just before', async () => {
    const summary = await service().summary(ADMIN, { from: '2025-03-04', to: '2025-03-05' });
    expect(summary.previousRange).toEqual({ from: '2025-03-02', to: '2025-03-03' });
    expect(summary.previous).toEqual({ revenue: 7_000, orders: 1, averageOrderValue: 7_000 });
    const single = await service().summary(ADMIN, { from: '2025-03-02', to: '2025-03-02' });
    expect(single.previousRange).toEqual({ from: '2025-03-01', to: '2025-03-01' });
    expect(single.previous).toEqual({ revenue: 6_000, orders: 1, averageOrderValue: 6_000 });
    expect(single.current).toEqual({ revenue: 7_000, orders: 1, averageOrderValue: 7_000 });
  });

  it('defaults to the 30 days ending today (store time), lists every day and today\'s totals', async () => {
    const summary = await service().summary(ADMIN, {});
    expect(summary.range).toEqual({ from: '2025-02-04', to: '2025-03-05' });
    expect(summary.previousRange).toEqual({ from: '2025-01-05', to: '2025-02-03' });
    expect(summary.byDay).toHaveLength(30);
    expect(summary.byDay[0]).toEqual({ date: '2025-02-04', revenue: 0, orders: 0 });
    expect(summary.byDay.at(-1)).toEqual({ date: '2025-03-05', revenue: 7_500, orders: 3 });
    expect(summary.today).toEqual({ revenue: 7_500, orders: 3, averageOrderValue: 2_500 });
    // Today is counted even when the range lies in the past.
    const past = await service().summary(ADMIN, { from: '2025-01-01', to: '2025-01-31' });
    expect(past.today).toEqual(summary.today);
    expect(past.current).toEqual({ revenue: 0, orders: 0, averageOrderValue: 0 });
  });

  it('lists the 10 newest orders of any status', async () => {
    const summary = await service().summary(ADMIN, { from: '2025-03-04', to: '2025-03-05' });
    expect(summary.latestOrders).toHaveLength(10);
    const created = summary.latestOrders.map((order) => order.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    expect(summary.latestOrders.map((order) => order.status)).toEqual(expect.arrayContaining(['pending_payment', 'payment_failed', 'cancelled']));
  });

  it('refuses a range that is reversed or longer than 366 days', async () => {
    expect(await failure(service().summary(ADMIN, { from: '2025-03-06', to: '2025-03-05' }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    // 2024-03-05..2025-03-05 is 366 days (both counted, 29 February between them): the longest range.
    expect(await failure(service().summary(ADMIN, { from: '2024-03-04', to: '2025-03-05' }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    const longest = await service().summary(ADMIN, { from: '2024-03-05', to: '2025-03-05' });
    expect(longest.byDay).toHaveLength(366);
    expect(longest.previousRange).toEqual({ from: '2023-03-05', to: '2024-03-04' });
    // Only `from`, after today: the default `to` is today.
    expect(await failure(service().summary(ADMIN, { from: '2025-03-06' }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await failure(service().summary(CUSTOMER, {}))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('answers over REST, and 400 with a message for bad dates', async () => {
    const ok = await rest('/orders/summary?from=2025-03-04&to=2025-03-05');
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.byDay).toEqual([
      { date: '2025-03-04', revenue: 11_001, orders: 2 },
      { date: '2025-03-05', revenue: 7_500, orders: 3 },
    ]);
    const defaults = await rest('/orders/summary');
    expect(defaults.status, defaults.text).toBe(200);
    expect(defaults.body.byDay).toHaveLength(30);

    for (const [query, message] of [
      ['from=2025-03-06&to=2025-03-05', /after/],
      ['from=2024-01-01&to=2025-03-05', /at most 366/],
      ['from=2025-02-30&to=2025-03-05', /calendar date/],
      ['from=2025/03/01', /YYYY-MM-DD/],
      ['to=yesterday', /YYYY-MM-DD/],
      ['from=0001-01-01&to=0001-01-02', /from 1970-01-01 on/],
      ['days=7', /unknown query parameter/],
    ] as const) {
      const response = await rest(`/orders/summary?${query}`);
      expectError(response, 400, 'VALIDATION_FAILED');
      expect(response.body.error.message, query).toMatch(message);
    }
    expectError(await rest('/orders/summary', customerToken), 403, 'FORBIDDEN');
    expectError(await rest('/orders/summary', null), 401, 'UNAUTHORIZED');
  });
});

describe('orders.search (GET /orders/search)', () => {
  const ALICE = randomUUID();
  const PAGED = randomUUID();
  const orders: Record<string, { id: string; number: string }> = {};
  const numbers = (response: JsonResponse): string[] => (response.body.items as Array<{ number: string }>).map((order) => order.number);
  const search = async (query: string): Promise<JsonResponse> => {
    const response = await rest(`/orders/search?${query}`);
    expect(response.status, response.text).toBe(200);
    return response;
  };

  beforeAll(async () => {
    const alice = { customerId: ALICE, customerEmail: 'alice@shop-search.test' };
    orders.s1 = await seedOrder({ ...alice, createdAt: '2024-06-01T12:00:00Z', paidAt: '2024-06-01T12:00:01Z', total: 1_000 });
    // 23:30 on 1 June in New York.
    orders.s2 = await seedOrder({ ...alice, createdAt: '2024-06-02T03:30:00Z', paidAt: '2024-06-02T03:30:01Z', total: 5_000, status: 'fulfilled' });
    orders.s3 = await seedOrder({ ...alice, createdAt: '2024-06-02T15:00:00Z', total: 3_000 });
    orders.s4 = await seedOrder({ ...alice, createdAt: '2024-06-03T15:00:00Z', paidAt: '2024-06-03T15:00:01Z', total: 5_000, status: 'refunded', amountRefunded: 5_000 });
    orders.s5 = await seedOrder({ ...alice, createdAt: '2024-06-04T15:00:00Z', total: 200, status: 'cancelled' });
    orders.guest = await seedOrder({ customerId: null, guestEmail: 'bob.guest@shop-search.test', createdAt: '2024-06-02T10:00:00Z', paidAt: '2024-06-02T10:00:01Z', total: 7_000 });
    orders.underscore = await seedOrder({ customerEmail: 'under_score@shop-search.test', createdAt: '2024-05-01T10:00:00Z', total: 100 });
    orders.wildcard = await seedOrder({ customerEmail: 'userxs@shop-search.test', createdAt: '2024-05-01T11:00:00Z', total: 100 });
    for (let i = 0; i < 25; i++) {
      await seedOrder({ customerId: PAGED, customerEmail: 'paged@example.com', createdAt: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString(), total: 100 + i });
    }
  });

  it('finds orders by part of the e-mail (customers and guests), case-insensitively', async () => {
    const all = await search('q=SHOP-SEARCH.test&pageSize=100');
    expect(all.body.total).toBe(8);
    const alice = await search('q=Alice@');
    expect(alice.body.total).toBe(5);
    expect(numbers(alice)).toEqual([orders.s5, orders.s4, orders.s3, orders.s2, orders.s1].map((o) => o!.number));
    const guest = await search('q=bob.GUEST');
    expect(numbers(guest)).toEqual([orders.guest!.number]);
    expect(guest.body.items[0]).toMatchObject({ customerId: null, guestEmail: 'bob.guest@shop-search.test' });
  });

  it('finds an order by a prefix of its number or id; % and _ are plain characters', async () => {
    const byNumber = await search(`q=${orders.s3!.number.toLowerCase()}`);
    expect(numbers(byNumber)).toEqual([orders.s3!.number]);
    const byId = await search(`q=${orders.s4!.id.slice(0, 13).toUpperCase()}`);
    expect(numbers(byId)).toEqual([orders.s4!.number]);
    expect(numbers(await search('q=r_s'))).toEqual([orders.underscore!.number]);
    expect((await search(`q=${encodeURIComponent('%')}`)).body.total).toBe(0);
    // Blank q: no filter.
    expect((await search(`q=%20&customerId=${ALICE}`)).body.total).toBe(5);
  });

  it('filters by status, customer, store-local days or instants, and total', async () => {
    expect(numbers(await search(`customerId=${ALICE}&status=paid`))).toEqual([orders.s1!.number]);
    // 03:30 UTC on 2 June is still 1 June in New York.
    expect(numbers(await search(`customerId=${ALICE}&from=2024-06-01&to=2024-06-01`))).toEqual([orders.s2!.number, orders.s1!.number]);
    expect(numbers(await search(`customerId=${ALICE}&from=2024-06-03`))).toEqual([orders.s5!.number, orders.s4!.number]);
    expect(numbers(await search(`customerId=${ALICE}&from=2024-06-02T00:00:00Z&to=2024-06-02T15:00:00.000Z`))).toEqual([orders.s3!.number, orders.s2!.number]);
    expect(numbers(await search(`customerId=${ALICE}&minTotal=3000&maxTotal=5000`))).toEqual([orders.s4!.number, orders.s3!.number, orders.s2!.number]);
    expect(numbers(await search(`customerId=${ALICE}&minTotal=5000&maxTotal=5000&status=refunded`))).toEqual([orders.s4!.number]);
  });

  it('sorts by creation time or total, ties by creation time', async () => {
    const { s1, s2, s3, s4, s5 } = orders as Record<'s1' | 's2' | 's3' | 's4' | 's5', { number: string }>;
    expect(numbers(await search(`customerId=${ALICE}`))).toEqual([s5, s4, s3, s2, s1].map((o) => o.number));
    expect(numbers(await search(`customerId=${ALICE}&sort=created_asc`))).toEqual([s1, s2, s3, s4, s5].map((o) => o.number));
    expect(numbers(await search(`customerId=${ALICE}&sort=total_desc`))).toEqual([s4, s2, s3, s1, s5].map((o) => o.number));
    expect(numbers(await search(`customerId=${ALICE}&sort=total_asc`))).toEqual([s5, s1, s3, s2, s4].map((o) => o.number));
  });

  it('pages by number with the total of every page', async () => {
    const first = await search(`customerId=${PAGED}&pageSize=10`);
    expect(first.body).toMatchObject({ total: 25, page: 1, pageSize: 10 });
    const second = await search(`customerId=${PAGED}&pageSize=10&page=2`);
    const third = await search(`customerId=${PAGED}&pageSize=10&page=3`);
    expect(third.body.items).toHaveLength(5);
    const paged = [...numbers(first), ...numbers(second), ...numbers(third)];
    expect(new Set(paged).size).toBe(25);
    expect(paged).toEqual(numbers(await search(`customerId=${PAGED}&pageSize=50`)));
    const beyond = await search(`customerId=${PAGED}&pageSize=10&page=4`);
    expect(beyond.body).toEqual({ items: [], total: 25, page: 4, pageSize: 10 });
    const defaults = await search(`customerId=${PAGED}`);
    expect(defaults.body).toMatchObject({ total: 25, page: 1, pageSize: 20 });
    expect(defaults.body.items).toHaveLength(20);
    // The first page by total, cheapest first, is the 10 first orders.
    expect((await search(`customerId=${PAGED}&pageSize=10&sort=total_asc`)).body.items.map((o: { total: number }) => o.total)).toEqual(
      Array.from({ length: 10 }, (_, i) => 100 + i),
    );
  });

  it('answers 400 with a message for bad input, 403 to customers', async () => {
    for (const [query, message] of [
      ['pageSize=15', /pageSize: must be one of 10, 20, 50, 100/],
      ['pageSize=abc', /pageSize/],
      ['page=0', /page/],
      ['page=1.5', /page/],
      ['page=100001', /page/],
      ['minTotal=-1', /minTotal/],
      ['minTotal=', /minTotal/],
      ['minTotal=5000&maxTotal=3000', /minTotal: 5000 is more than maxTotal/],
      ['sort=price', /sort/],
      ['status=shipped', /status/],
      ['customerId=nope', /customerId/],
      ['from=2024-13-01', /from: 2024-13-01 is not a calendar date/],
      ['to=yesterday', /to: expected a date YYYY-MM-DD/],
      ['from=2024-06-03&to=2024-06-01', /after/],
      [`q=${'x'.repeat(101)}`, /q/],
      ['limit=10', /unknown query parameter/],
    ] as const) {
      const response = await rest(`/orders/search?${query}`);
      expectError(response, 400, 'VALIDATION_FAILED');
      expect(response.body.error.message, query).toMatch(message);
    }
    expectError(await rest('/orders/search', customerToken), 403, 'FORBIDDEN');
    expectError(await rest('/orders/search', null), 401, 'UNAUTHORIZED');
  });

  describe('the export (GET /orders/export): keyset pages over the same filters and sorts', () => {
    async function walk(query: string, limit: number): Promise<{ numbers: string[]; pages: number }> {
      const walked: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const cursor: string = after ? `&after=${encodeURIComponent(after)}` : '';
        const response = await rest(`/orders/export?${query}&limit=${limit}${cursor}`);
        expect(response.status, response.text).toBe(200);
        walked.push(...numbers(response));
        after = response.body.nextCursor as string | null;
        pages++;
        expect(pages, 'the walk ends').toBeLessThan(100);
      } while (after);
      return { numbers: walked, pages };
    }

    it('reads every match once, in the search’s order, for every sort', async () => {
      for (const sort of ['created_desc', 'created_asc', 'total_desc', 'total_asc']) {
        const expected = numbers(await search(`customerId=${PAGED}&sort=${sort}&pageSize=50`));
        const walked = await walk(`customerId=${PAGED}&sort=${sort}`, 4);
        expect(walked.numbers, sort).toEqual(expected);
        expect(walked.pages).toBe(7); // 25 orders by 4: the seventh page has 1 and no next cursor
      }
      // Filters apply as in the search.
      expect((await walk(`customerId=${ALICE}&status=paid`, 10)).numbers).toEqual([orders.s1!.number]);
    });

    it('does not shift when orders arrive during the walk', async () => {
      const first = await rest(`/orders/export?customerId=${PAGED}&limit=10`);
      const newer = await seedOrder({ customerId: PAGED, customerEmail: 'paged@example.com', createdAt: new Date().toISOString(), total: 100 });
      let after = first.body.nextCursor as string | null;
      const later: string[] = [];
      while (after) {
        const page = await rest(`/orders/export?customerId=${PAGED}&limit=10&after=${encodeURIComponent(after)}`);
        later.push(...numbers(page));
        after = page.body.nextCursor as string | null;
      }
      const walked = [...numbers(first), ...later];
      expect(walked).toHaveLength(25);
      expect(walked).not.toContain(newer.number);
      expect(new Set(walked).size).toBe(25);
    });

    it('answers 400 for a cursor of another sort or a made-up one, 403 to customers', async () => {
      const first = await rest(`/orders/export?customerId=${PAGED}&limit=5`);
      const cursor = encodeURIComponent(first.body.nextCursor as string);
      const otherSort = await rest(`/orders/export?customerId=${PAGED}&limit=5&sort=total_asc&after=${cursor}`);
      expectError(otherSort, 400, 'VALIDATION_FAILED');
      expect(otherSort.body.error.message).toMatch(/continues the created_desc sort, not total_asc/);
      expectError(await rest('/orders/export?after=bm90LWEtY3Vyc29y'), 400, 'VALIDATION_FAILED');
      expectError(await rest('/orders/export?limit=1001'), 400, 'VALIDATION_FAILED');
      expectError(await rest('/orders/export', customerToken), 403, 'FORBIDDEN');
    });
  });
});

describe('fulfilment with a carrier and tracking number (PUT /orders/{id}/status)', () => {
  const put = (id: string, body: unknown, token: string | null = adminToken) => jsonRequest(api, 'PUT', `/orders/${id}/status`, { token, body });
  const paidOrder = () => seedOrder({ createdAt: '2024-02-01T10:00:00Z', paidAt: '2024-02-01T10:00:01Z', total: 2_500 });

  it('keeps them on the order, in the history entry and in orders.status_changed', async () => {
    const { id } = await paidOrder();
    const response = await put(id, { status: 'fulfilled', carrier: ' UPS ', trackingNumber: '1Z999AA10123456784', note: 'left the warehouse' });
    expect(response.status, response.text).toBe(200);
    expect(response.body).toMatchObject({ status: 'fulfilled', carrier: 'UPS', trackingNumber: '1Z999AA10123456784' });
    expect(response.body.statusHistory.at(-1)).toMatchObject({
      from: 'paid',
      to: 'fulfilled',
      actor: ADMIN.id,
      note: 'left the warehouse',
      carrier: 'UPS',
      trackingNumber: '1Z999AA10123456784',
    });
    expect(response.body.statusHistory[0]).toMatchObject({ to: 'pending_payment', carrier: null, trackingNumber: null });

    const read = await rest(`/orders/${id}`);
    expect(read.body).toMatchObject({ carrier: 'UPS', trackingNumber: '1Z999AA10123456784' });
    const listed = await rest(`/orders/search?q=${id}`);
    expect(listed.body.items[0]).toMatchObject({ carrier: 'UPS', trackingNumber: '1Z999AA10123456784' });

    const { rows } = await pool.query<{ payload: Record<string, unknown> }>(
      `SELECT payload FROM orders.outbox_events WHERE type = 'orders.status_changed' AND aggregate_id = $1`,
      [id],
    );
    expect(rows.map((row) => row.payload)).toEqual([
      expect.objectContaining({ from: 'paid', to: 'fulfilled', carrier: 'UPS', trackingNumber: '1Z999AA10123456784' }),
    ]);

    // Delivered later: the order keeps them; the new entry and event carry none.
    const delivered = await put(id, { status: 'delivered' });
    expect(delivered.status, delivered.text).toBe(200);
    expect(delivered.body).toMatchObject({ status: 'delivered', carrier: 'UPS', trackingNumber: '1Z999AA10123456784' });
    expect(delivered.body.statusHistory.at(-1)).toMatchObject({ to: 'delivered', carrier: null, trackingNumber: null });
    const events = await pool.query<{ payload: Record<string, unknown> }>(
      `SELECT payload FROM orders.outbox_events WHERE type = 'orders.status_changed' AND aggregate_id = $1 AND payload->>'to' = 'delivered'`,
      [id],
    );
    expect(events.rows[0]?.payload).not.toHaveProperty('carrier');
    expect(events.rows[0]?.payload).not.toHaveProperty('trackingNumber');
  });

  it('fulfils without them as before (null on the order)', async () => {
    const { id } = await paidOrder();
    const response = await put(id, { status: 'fulfilled' });
    expect(response.status, response.text).toBe(200);
    expect(response.body).toMatchObject({ status: 'fulfilled', carrier: null, trackingNumber: null });
    const { id: other } = await paidOrder();
    const onlyTracking = await put(other, { status: 'fulfilled', trackingNumber: 'JD014600006281230000' });
    expect(onlyTracking.body).toMatchObject({ carrier: null, trackingNumber: 'JD014600006281230000' });
  });

  it('records each staff change as an audit entry with the change: status, carrier and tracking, refunds; a refused change records nothing', async () => {
    const { id, number } = await paidOrder();
    expect((await put(id, { status: 'fulfilled', carrier: 'UPS', trackingNumber: '1Z999AA10123456784', note: 'left the warehouse' })).status).toBe(200);
    expect((await put(id, { status: 'delivered' })).status).toBe(200);
    const rows = await outboxRows(pool, 'orders', id, ordersAudit.type);
    expect(rows.map((row) => row.payload)).toEqual([
      {
        entityType: 'order',
        entityId: id,
        action: 'fulfilled',
        label: number,
        changes: [
          { field: 'status', before: 'paid', after: 'fulfilled' },
          { field: 'carrier', before: null, after: 'UPS' },
          { field: 'trackingNumber', before: null, after: '1Z999AA10123456784' },
          { field: 'note', before: null, after: 'left the warehouse' },
        ],
        actorEmail: ADMIN.email,
        requestId: expect.any(String),
      },
      { entityType: 'order', entityId: id, action: 'delivered', label: number, changes: [{ field: 'status', before: 'fulfilled', after: 'delivered' }], actorEmail: ADMIN.email, requestId: expect.any(String) },
    ]);
    expect(rows.every((row) => row.actor?.type === 'user' && row.actor.id === ADMIN.id)).toBe(true);
    expectDeclared(rows, ordersEvents);

    // A refund (nothing captured through payments here: the amount is booked on the order).
    const unpaid = await seedOrder({ createdAt: '2024-02-02T10:00:00Z', status: 'paid', total: 2_500 });
    expectError(await put(unpaid.id, { status: 'partially_refunded', amount: 9_999 }), 400, 'VALIDATION_FAILED');
    expectError(await put(unpaid.id, { status: 'delivered' }), 409, 'INVALID_STATE');
    expect(await outboxRows(pool, 'orders', unpaid.id, ordersAudit.type)).toEqual([]);
    expect((await put(unpaid.id, { status: 'partially_refunded', amount: 500 })).status).toBe(200);
    expect((await outboxRows(pool, 'orders', unpaid.id, ordersAudit.type)).map((row) => row.payload)).toEqual([
      expect.objectContaining({
        action: 'refunded',
        label: unpaid.number,
        changes: [
          { field: 'status', before: 'paid', after: 'partially_refunded' },
          { field: 'paymentStatus', before: 'pending', after: 'partially_refunded' },
          { field: 'amountRefunded', before: 0, after: 500 },
        ],
      }),
    ]);
  });

  it('answers 400 for them with another status or too long, and leaves the order as it was', async () => {
    const { id } = await paidOrder();
    for (const [body, message] of [
      [{ status: 'cancelled', carrier: 'UPS' }, /carrier: only allowed with status "fulfilled"/],
      [{ status: 'refunded', trackingNumber: '1Z' }, /trackingNumber: only allowed with status "fulfilled"/],
      [{ status: 'fulfilled', carrier: 'x'.repeat(61) }, /carrier/],
      [{ status: 'fulfilled', trackingNumber: 'x'.repeat(101) }, /trackingNumber/],
      [{ status: 'fulfilled', carrier: '   ' }, /carrier/],
      [{ status: 'fulfilled', carrier: 42 }, /carrier/],
    ] as const) {
      const response = await put(id, body);
      expectError(response, 400, 'VALIDATION_FAILED');
      expect(response.body.error.message, JSON.stringify(body)).toMatch(message);
    }
    const read = await rest(`/orders/${id}`);
    expect(read.body).toMatchObject({ status: 'paid', carrier: null, trackingNumber: null });
    expectError(await put(id, { status: 'fulfilled', carrier: 'UPS' }, customerToken), 403, 'FORBIDDEN');
  });
});
