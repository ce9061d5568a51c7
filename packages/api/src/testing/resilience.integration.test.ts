import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCommercePlatform, type CommercePlatform } from './commerce.js';
import { readJson } from './fakes.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

/**
 * What a restarting database and a slow neighbour do to checkouts, every service in its own
 * process. The orders service reaches PostgreSQL and payments through TCP proxies this test
 * controls (the machine's PostgreSQL is shared: it is never stopped), so the database can be
 * made unreachable and payments 30 s slow for a while, then brought back.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ADDRESS = { name: 'Resilience', line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' };

interface Answer {
  status: number;
  ms: number;
  retryAfter: string | null;
  body: { id?: string; status?: string; error?: { code: string; message: string; details?: { orderId?: string } } };
}

describe('resilience: database outage and slow dependencies (split topology)', () => {
  let platform: CommercePlatform;
  let database: TcpProxy;
  let payments: TcpProxy;
  let productIds: string[];
  let token: string;

  beforeAll(async () => {
    platform = await startCommercePlatform({
      products: 20,
      // The machine is shared with other suites: give the eight processes time to start.
      readyTimeoutMs: 150_000,
      env: {
        // The recovery job looks often and early, so the test sees every order settle.
        ORDERS_RECOVERY_INTERVAL_MS: '500',
        ORDERS_RECOVERY_AFTER_MS: '1000',
        SERVICE_CALL_BREAKER_THRESHOLD: '3',
        SERVICE_CALL_BREAKER_OPEN_MS: '3000',
      },
    });
    database = await startTcpProxy(platform.databaseUrl);
    payments = await startTcpProxy(platform.urls.payments);
    // Orders alone goes through the proxies; every other service keeps its direct connections.
    // SERVICE_CALL_TIMEOUT_MS 4 s: an order whose charge never reached payments is given up after 8 s.
    await platform.restart('orders', { DATABASE_URL: database.url(platform.databaseUrl), PAYMENTS_URL: payments.url(platform.urls.payments), SERVICE_CALL_TIMEOUT_MS: '4000' });
    const products = await readJson(await fetch(`${platform.gatewayUrl}/api/v1/products?limit=10&inStock=true`));
    productIds = products.items.map((item: { id: string }) => item.id);
    expect(productIds.length).toBeGreaterThan(3);
    token = await platform.customerToken();
  }, 400_000);

  afterAll(async () => {
    await platform?.shutdown();
    await database?.close();
    await payments?.close();
  });

  let sequence = 0;
  const checkout = async (key = `resilience-${randomUUID()}`): Promise<Answer> => {
    const productId = productIds[sequence++ % productIds.length];
    const started = performance.now();
    const response = await fetch(`${platform.gatewayUrl}/api/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
      body: JSON.stringify({ items: [{ productId, quantity: 1 }], shippingAddress: ADDRESS, paymentMethod: 'pm_card_visa' }),
    });
    const body = (await response.json().catch(() => ({}))) as Answer['body'];
    return { status: response.status, ms: performance.now() - started, retryAfter: response.headers.get('retry-after'), body };
  };
  const ordersReady = async () => (await fetch(`${platform.urls.orders}/readyz`)).status;
  const catalogRead = async () => {
    const started = performance.now();
    // no-cache: past the gateway's micro-cache, to the catalog service itself.
    const response = await fetch(`${platform.gatewayUrl}/api/v1/products?limit=5`, { headers: { 'cache-control': 'no-cache' } });
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - started };
  };

  /** Waits until no order is pending and no key in progress (recovery and payment events settled everything). */
  async function settled(timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await platform.pool.query<{ pending: number; keys: number }>(
        `SELECT (SELECT count(*)::int FROM orders.orders o WHERE status = 'pending_payment' OR (status = 'paid' AND stock_state <> 'committed')
                   -- inventory takes a paid order's sale from orders.order_paid, a moment after the order is paid
                   OR (status = 'paid' AND (SELECT r.status::text FROM inventory.reservations r WHERE r.id = o.id) IS DISTINCT FROM 'committed')) AS pending,
                (SELECT count(*)::int FROM orders.idempotency_keys WHERE state = 'in_progress') AS keys`,
      );
      if (rows[0]!.pending === 0 && rows[0]!.keys === 0) return;
      if (Date.now() > deadline) throw new Error(`still unsettled after ${timeoutMs} ms: ${JSON.stringify(rows[0])}\n${platform.output('orders').slice(-4_000)}`);
      await sleep(500);
    }
  }

  /** No order half-written, every reservation and payment matching its order's state. */
  async function expectConsistent() {
    const { rows } = await platform.pool.query<{ id: string; status: string; stock_state: string; items: number; history: number; reservation: string | null; payment: string | null; payments: number }>(`
      SELECT o.id, o.status, o.stock_state,
             (SELECT count(*)::int FROM orders.order_items i WHERE i.order_id = o.id) AS items,
             (SELECT count(*)::int FROM orders.order_status_history h WHERE h.order_id = o.id) AS history,
             r.status::text AS reservation, p.status::text AS payment,
             (SELECT count(*)::int FROM payments.payments q WHERE q.order_id = o.id) AS payments
        FROM orders.orders o
        LEFT JOIN inventory.reservations r ON r.id = o.id
        LEFT JOIN payments.payments p ON p.order_id = o.id`);
    expect(rows.length).toBeGreaterThan(0);
    for (const order of rows) {
      const where = JSON.stringify(order);
      expect(order.items, where).toBeGreaterThan(0);
      expect(order.history, where).toBeGreaterThan(0);
      expect(order.payments, where).toBeLessThanOrEqual(1);
      if (order.status === 'paid') {
        expect(order.stock_state, where).toBe('committed');
        expect(order.reservation, where).toBe('committed');
        expect(order.payment, where).toBe('succeeded');
      } else {
        expect(['cancelled', 'payment_failed'], where).toContain(order.status);
        expect(order.stock_state, where).toBe('released');
        expect(['released', 'expired'], where).toContain(order.reservation);
        // Never charged, or the money went back.
        expect([null, 'failed', 'canceled', 'refunded'], where).toContain(order.payment);
      }
    }
    // No reservation left behind by a checkout that never got its order (an aborted checkout
    // releases at once and once more a few seconds later, after a timed-out reserve surely landed).
    let orphans: unknown[] = [];
    for (let attempt = 0; attempt < 30; attempt++) {
      ({ rows: orphans } = await platform.pool.query(
        `SELECT r.id FROM inventory.reservations r WHERE r.status = 'active' AND NOT EXISTS (SELECT 1 FROM orders.orders o WHERE o.id = r.id)`,
      ));
      if (orphans.length === 0) break;
      await sleep(500);
    }
    expect(orphans, platform.output('orders').slice(-3_000)).toEqual([]);
  }

  it('answers 503 with Retry-After (never 500) while the database is unreachable, readyz goes false and back, and no order is half-written', async () => {
    expect((await checkout()).status).toBe(201);
    expect(await ordersReady()).toBe(200);

    const answers: Answer[] = [];
    const readiness: number[] = [];
    let running = true;
    // Checkouts back to back from 6 buyers for the whole window (bounded: the machine is shared).
    const load = Promise.all(
      Array.from({ length: 6 }, async () => {
        while (running) answers.push(await checkout());
      }),
    );
    await sleep(500);
    database.cut();
    const cutAt = Date.now();
    while (Date.now() - cutAt < 4_000) {
      readiness.push(await ordersReady());
      await sleep(250);
    }
    database.restore();
    // Back to ready once the database answers again.
    let ready = 0;
    for (let i = 0; i < 40 && ready !== 200; i++) {
      ready = await ordersReady();
      if (ready !== 200) await sleep(250);
    }
    expect(ready).toBe(200);
    await sleep(1_500);
    running = false;
    await load;

    expect(readiness).toContain(503);
    const statuses = answers.map((answer) => answer.status);
    const unexpected = answers.filter((answer) => answer.status !== 201 && answer.status !== 503);
    expect(unexpected, `${JSON.stringify(unexpected.slice(0, 5))}\n${platform.output('orders').slice(-3_000)}`).toEqual([]);
    const unavailable = answers.filter((answer) => answer.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const answer of unavailable) {
      expect(answer.retryAfter).not.toBeNull();
      expect(answer.body.error?.code).toBe('UNAVAILABLE');
    }
    expect(statuses.filter((status) => status === 201).length).toBeGreaterThan(1);
    // After the outage checkouts work again.
    expect((await checkout()).status).toBe(201);

    await settled(40_000);
    await expectConsistent();
  }, 120_000);

  it('with payments 30 s slow: checkouts answer 503 within 5 s, the breaker opens then closes after recovery, catalog reads stay fast, nothing is charged twice', async () => {
    expect((await checkout()).status).toBe(201);
    payments.slow(30_000);
    const answers: Answer[] = [];
    const reads: Array<{ status: number; ms: number }> = [];
    // Sequential checkouts: the first ones wait for the charge's deadline, then the breaker opens and they fail fast.
    for (let i = 0; i < 5; i++) {
      const reading = catalogRead();
      answers.push(await checkout());
      reads.push(await reading);
    }
    for (const answer of answers) {
      expect(answer.status, JSON.stringify(answer.body)).toBe(503);
      expect(answer.ms).toBeLessThan(5_000);
      expect(answer.retryAfter).not.toBeNull();
      expect(answer.body.error?.message).toMatch(/payment could not be completed right now; retry with the same Idempotency-Key/);
    }
    // The charge's deadline (3 s) for the first ones; once the breaker is open, at once.
    expect(answers[0]!.ms).toBeGreaterThan(2_500);
    expect(answers[4]!.ms).toBeLessThan(1_000);
    for (const read of reads) {
      expect(read.status).toBe(200);
      expect(read.ms).toBeLessThan(1_000);
    }

    // Payments recovers: the breaker half-opens after its open time and the trial's answer closes it.
    payments.restore();
    let recovered: Answer | undefined;
    for (let i = 0; i < 20 && recovered?.status !== 201; i++) {
      recovered = await checkout();
      if (recovered.status !== 201) await sleep(500);
    }
    expect(recovered?.status).toBe(201);
    const next = await checkout();
    expect(next.status).toBe(201);
    expect(next.ms).toBeLessThan(2_000);

    // The timed-out charges reached payments (their answers were what was slow): the orders are
    // paid once each from the payment events or the recovery job; the ones the open breaker kept
    // from payments are given up with their stock released. Nothing charged twice, nothing lost.
    await settled(60_000);
    await expectConsistent();
    const { rows } = await platform.pool.query<{ id: string; status: string }>(
      `SELECT id, status FROM orders.orders WHERE id = ANY($1::uuid[])`,
      [answers.map((answer) => answer.body.error?.details?.orderId).filter(Boolean)],
    );
    expect(rows.length).toBe(answers.length);
    expect(rows.some((row) => row.status === 'paid')).toBe(true);
  }, 180_000);
});
