import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxClient, type InboxClient } from '../dev-inbox/index.js';
import { DOMAIN_NAMES } from '../platform/index.js';
import { SERVICE_NAME_HEADER, SERVICE_TOKEN_HEADER } from '../runtime/context.js';
import { startCommercePlatform, type CommercePlatform } from './commerce.js';

// Two replicas of every domain service and of the gateway, each pair behind a round-robin
// balancer (as two pods behind a Kubernetes Service): the key commerce flows must do each thing
// once — one sale per order, one e-mail per order, one refund and one restock per refunded order,
// one expiry per lapsed reservation, one consumption per event and consumer — while every
// sweeper, relay, scheduler and consumer runs twice. Eventual states are polled, never timed.

let platform: CommercePlatform;
let api: string;
let inbox: InboxClient;
let products: { id: string; sku: string }[] = [];

async function request(method: string, path: string, options: { token?: string; body?: unknown; key?: string } = {}) {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.key) headers['idempotency-key'] = options.key;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${api}${path}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as any) : null, text }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await probe();
  }
  return last;
}

const rows = async <T>(sql: string, params: unknown[] = []) => (await platform.pool.query(sql, params)).rows as T[];
const address = { name: 'Replica Shopper', line1: '2 Twin Lane', city: 'Springfield', postalCode: '12345', country: 'US' };

beforeAll(async () => {
  platform = await startCommercePlatform({
    products: 20,
    replicas: 2,
    // Sweep often so both replicas' sweepers race for the same lapsed reservations.
    env: { RESERVATION_SWEEP_MS: '200', ORDERS_CALL_TIMEOUT_MS: '5000', DB_POOL_MAX: '3' },
    readyTimeoutMs: 120_000,
  });
  api = `${platform.gatewayUrl}/api/v1`;
  inbox = inboxClient(platform.inboxUrl);
  const list = await request('GET', '/products?limit=20&inStock=true');
  expect(list.status, list.text).toBe(200);
  products = (list.body.items as { id: string; sku: string; price: { amount: number } }[]).filter((p) => p.price.amount > 0);
  expect(products.length).toBeGreaterThanOrEqual(4);
}, 300_000);

afterAll(async () => {
  await platform?.shutdown();
});

describe('two replicas of everything', () => {
  it('runs two processes per domain service and gateway, each replica ready, behind one balancer each', async () => {
    for (const name of [...DOMAIN_NAMES, 'gateway'] as const) {
      const replicas = platform.replicaProcesses[name];
      expect(replicas, name).toHaveLength(2);
      expect(new Set(replicas.map((replica) => replica.child.pid)).size, name).toBe(2);
      expect(platform.balancers[name], name).toBeDefined();
    }
    const ready = await fetch(`${platform.gatewayUrl}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('checks out concurrently across both gateways and both orders replicas: one sale, one e-mail, one consumption per order', async () => {
    const product = products[0]!;
    await platform.setStock(product.sku, 500);
    const token = await platform.customerToken();
    const placed = await Promise.all(
      Array.from({ length: 12 }, () =>
        request('POST', '/orders', { token, key: randomUUID(), body: { items: [{ productId: product.id, quantity: 1 }], shippingAddress: address, paymentMethod: 'pm_card_visa' } }),
      ),
    );
    for (const response of placed) expect(response.status, response.text).toBe(201);
    const orders = placed.map((response) => response.body as { id: string; number: string; status: string });
    expect(orders.every((order) => order.status === 'paid')).toBe(true);
    // Both gateways and both orders replicas took a share (round-robin per connection).
    expect(platform.balancers.gateway!.handed.every((n) => n > 0)).toBe(true);
    expect(platform.balancers.orders!.handed.every((n) => n > 0)).toBe(true);

    // Inventory took each sale exactly once (orders.order_paid, consumed by one replica or the other).
    const stock = await eventually(
      async () => (await request('GET', `/inventory/${product.sku}`, { token: await platform.adminToken() })).body as { onHand: number; reserved: number },
      (s) => s.onHand <= 500 - 12 && s.reserved === 0,
      'the sales to be taken',
    );
    expect(stock).toMatchObject({ onHand: 500 - 12, reserved: 0 });
    const commits = await rows<{ reservation_id: string; n: number }>(
      "SELECT reservation_id, count(*)::int AS n FROM inventory.movements WHERE sku = $1 AND kind = 'commit' GROUP BY reservation_id",
      [product.sku],
    );
    expect(commits).toHaveLength(12);
    expect(commits.every((commit) => commit.n === 1)).toBe(true);

    // One confirmation per order in the mail server, though two senders drain the queue.
    for (const order of orders) await inbox.waitForEmails({ subject: order.number, count: 1, timeoutMs: 30_000 });
    await eventually(
      () => rows<{ n: number }>("SELECT count(*)::int AS n FROM notifications.messages WHERE order_id = ANY($1::uuid[]) AND state NOT IN ('sent', 'suppressed')", [orders.map((o) => o.id)]),
      ([row]) => row!.n === 0,
      'every order e-mail to be sent',
    );
    for (const order of orders) expect((await inbox.emails({ subject: order.number })).length, order.number).toBe(1);

    // Every event these orders wrote left the outbox, and each consumer's queue is drained, none dead.
    await eventually(
      () => rows<{ n: number }>('SELECT count(*)::int AS n FROM orders.outbox_events WHERE published_at IS NULL'),
      ([row]) => row!.n === 0,
      'the outbox to be relayed',
    );
    await eventually(() => rows<{ n: number }>('SELECT count(*)::int AS n FROM events.deliveries'), ([row]) => row!.n === 0, 'every delivery to be acknowledged');
  });

  it('refunds an order once when two admins refund it at the same moment through different gateways', async () => {
    const product = products[1]!;
    await platform.setStock(product.sku, 100);
    const token = await platform.customerToken();
    const admin = await platform.adminToken();
    const orders = [];
    for (let i = 0; i < 4; i++) {
      const placed = await request('POST', '/orders', { token, key: randomUUID(), body: { items: [{ productId: product.id, quantity: 2 }], shippingAddress: address, paymentMethod: 'pm_card_visa' } });
      expect(placed.status, placed.text).toBe(201);
      orders.push(placed.body as { id: string; total: number });
    }
    await eventually(
      async () => (await request('GET', `/inventory/${product.sku}`, { token: admin })).body as { onHand: number },
      (s) => s.onHand === 100 - 8,
      'the sales to be taken',
    );
    // Two refunds of each order at once: new connections, so the balancer sends them to both gateways.
    const answers = await Promise.all(orders.flatMap((order) => [1, 2].map(() => request('PUT', `/orders/${order.id}/status`, { token: admin, body: { status: 'refunded' } }))));
    expect(answers.filter((answer) => answer.status === 200).length).toBeGreaterThanOrEqual(orders.length);
    for (const answer of answers) expect([200, 409], answer.text).toContain(answer.status);

    const refunds = await rows<{ order_id: string; n: number; amount: number }>(
      `SELECT p.order_id, count(r.id)::int AS n, coalesce(sum(r.amount), 0)::int AS amount
         FROM payments.payments p LEFT JOIN payments.refunds r ON r.payment_id = p.id
        WHERE p.order_id = ANY($1::uuid[]) GROUP BY p.order_id`,
      [orders.map((order) => order.id)],
    );
    expect(refunds).toHaveLength(orders.length);
    for (const refund of refunds) {
      expect(refund.n).toBe(1);
      expect(refund.amount).toBe(orders.find((order) => order.id === refund.order_id)!.total);
    }
    // Restocked once per order: the units come back exactly once.
    const stock = await eventually(
      async () => (await request('GET', `/inventory/${product.sku}`, { token: admin })).body as { onHand: number },
      (s) => s.onHand >= 100,
      'the restock',
    );
    expect(stock.onHand).toBe(100);
    const returns = await rows<{ n: number }>("SELECT count(*)::int AS n FROM inventory.movements WHERE sku = $1 AND kind = 'return'", [product.sku]);
    expect(returns[0]!.n).toBe(orders.length);
  });

  it('expires each lapsed reservation once while both replicas sweep', async () => {
    const product = products[2]!;
    await platform.setStock(product.sku, 50);
    const reservations = Array.from({ length: 10 }, () => randomUUID());
    for (const reservationId of reservations) {
      const response = await fetch(`${platform.urls.inventory}/trpc/reserve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SERVICE_TOKEN_HEADER]: platform.env.SERVICE_TOKEN!, [SERVICE_NAME_HEADER]: 'orders' },
        body: JSON.stringify({ reservationId, lines: [{ sku: product.sku, quantity: 1 }], ttlSeconds: 1 }),
      });
      expect(response.status, await response.text()).toBe(200);
    }
    await eventually(
      () => rows<{ n: number }>("SELECT count(*)::int AS n FROM inventory.reservations WHERE id = ANY($1::uuid[]) AND status = 'expired'", [reservations]),
      ([row]) => row!.n === reservations.length,
      'every reservation to expire',
    );
    const expiries = await rows<{ reservation_id: string; n: number }>(
      "SELECT reservation_id, count(*)::int AS n FROM inventory.movements WHERE reservation_id = ANY($1::uuid[]) AND kind = 'expire' GROUP BY reservation_id",
      [reservations],
    );
    expect(expiries).toHaveLength(reservations.length);
    expect(expiries.every((expiry) => expiry.n === 1)).toBe(true);
    const stock = (await request('GET', `/inventory/${product.sku}`, { token: await platform.adminToken() })).body as { onHand: number; reserved: number };
    expect(stock).toMatchObject({ onHand: 50, reserved: 0 });
  });

  it('keeps a refresh-token rotation racing across identity replicas from revoking the login', async () => {
    const login = await request('POST', '/users/login', { body: { email: 'demo@omnicart.test', password: platform.env.OMNICART_DEMO_PASSWORD } });
    expect(login.status, login.text).toBe(200);
    // Two refreshes with the same token at once, through different gateways and identity replicas.
    const refreshed = await Promise.all([1, 2].map(() => request('POST', '/users/refresh', { body: { refreshToken: login.body.refreshToken } })));
    for (const answer of refreshed) expect(answer.status, answer.text).toBe(200);
    for (const answer of refreshed) {
      const me = await request('GET', '/users/me', { token: answer.body.accessToken });
      expect(me.status, me.text).toBe(200);
      expect((await request('POST', '/users/refresh', { body: { refreshToken: answer.body.refreshToken } })).status).toBe(200);
    }
  });
});
