import { PERMISSIONS } from '@omnicart/contracts';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDomain } from '@omnicart/db';
import { createTestDatabase, type TestDatabase } from '@omnicart/db/testing';
import type { DomainEvent, EventBus } from '../events/index.js';
import { metricsRegistry } from '../runtime/metrics.js';
import type { AuthUser } from '../runtime/auth.js';
import { configureEnv } from '../platform/index.js';
import type { DomainError } from '../runtime/errors.js';
import { createLogger } from '../runtime/logger.js';
import { startService, type RunningService } from '../runtime/server.js';
import { callService, createServiceClient } from '../runtime/service-client.js';
import { createTestKeys } from '../testing/fakes.js';
import { checkEventData } from '@omnicart/contracts';
import { inventoryAudit, stockChanged, type InventoryRouter } from './index.js';
import { inventoryEvents } from './events.js';
import { expectDeclared, outboxRows } from '../testing/outbox.test-support.js';
import { createInventoryDomain } from './index.js';
import { salesHandlers } from './consumers/sales.js';
import type { SaleShortage } from './clients.js';
import { createInventoryDb, createInventoryRepository, type InventoryDb } from './repository.js';
import type { InventoryService } from './service.js';
import { expectError, jsonRequest, type JsonResponse } from '../testing/http.test-support.js';
import { failure } from '../testing/domain-error.test-support.js';

// Inventory as its callers see it: the service over HTTP on a real PostgreSQL, internal
// procedures through the typed service client (as orders calls them), admin REST with tokens.

const ADMIN: AuthUser = { id: '00000000-0000-4000-8000-0000000000a1', email: 'admin@omnicart.test', role: 'admin', staffRole: 'owner', permissions: PERMISSIONS };
const CUSTOMER: AuthUser = { id: '00000000-0000-4000-8000-0000000000c1', email: 'demo@omnicart.test', role: 'customer', staffRole: null, permissions: [] };

let database: TestDatabase;
let pool: pg.Pool;
let running: RunningService;
let inventory: InventoryService;
let api: string;
let adminToken: string;
let customerToken: string;
const published: DomainEvent[] = [];
/** SKUs the (stubbed) catalog knows. */
const catalogSkus = new Set<string>();

const recordingBus: EventBus = {
  kind: 'postgres',
  async publish(events) {
    published.push(...events);
  },
  async subscribe() {
    return { async stop() {} };
  },
  async close() {},
};

let client: ReturnType<typeof createServiceClient<InventoryRouter>>;
const call = <T>(fn: () => Promise<T>) => callService('inventory', fn);

let skuCounter = 0;
const nextSku = () => `INV-${Date.now().toString(36).toUpperCase()}-${++skuCounter}`;

type Json = JsonResponse;

/** Admin REST through the gateway (the admin token unless `token` says otherwise; null = none). */
function rest(method: string, path: string, options: { token?: string | null; body?: unknown } = {}): Promise<Json> {
  return jsonRequest(api, method, path, { ...options, token: options.token === undefined ? adminToken : options.token });
}

/** A catalog-known SKU stocked with `onHand` units through the admin REST route. */
async function stocked(onHand: number): Promise<string> {
  const sku = nextSku();
  catalogSkus.add(sku);
  const response = await rest('PUT', `/inventory/${sku}`, { body: { onHand, reason: 'initial count' } });
  expect(response.status, response.text).toBe(200);
  return sku;
}

async function stockRow(sku: string): Promise<{ onHand: number; reserved: number; version: number }> {
  const { rows } = await pool.query<{ onHand: number; reserved: number; version: number }>(
    'SELECT on_hand AS "onHand", reserved, version FROM inventory.stock_items WHERE sku = $1',
    [sku],
  );
  return rows[0]!;
}

async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** inventory_reservations_expired_total of this process (the service runs in it). */
async function expiredCounted(): Promise<number> {
  const { values } = await metricsRegistry().getSingleMetric('inventory_reservations_expired_total')!.get();
  return values.reduce((sum, value) => sum + value.value, 0);
}

beforeAll(async () => {
  const env = configureEnv({}, { LOG_LEVEL: 'silent' });
  database = await createTestDatabase('inventory', { poolMax: 20 });
  pool = database.pool;
  await migrateDomain(pool, 'inventory');
  const keys = await createTestKeys();
  adminToken = await keys.sign(ADMIN);
  customerToken = await keys.sign(CUSTOMER);
  running = await startService({
    domains: [
      await createInventoryDomain({
        sweepMs: 20,
        skuExists: async (sku) => catalogSkus.has(sku),
        onStarted: (service) => {
          inventory = service;
        },
      }),
    ],
    host: '127.0.0.1',
    pool,
    logger: createLogger({ level: 'silent' }),
    verifier: keys.verifier,
    events: recordingBus,
    env,
  });
  const url = running.url('inventory');
  api = `${url}/api/v1`;
  client = createServiceClient<InventoryRouter>({ url: () => url, caller: 'test', token: env.SERVICE_TOKEN });
});

afterAll(async () => {
  await running?.stop(1_000);
  await database?.drop();
  configureEnv({});
});

describe('reserve, commit, release, restock', () => {
  it('reserves, then commits: onHand and reserved both drop; a repeat of either is a no-op', async () => {
    const sku = await stocked(10);
    const reservationId = randomUUID();
    const reservation = await call(() => client.reserve.mutate({ reservationId, lines: [{ sku, quantity: 3 }] }));
    expect(reservation).toMatchObject({ reservationId, status: 'active', lines: [{ sku, quantity: 3 }] });
    expect(new Date(reservation.expiresAt).getTime()).toBeGreaterThan(Date.now() + 10 * 60_000);
    expect(await stockRow(sku)).toMatchObject({ onHand: 10, reserved: 3 });

    const again = await call(() => client.reserve.mutate({ reservationId, lines: [{ sku, quantity: 3 }] }));
    expect(again).toEqual(reservation);
    expect(await stockRow(sku)).toMatchObject({ onHand: 10, reserved: 3 });

    expect(await call(() => client.commit.mutate({ reservationId }))).toEqual({ reservationId, status: 'committed' });
    expect(await stockRow(sku)).toMatchObject({ onHand: 7, reserved: 0 });
    expect(await call(() => client.commit.mutate({ reservationId }))).toEqual({ reservationId, status: 'committed' });
    expect(await stockRow(sku)).toMatchObject({ onHand: 7, reserved: 0 });
  });

  it('refuses to release a committed reservation, and restocks it once', async () => {
    const sku = await stocked(5);
    const reservationId = randomUUID();
    await call(() => client.reserve.mutate({ reservationId, lines: [{ sku, quantity: 2 }] }));
    await call(() => client.commit.mutate({ reservationId }));
    const refused = await failure(call(() => client.release.mutate({ reservationId, reason: 'payment failed' })));
    expect(refused.code).toBe('INVALID_STATE');
    expect(await call(() => client.restock.mutate({ reservationId, reason: 'order cancelled' }))).toEqual({ reservationId, status: 'returned' });
    expect(await call(() => client.restock.mutate({ reservationId, reason: 'order cancelled' }))).toEqual({ reservationId, status: 'returned' });
    expect(await stockRow(sku)).toMatchObject({ onHand: 5, reserved: 0 });
    expect((await failure(call(() => client.commit.mutate({ reservationId })))).code).toBe('INVALID_STATE');
  });

  it('releases an active reservation once and gives the units back', async () => {
    const sku = await stocked(4);
    const reservationId = randomUUID();
    await call(() => client.reserve.mutate({ reservationId, lines: [{ sku, quantity: 4 }] }));
    expect(await stockRow(sku)).toMatchObject({ onHand: 4, reserved: 4 });
    expect(await call(() => client.release.mutate({ reservationId, reason: 'payment failed' }))).toEqual({ reservationId, status: 'released' });
    expect(await call(() => client.release.mutate({ reservationId, reason: 'payment failed' }))).toEqual({ reservationId, status: 'released' });
    expect(await stockRow(sku)).toMatchObject({ onHand: 4, reserved: 0 });
    // Restocking a released hold (an order cancelled after its payment failed) moves nothing, and a late sale cannot take it.
    expect(await call(() => client.restock.mutate({ reservationId, reason: 'order cancelled' }))).toEqual({ reservationId, status: 'returned' });
    expect(await stockRow(sku)).toMatchObject({ onHand: 4, reserved: 0 });
    expect((await failure(call(() => client.commit.mutate({ reservationId })))).code).toBe('INVALID_STATE');
  });

  it('a release that overtakes its reserve leaves a tombstone: the late reserve holds nothing', async () => {
    const sku = await stocked(3);
    const reservationId = randomUUID();
    expect(await call(() => client.release.mutate({ reservationId, reason: 'checkout abandoned' }))).toEqual({ reservationId, status: 'released' });
    const late = await call(() => client.reserve.mutate({ reservationId, lines: [{ sku, quantity: 1 }] }));
    expect(late.status).toBe('released');
    expect(await stockRow(sku)).toMatchObject({ onHand: 3, reserved: 0 });
  });

  it('is all-or-nothing across lines and says which SKU is short', async () => {
    const plenty = await stocked(50);
    const scarce = await stocked(1);
    const reservationId = randomUUID();
    const error = await failure(
      call(() => client.reserve.mutate({ reservationId, lines: [{ sku: plenty, quantity: 5 }, { sku: scarce, quantity: 2 }] })),
    );
    expect(error.code).toBe('INSUFFICIENT_STOCK');
    expect(error.details).toEqual({ sku: scarce, requested: 2, available: 1 });
    expect(await stockRow(plenty)).toMatchObject({ onHand: 50, reserved: 0 });
    const { rowCount } = await pool.query('SELECT 1 FROM inventory.reservations WHERE id = $1', [reservationId]);
    expect(rowCount).toBe(0);
    // Unknown SKUs have nothing available.
    const unknown = await failure(call(() => client.reserve.mutate({ reservationId, lines: [{ sku: 'NO-SUCH-SKU', quantity: 1 }] })));
    expect(unknown).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { sku: 'NO-SUCH-SKU', available: 0 } });
  });

  it('merges repeated SKUs in one reservation', async () => {
    const sku = await stocked(5);
    const reservationId = randomUUID();
    const reservation = await call(() => client.reserve.mutate({ reservationId, lines: [{ sku, quantity: 2 }, { sku, quantity: 3 }] }));
    expect(reservation.lines).toEqual([{ sku, quantity: 5 }]);
    expect(await stockRow(sku)).toMatchObject({ reserved: 5 });
  });

  it('refuses internal procedures to callers without the service token', async () => {
    const stranger = createServiceClient<InventoryRouter>({ url: () => running.url('inventory'), caller: 'test', token: 'not-the-service-token!' });
    const error = await failure(callService('inventory', () => stranger.reserve.mutate({ reservationId: randomUUID(), lines: [{ sku: 'X', quantity: 1 }] })));
    expect(error.code).toBe('NOT_FOUND');
  });

  it('answers 400 for bad reservation input', async () => {
    for (const input of [
      { reservationId: 'not-a-uuid', lines: [{ sku: 'A', quantity: 1 }] },
      { reservationId: randomUUID(), lines: [] },
      { reservationId: randomUUID(), lines: [{ sku: 'A', quantity: 0 }] },
      { reservationId: randomUUID(), lines: [{ sku: 'A', quantity: 1.5 }] },
      { reservationId: randomUUID(), lines: Array.from({ length: 101 }, (_, i) => ({ sku: `S${i}`, quantity: 1 })) },
    ]) {
      const error = await failure(call(() => client.reserve.mutate(input as never)));
      expect(error.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('concurrency', () => {
  it('50 concurrent checkouts racing for 10 units: exactly 10 win, none is lost, nothing oversold', async () => {
    const sku = await stocked(10);
    const ids = Array.from({ length: 50 }, () => randomUUID());
    const results = await Promise.allSettled(ids.map((reservationId) => call(() => client.reserve.mutate({ reservationId, lines: [{ sku, quantity: 1 }] }))));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(10);
    expect(lost).toHaveLength(40);
    for (const r of lost) expect((r.reason as DomainError).code).toBe('INSUFFICIENT_STOCK');
    expect(await stockRow(sku)).toMatchObject({ onHand: 10, reserved: 10 });
    // Every winner's reservation exists and is active; no loser left a row behind.
    const winners = ids.filter((_, i) => results[i]!.status === 'fulfilled');
    const { rows } = await pool.query<{ id: string; status: string }>('SELECT id::text, status::text FROM inventory.reservations WHERE id = ANY($1::uuid[])', [ids]);
    expect(rows.map((r) => r.id).sort()).toEqual([...winners].sort());
    expect(rows.every((r) => r.status === 'active')).toBe(true);
    // Committing every winner sells exactly the stock.
    await Promise.all(winners.map((reservationId) => call(() => client.commit.mutate({ reservationId }))));
    expect(await stockRow(sku)).toMatchObject({ onHand: 0, reserved: 0 });
  });

  it('concurrent duplicates of one reservation all get the same reservation, reserved once', async () => {
    const sku = await stocked(10);
    const reservationId = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => call(() => client.reserve.mutate({ reservationId, lines: [{ sku, quantity: 4 }] }))),
    );
    for (const r of results) expect(r).toEqual(results[0]);
    expect(await stockRow(sku)).toMatchObject({ reserved: 4 });
  });

  it('concurrent duplicates of a reservation that cannot be filled all fail alike and leave nothing behind', async () => {
    const sku = await stocked(2);
    const reservationId = randomUUID();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => call(() => client.reserve.mutate({ reservationId, lines: [{ sku, quantity: 3 }] }))),
    );
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { sku, requested: 3, available: 2 } });
    }
    expect((await pool.query('SELECT 1 FROM inventory.reservations WHERE id = $1', [reservationId])).rowCount).toBe(0);
    expect(await stockRow(sku)).toMatchObject({ onHand: 2, reserved: 0, version: 1 });
  });

  it('multi-line reservations in opposite SKU orders neither deadlock nor oversell', async () => {
    const a = await stocked(15);
    const b = await stocked(15);
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        call(() =>
          client.reserve.mutate({
            reservationId: randomUUID(),
            lines: i % 2 ? [{ sku: a, quantity: 1 }, { sku: b, quantity: 1 }] : [{ sku: b, quantity: 1 }, { sku: a, quantity: 1 }],
          }),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(15);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as DomainError).code).toBe('INSUFFICIENT_STOCK');
    expect(await stockRow(a)).toMatchObject({ onHand: 15, reserved: 15 });
    expect(await stockRow(b)).toMatchObject({ onHand: 15, reserved: 15 });
  });

  it('commit racing release on one reservation: exactly one wins and stock stays consistent', async () => {
    const sku = await stocked(3);
    const reservationId = randomUUID();
    await call(() => client.reserve.mutate({ reservationId, lines: [{ sku, quantity: 3 }] }));
    const [commit, release] = await Promise.allSettled([
      call(() => client.commit.mutate({ reservationId })),
      call(() => client.release.mutate({ reservationId, reason: 'timeout' })),
    ]);
    // Commit first: the release is refused. Release first: the commit re-takes the still free
    // units. Either way the sale happens exactly once.
    expect(commit.status).toBe('fulfilled');
    if (release.status === 'rejected') expect((release.reason as DomainError).code).toBe('INVALID_STATE');
    expect(await stockRow(sku)).toMatchObject({ onHand: 0, reserved: 0 });
  });
});

describe('sales taken from orders.order_paid (consumer inventory.sales)', () => {
  const reported: SaleShortage[] = [];
  const sales = () => salesHandlers(inventory, { saleFailed: async (shortage) => void reported.push(shortage) }, createLogger({ level: 'silent' }));
  const paid = (orderId: string) => ({ id: randomUUID(), type: 'orders.order_paid', version: 1, data: { orderId } }) as never;
  const reservationStatus = async (id: string) =>
    (await pool.query<{ status: string }>('SELECT status::text FROM inventory.reservations WHERE id = $1', [id])).rows[0]?.status;

  it('takes a batch of sales in one statement; a hold that expired and sold out is reported, one given back is skipped', async () => {
    const [a, b, scarce] = [await stocked(10), await stocked(10), await stocked(1)];
    const first = randomUUID();
    const second = randomUUID();
    const expired = randomUUID();
    const cancelled = randomUUID();
    await call(() => client.reserve.mutate({ reservationId: first, lines: [{ sku: b, quantity: 1 }, { sku: a, quantity: 2 }] }));
    await call(() => client.reserve.mutate({ reservationId: second, lines: [{ sku: a, quantity: 1 }] }));
    await call(() => client.reserve.mutate({ reservationId: expired, lines: [{ sku: scarce, quantity: 1 }], ttlSeconds: 1 }));
    await pollUntil(() => stockRow(scarce), (row) => row.reserved === 0, 'the sweeper');
    await call(() => client.reserve.mutate({ reservationId: randomUUID(), lines: [{ sku: scarce, quantity: 1 }] })); // the unit is held by someone else now
    await call(() => client.reserve.mutate({ reservationId: cancelled, lines: [{ sku: b, quantity: 3 }] }));
    await call(() => client.restock.mutate({ reservationId: cancelled, reason: 'order cancelled' })); // cancelled before its sale was taken
    reported.length = 0;

    const batch = [first, second, expired, cancelled].map(paid);
    await sales().handleBatch!(batch);
    expect(await stockRow(a)).toMatchObject({ onHand: 7, reserved: 0 });
    expect(await stockRow(b)).toMatchObject({ onHand: 9, reserved: 0 });
    expect(await stockRow(scarce)).toMatchObject({ onHand: 1, reserved: 1 });
    expect(reported).toEqual([{ orderId: expired, sku: scarce, requested: 1, available: 0 }]);
    // One movement per reservation line, its after-values as if the sales were taken one by one (in id order).
    const { rows: moves } = await pool.query<{ reservation_id: string; quantity: number; on_hand_after: number; reserved_after: number }>(
      `SELECT reservation_id::text, quantity, on_hand_after, reserved_after FROM inventory.movements WHERE sku = $1 AND kind = 'commit' ORDER BY reservation_id`,
      [a],
    );
    const [earlier, later] = [first, second].sort();
    const earlierQuantity = earlier === first ? 2 : 1;
    expect(moves).toEqual([
      { reservation_id: earlier, quantity: -earlierQuantity, on_hand_after: 10 - earlierQuantity, reserved_after: 3 - earlierQuantity },
      { reservation_id: later, quantity: -(3 - earlierQuantity), on_hand_after: 7, reserved_after: 0 },
    ]);
    expect([await reservationStatus(first), await reservationStatus(second), await reservationStatus(expired), await reservationStatus(cancelled)]).toEqual([
      'committed',
      'committed',
      'expired',
      'returned',
    ]);

    // Delivered again (at least once): nothing more is taken; the shortage is reported again (orders' handling is idempotent).
    await sales().handleBatch!(batch);
    await sales().handle(paid(first));
    expect(await stockRow(a)).toMatchObject({ onHand: 7, reserved: 0 });
    expect(await stockRow(b)).toMatchObject({ onHand: 9, reserved: 0 });
    expect(reported).toHaveLength(2);
  });

  it('fails the batch when orders cannot be told of a shortage, so the bus delivers it again', async () => {
    const sku = await stocked(1);
    const expired = randomUUID();
    await call(() => client.reserve.mutate({ reservationId: expired, lines: [{ sku, quantity: 1 }], ttlSeconds: 1 }));
    await pollUntil(() => stockRow(sku), (row) => row.reserved === 0, 'the sweeper');
    await rest('PUT', `/inventory/${sku}`, { body: { onHand: 0, reason: 'damaged' } });
    const unreachable = salesHandlers(inventory, { saleFailed: async () => Promise.reject(new Error('orders is down')) }, createLogger({ level: 'silent' }));
    await expect(unreachable.handle(paid(expired))).rejects.toThrow('orders is down');
  });

  it('restock of a hold whose sale was not taken yet gives it back to available; the late sale then takes nothing', async () => {
    const sku = await stocked(5);
    const orderId = randomUUID();
    await call(() => client.reserve.mutate({ reservationId: orderId, lines: [{ sku, quantity: 2 }] }));
    expect(await call(() => client.restock.mutate({ reservationId: orderId, reason: 'order cancelled' }))).toEqual({ reservationId: orderId, status: 'returned' });
    expect(await stockRow(sku)).toMatchObject({ onHand: 5, reserved: 0 });
    await sales().handle(paid(orderId));
    expect(await stockRow(sku)).toMatchObject({ onHand: 5, reserved: 0 });
    expect(await reservationStatus(orderId)).toBe('returned');
  });

  it('batches racing checkouts on the same SKUs in opposite orders neither deadlock nor oversell', async () => {
    const skus = [await stocked(200), await stocked(200), await stocked(200)];
    const reserveOne = async (index: number) => {
      const id = randomUUID();
      const lines = (index % 2 ? [...skus].reverse() : skus).map((sku) => ({ sku, quantity: 1 }));
      await call(() => client.reserve.mutate({ reservationId: id, lines }));
      return id;
    };
    const held = await Promise.all(Array.from({ length: 40 }, (_, i) => reserveOne(i)));
    // Four batches of sales taken while forty more checkouts reserve the same rows.
    const batches = [0, 1, 2, 3].map((k) => held.slice(k * 10, k * 10 + 10).map(paid));
    await Promise.all([...batches.map((batch) => sales().handleBatch!(batch)), ...Array.from({ length: 40 }, (_, i) => reserveOne(i))]);
    for (const sku of skus) expect(await stockRow(sku)).toMatchObject({ onHand: 160, reserved: 40 });
  });
});

describe('expiry', () => {
  it('the sweeper expires an overdue reservation and gives its units back', async () => {
    const sku = await stocked(2);
    const reservationId = randomUUID();
    await call(() => client.reserve.mutate({ reservationId, lines: [{ sku, quantity: 2 }], ttlSeconds: 1 }));
    expect(await stockRow(sku)).toMatchObject({ reserved: 2 });
    await pollUntil(
      async () => (await pool.query<{ status: string }>('SELECT status::text FROM inventory.reservations WHERE id = $1', [reservationId])).rows[0]?.status,
      (status) => status === 'expired',
      'the reservation to expire',
    );
    expect(await stockRow(sku)).toMatchObject({ onHand: 2, reserved: 0 });
    const { rows } = await pool.query('SELECT kind::text, actor, quantity FROM inventory.movements WHERE reservation_id = $1 ORDER BY id', [reservationId]);
    expect(rows).toEqual([
      { kind: 'reserve', actor: 'service:test', quantity: 2 },
      { kind: 'expire', actor: 'sweeper', quantity: -2 },
    ]);
    // A late commit re-takes the units while they are still free...
    expect(await call(() => client.commit.mutate({ reservationId }))).toEqual({ reservationId, status: 'committed' });
    expect(await stockRow(sku)).toMatchObject({ onHand: 0, reserved: 0 });
  });

  it('a late commit after expiry fails with INSUFFICIENT_STOCK when the units were sold meanwhile', async () => {
    const sku = await stocked(1);
    const first = randomUUID();
    await call(() => client.reserve.mutate({ reservationId: first, lines: [{ sku, quantity: 1 }], ttlSeconds: 1 }));
    await pollUntil(() => stockRow(sku), (row) => row.reserved === 0, 'the sweeper');
    const second = randomUUID();
    await call(() => client.reserve.mutate({ reservationId: second, lines: [{ sku, quantity: 1 }] }));
    const error = await failure(call(() => client.commit.mutate({ reservationId: first })));
    expect(error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { sku, requested: 1, available: 0 } });
    await call(() => client.commit.mutate({ reservationId: second }));
    expect(await stockRow(sku)).toMatchObject({ onHand: 0, reserved: 0 });
  });

  it('two sweeps side by side expire each reservation once (SKIP LOCKED)', async () => {
    const sku = await stocked(30);
    const ids = Array.from({ length: 30 }, () => randomUUID());
    // Reserve, then push expiry into the past so they are due now.
    for (const reservationId of ids) await call(() => client.reserve.mutate({ reservationId, lines: [{ sku, quantity: 1 }] }));
    const expiredBefore = await expiredCounted();
    await pool.query(`UPDATE inventory.reservations SET expires_at = now() - interval '1 second' WHERE id = ANY($1::uuid[])`, [ids]);
    await Promise.all([inventory.sweepOnce(5), inventory.sweepOnce(5), inventory.sweepOnce(5)]);
    await pollUntil(() => stockRow(sku), (row) => row.reserved === 0, 'every reservation to expire');
    // The background sweeper and these three share the process counter: each reservation counted once.
    expect((await expiredCounted()) - expiredBefore).toBe(30);
    const { rows } = await pool.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM inventory.movements WHERE kind = 'expire' AND reservation_id = ANY($1::uuid[])`,
      [ids],
    );
    expect(rows[0]!.count).toBe(30);
    expect(await stockRow(sku)).toMatchObject({ onHand: 30, reserved: 0 });
  });
});

describe('admin REST', () => {
  it('GET answers the stock, PUT sets it with a reason kept in the movement history', async () => {
    const sku = await stocked(20);
    expect((await rest('GET', `/inventory/${sku}`)).body).toEqual({ sku, onHand: 20, reserved: 0, available: 20 });
    await call(() => client.reserve.mutate({ reservationId: randomUUID(), lines: [{ sku, quantity: 5 }] }));
    const put = await rest('PUT', `/inventory/${sku}`, { body: { onHand: 12, reason: 'damaged in the warehouse' } });
    expect(put.status, put.text).toBe(200);
    expect(put.body).toEqual({ sku, onHand: 12, reserved: 5, available: 7 });
    const page = await rest('GET', `/inventory/${sku}/movements?limit=2`);
    expect(page.status, page.text).toBe(200);
    expect(page.body.items).toEqual([
      expect.objectContaining({ sku, kind: 'adjust', quantity: -8, onHandAfter: 12, reservedAfter: 5, reason: 'damaged in the warehouse', actor: `admin:${ADMIN.id}`, reservationId: null }),
      expect.objectContaining({ kind: 'reserve', quantity: 5, onHandAfter: 20, reservedAfter: 5, actor: 'service:test', reservationId: expect.any(String) }),
    ]);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const older = await rest('GET', `/inventory/${sku}/movements?limit=2&cursor=${page.body.nextCursor}`);
    expect(older.body.items).toEqual([expect.objectContaining({ kind: 'adjust', quantity: 20, onHandAfter: 20, reason: 'initial count' })]);
    expect(older.body.nextCursor).toBeNull();
  });

  it('400 on bad input, with a message', async () => {
    const sku = await stocked(1);
    for (const body of [{ onHand: -1 }, { onHand: 1.5 }, { onHand: 1_000_001 }, { onHand: '3' }, {}, { onHand: 1, reason: 'x'.repeat(201) }]) {
      expectError(await rest('PUT', `/inventory/${sku}`, { body }), 400, 'VALIDATION_FAILED');
    }
    expectError(await rest('GET', `/inventory/${encodeURIComponent('bad sku!')}`), 400, 'VALIDATION_FAILED');
    expectError(await rest('GET', `/inventory/${sku}/movements?limit=0`), 400, 'VALIDATION_FAILED');
    expectError(await rest('GET', `/inventory/${sku}/movements?cursor=abc`), 400, 'VALIDATION_FAILED');
  });

  it('404 for a SKU without stock (GET) or unknown to the catalog (PUT); a catalog SKU is created on PUT', async () => {
    expectError(await rest('GET', '/inventory/NOPE-1'), 404, 'NOT_FOUND');
    expectError(await rest('GET', '/inventory/NOPE-1/movements'), 404, 'NOT_FOUND');
    expectError(await rest('PUT', '/inventory/NOPE-1', { body: { onHand: 5 } }), 404, 'NOT_FOUND');
    const fresh = nextSku();
    catalogSkus.add(fresh);
    expectError(await rest('GET', `/inventory/${fresh}`), 404, 'NOT_FOUND');
    const created = await rest('PUT', `/inventory/${fresh}`, { body: { onHand: 0 } });
    expect(created.body).toEqual({ sku: fresh, onHand: 0, reserved: 0, available: 0 });
    expect((await rest('GET', `/inventory/${fresh}`)).status).toBe(200);
  });

  it('409 when setting onHand below the units reserved by checkouts in progress', async () => {
    const sku = await stocked(10);
    await call(() => client.reserve.mutate({ reservationId: randomUUID(), lines: [{ sku, quantity: 6 }] }));
    const response = await rest('PUT', `/inventory/${sku}`, { body: { onHand: 5 } });
    expectError(response, 409, 'CONFLICT');
    expect(response.body.error.message).toMatch(/6 units are reserved/);
    expect((await rest('PUT', `/inventory/${sku}`, { body: { onHand: 6 } })).body).toEqual({ sku, onHand: 6, reserved: 6, available: 0 });
  });

  it('records each stock change as an audit entry in its transaction: on hand and threshold before and after, the reason, who, the request', async () => {
    const sku = await stocked(10);
    const created = await outboxRows(pool, 'inventory', sku, inventoryAudit.type);
    expect(created.map((row) => row.payload)).toEqual([
      {
        entityType: 'stock',
        entityId: sku,
        action: 'stock_created',
        label: sku,
        changes: [
          { field: 'onHand', before: null, after: 10 },
          { field: 'lowStockThreshold', before: null, after: 5 },
          { field: 'reason', before: null, after: 'initial count' },
        ],
        actorEmail: ADMIN.email,
        requestId: expect.any(String),
      },
    ]);
    expect((await rest('PUT', `/inventory/${sku}`, { body: { onHand: 4, lowStockThreshold: 2 } })).status).toBe(200);
    // The same count again changes nothing: no entry.
    expect((await rest('PUT', `/inventory/${sku}`, { body: { onHand: 4 } })).status).toBe(200);
    const rows = await outboxRows(pool, 'inventory', sku, inventoryAudit.type);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({
      actor: { type: 'user', id: ADMIN.id },
      payload: { action: 'stock_set', changes: [{ field: 'onHand', before: 10, after: 4 }, { field: 'lowStockThreshold', before: 5, after: 2 }] },
    });
    expectDeclared(rows, inventoryEvents);

    // A refused change (below the reserved units) records nothing.
    await call(() => client.reserve.mutate({ reservationId: randomUUID(), lines: [{ sku, quantity: 3 }] }));
    expectError(await rest('PUT', `/inventory/${sku}`, { body: { onHand: 1 } }), 409, 'CONFLICT');
    expect(await outboxRows(pool, 'inventory', sku, inventoryAudit.type)).toHaveLength(2);
  });

  it('rolls the stock change back when its audit entry cannot be written (one transaction)', async () => {
    const sku = await stocked(7);
    const before = await stockRow(sku);
    const repository = createInventoryRepository(createInventoryDb(pool), pool);
    const input = { sku, onHand: 70, reason: 'count', actor: 'admin:test', createIfMissing: false, lowStockThreshold: null };
    await expect(
      repository.setStock(input, () => {
        throw new Error('audit entry refused');
      }),
    ).rejects.toThrow('audit entry refused');
    expect(await stockRow(sku)).toEqual(before);
    expect(await outboxRows(pool, 'inventory', sku, stockChanged.type)).toHaveLength(1);
  });

  it('401 without a token, 403 for customers', async () => {
    const sku = await stocked(1);
    expectError(await rest('GET', `/inventory/${sku}`, { token: null }), 401, 'UNAUTHORIZED');
    expectError(await rest('GET', `/inventory/${sku}`, { token: customerToken }), 403, 'FORBIDDEN');
    expectError(await rest('PUT', `/inventory/${sku}`, { token: customerToken, body: { onHand: 100 } }), 403, 'FORBIDDEN');
  });
});

describe('admin stock table (GET /inventory) and low-stock thresholds', () => {
  let listCounter = 0;
  /** A fresh SKU prefix per test, so the table holds only that test's SKUs under it. */
  const nextPrefix = () => `LST${Date.now().toString(36).toUpperCase()}${++listCounter}`;
  /** A catalog SKU stocked through PUT with the given body. */
  async function put(sku: string, body: Record<string, unknown>): Promise<Json> {
    catalogSkus.add(sku);
    return rest('PUT', `/inventory/${sku}`, { body });
  }
  const skus = (response: Json): string[] => (response.body.items as Array<{ sku: string }>).map((item) => item.sku);
  async function list(query: string): Promise<Json> {
    const response = await rest('GET', `/inventory?${query}`);
    expect(response.status, response.text).toBe(200);
    return response;
  }

  it('lists SKUs by a case-insensitive prefix with their threshold, filters low stock and sorts by available', async () => {
    const p = nextPrefix();
    expect((await put(`${p}-A`, { onHand: 50, lowStockThreshold: 10 })).status).toBe(200);
    await put(`${p}-B`, { onHand: 3 }); // default threshold 5: low
    await put(`${p}-C`, { onHand: 20, lowStockThreshold: 20 }); // at the threshold: low
    await put(`${p}-D`, { onHand: 0, lowStockThreshold: 0 }); // 0 <= 0: low
    await put(`${p}-E`, { onHand: 8 });
    await call(() => client.reserve.mutate({ reservationId: randomUUID(), lines: [{ sku: `${p}-E`, quantity: 4 }] })); // available 4: low
    const all = await list(`q=${p.toLowerCase()}`);
    expect(all.body).toMatchObject({ total: 5, page: 1, pageSize: 20 });
    expect(skus(all)).toEqual(['A', 'B', 'C', 'D', 'E'].map((s) => `${p}-${s}`));
    expect(all.body.items[4]).toEqual({ sku: `${p}-E`, onHand: 8, reserved: 4, available: 4, lowStockThreshold: 5, updatedAt: expect.any(String) });
    expect(Number.isNaN(Date.parse(all.body.items[4].updatedAt))).toBe(false);
    expect(all.body.items[0]).toMatchObject({ available: 50, lowStockThreshold: 10 });

    expect(skus(await list(`q=${p}&lowStock=true`))).toEqual(['B', 'C', 'D', 'E'].map((s) => `${p}-${s}`));
    expect(skus(await list(`q=${p}&lowStock=false`))).toHaveLength(5);
    expect(skus(await list(`q=${p}&sort=available_asc`))).toEqual(['D', 'B', 'E', 'C', 'A'].map((s) => `${p}-${s}`));
    expect(skus(await list(`q=${p}&sort=available_desc`))).toEqual(['A', 'C', 'E', 'B', 'D'].map((s) => `${p}-${s}`));
    // "_" is a literal character of a prefix, not a wildcard.
    expect((await list(`q=${p}_`)).body.total).toBe(0);
  });

  it('pages by number with the total of every page; ties in available are ordered by SKU', async () => {
    const p = nextPrefix();
    for (let i = 0; i < 12; i++) await put(`${p}-${String(i).padStart(2, '0')}`, { onHand: 7 });
    const first = await list(`q=${p}&pageSize=10`);
    const second = await list(`q=${p}&pageSize=10&page=2&sort=sku_asc`);
    expect(first.body).toMatchObject({ total: 12, page: 1, pageSize: 10 });
    expect(second.body).toMatchObject({ total: 12, page: 2, pageSize: 10 });
    expect([...skus(first), ...skus(second)]).toEqual(Array.from({ length: 12 }, (_, i) => `${p}-${String(i).padStart(2, '0')}`));
    expect(skus(await list(`q=${p}&pageSize=10&sort=available_desc`))).toEqual(skus(first));
    expect((await list(`q=${p}&pageSize=10&page=3`)).body).toEqual({ items: [], total: 12, page: 3, pageSize: 10 });
  });

  it('PUT sets the threshold with the count (omitted: unchanged), and low stock is judged against the new one', async () => {
    const p = nextPrefix();
    const sku = `${p}-T`;
    expect((await put(sku, { onHand: 50 })).body).toEqual({ sku, onHand: 50, reserved: 0, available: 50 });
    // Only the threshold: no movement, no event.
    const before = await rest('GET', `/inventory/${sku}/movements`);
    expect((await put(sku, { onHand: 50, lowStockThreshold: 60 })).status).toBe(200);
    expect((await list(`q=${sku}`)).body.items[0]).toMatchObject({ available: 50, lowStockThreshold: 60 });
    expect((await rest('GET', `/inventory/${sku}/movements`)).body.items).toHaveLength(before.body.items.length);
    expect(skus(await list(`q=${p}&lowStock=true`))).toEqual([sku]);
    // Omitted: kept.
    await put(sku, { onHand: 80 });
    expect((await list(`q=${sku}`)).body.items[0]).toMatchObject({ available: 80, lowStockThreshold: 60 });
    // Lowered to 10 with a count of 9 in one call: the count crosses the new threshold.
    await put(sku, { onHand: 9, lowStockThreshold: 10 });
    const { rows } = await pool.query<{ payload: { available: number; threshold: number } }>(
      `SELECT payload FROM inventory.outbox_events WHERE aggregate_id = $1 AND type = 'inventory.low_stock'`,
      [sku],
    );
    expect(rows.map((row) => row.payload)).toEqual([expect.objectContaining({ available: 9, threshold: 10 })]);
    // A 409 changes nothing, the threshold included.
    await call(() => client.reserve.mutate({ reservationId: randomUUID(), lines: [{ sku, quantity: 5 }] }));
    expectError(await put(sku, { onHand: 4, lowStockThreshold: 1 }), 409, 'CONFLICT');
    expect((await list(`q=${sku}`)).body.items[0]).toMatchObject({ onHand: 9, reserved: 5, lowStockThreshold: 10 });
  });

  it('PUT with only the threshold keeps the units on hand as they are, whatever was sold since the caller read them', async () => {
    const p = nextPrefix();
    const sku = `${p}-K`;
    await put(sku, { onHand: 20 });
    // A checkout holds 3 and another sells 2 after the editor read "20 on hand".
    await call(() => client.reserve.mutate({ reservationId: randomUUID(), lines: [{ sku, quantity: 3 }] }));
    const sold = randomUUID();
    await call(() => client.reserve.mutate({ reservationId: sold, lines: [{ sku, quantity: 2 }] }));
    await call(() => client.commit.mutate({ reservationId: sold }));
    const answer = await put(sku, { lowStockThreshold: 4, reason: 'threshold only' });
    expect(answer.status, answer.text).toBe(200);
    expect((await list(`q=${sku}`)).body.items[0]).toMatchObject({ onHand: 18, reserved: 3, available: 15, lowStockThreshold: 4 });
    // A SKU stocked for the first time with only a threshold starts at 0 on hand.
    const fresh = `${p}-NEW`;
    expect((await put(fresh, { lowStockThreshold: 2 })).status).toBe(200);
    expect((await list(`q=${fresh}`)).body.items[0]).toMatchObject({ onHand: 0, lowStockThreshold: 2 });
  });

  it('400 with a message on bad input, 401 without a token, 403 for customers', async () => {
    const sku = await stocked(1);
    for (const [body, message] of [
      [{}, /Give onHand, lowStockThreshold or both/],
      [{ reason: 'nothing else' }, /Give onHand, lowStockThreshold or both/],
      [{ onHand: 1, lowStockThreshold: -1 }, /lowStockThreshold must be >= 0/],
      [{ onHand: 1, lowStockThreshold: 100_001 }, /lowStockThreshold must be <= 100000/],
      [{ onHand: 1, lowStockThreshold: 1.5 }, /lowStockThreshold must be an integer/],
      [{ onHand: 1, lowStockThreshold: '5' }, /lowStockThreshold/],
    ] as const) {
      const response = await rest('PUT', `/inventory/${sku}`, { body });
      expectError(response, 400, 'VALIDATION_FAILED');
      expect(response.body.error.message).toMatch(message);
    }
    for (const [query, message] of [
      ['pageSize=15', /pageSize: must be one of 10, 20, 50, 100/],
      ['pageSize=', /pageSize/],
      ['page=0', /page/],
      ['page=x', /page/],
      ['sort=name', /sort/],
      ['lowStock=yes', /lowStock/],
      ['q=a%25b', /q: a SKU prefix/],
      [`q=${'A'.repeat(65)}`, /q/],
      ['limit=10', /unknown query parameter/],
    ] as const) {
      const response = await rest('GET', `/inventory?${query}`);
      expectError(response, 400, 'VALIDATION_FAILED');
      expect(response.body.error.message, query).toMatch(message);
    }
    expectError(await rest('GET', '/inventory', { token: null }), 401, 'UNAUTHORIZED');
    expectError(await rest('GET', '/inventory', { token: customerToken }), 403, 'FORBIDDEN');
    const defaults = await rest('GET', '/inventory');
    expect(defaults.status, defaults.text).toBe(200);
    expect(defaults.body).toMatchObject({ page: 1, pageSize: 20, total: expect.any(Number) });
  });
});

describe('events', () => {
  it('every change of available writes an inventory.stock_changed outbox row with the version, in the same transaction', async () => {
    const sku = await stocked(8);
    const reservationId = randomUUID();
    await call(() => client.reserve.mutate({ reservationId, lines: [{ sku, quantity: 3 }] }));
    // Committing a held reservation lowers onHand and reserved together: available stays 5, so
    // the row's version grows but nothing is announced.
    await call(() => client.commit.mutate({ reservationId }));
    await rest('PUT', `/inventory/${sku}`, { body: { onHand: 9, reason: 'delivery' } });
    // A refused change writes nothing.
    await failure(call(() => client.reserve.mutate({ reservationId: randomUUID(), lines: [{ sku, quantity: 100 }] })));
    const { rows } = await pool.query<{ type: string; payload: Record<string, number> }>(
      `SELECT type, payload FROM inventory.outbox_events WHERE payload ->> 'sku' = $1 AND type = 'inventory.stock_changed' ORDER BY (payload ->> 'version')::int`,
      [sku],
    );
    expect(rows.map((r) => r.type)).toEqual(Array(3).fill('inventory.stock_changed'));
    expect(rows.map((r) => r.payload)).toEqual([
      { sku, onHand: 8, reserved: 0, available: 8, version: 1 },
      { sku, onHand: 8, reserved: 3, available: 5, version: 2 },
      { sku, onHand: 9, reserved: 0, available: 9, version: 4 },
    ]);
    expect((await stockRow(sku)).version).toBe(4);
    const { rows: movements } = await pool.query<{ kind: string; quantity: number; onHandAfter: number; reservedAfter: number }>(
      'SELECT kind::text, quantity, on_hand_after AS "onHandAfter", reserved_after AS "reservedAfter" FROM inventory.movements WHERE sku = $1 ORDER BY id',
      [sku],
    );
    expect(movements).toEqual([
      { kind: 'adjust', quantity: 8, onHandAfter: 8, reservedAfter: 0 },
      { kind: 'reserve', quantity: 3, onHandAfter: 8, reservedAfter: 3 },
      { kind: 'commit', quantity: -3, onHandAfter: 5, reservedAfter: 0 },
      { kind: 'adjust', quantity: 4, onHandAfter: 9, reservedAfter: 0 },
    ]);
  });

  it('a commit that re-takes released units changes available, so it is announced', async () => {
    const sku = await stocked(4);
    const reservationId = randomUUID();
    await call(() => client.reserve.mutate({ reservationId, lines: [{ sku, quantity: 1 }] }));
    await call(() => client.release.mutate({ reservationId, reason: 'payment slow' }));
    await call(() => client.commit.mutate({ reservationId }));
    const { rows } = await pool.query<{ payload: Record<string, number> }>(
      `SELECT payload FROM inventory.outbox_events WHERE payload ->> 'sku' = $1 ORDER BY (payload ->> 'version')::int`,
      [sku],
    );
    expect(rows.map((r) => r.payload.available)).toEqual([4, 3, 4, 3]);
    expect(rows.at(-1)!.payload).toEqual({ sku, onHand: 3, reserved: 0, available: 3, version: 4 });
  });
});

describe('round trips', () => {
  /** The repository on a pool that counts statements and refuses explicit transactions and Prisma. */
  function countingRepository() {
    const statements: string[] = [];
    const counting = {
      query: (config: string | { text: string }, values?: unknown[]) => {
        statements.push(typeof config === 'string' ? config : config.text);
        return pool.query(config as string, values);
      },
      connect: () => {
        throw new Error('the hot path must not open an explicit transaction');
      },
    } as unknown as pg.Pool;
    const noPrisma = new Proxy({}, { get: () => { throw new Error('the hot path must not use Prisma'); } }) as InventoryDb;
    return { repository: createInventoryRepository(noPrisma, counting), statements };
  }

  it('reserve, commit, release and restock are one statement (one round trip) each, duplicates and shortages too', async () => {
    const a = await stocked(10);
    const b = await stocked(10);
    const { repository, statements } = countingRepository();
    const count = async (run: () => Promise<unknown>) => {
      const before = statements.length;
      await run();
      return statements.length - before;
    };
    const first = randomUUID();
    const lines = [{ sku: b, quantity: 2 }, { sku: a, quantity: 1 }];
    expect(await count(() => repository.reserve({ reservationId: first, lines, ttlSeconds: 60, actor: 'service:test' }))).toBe(1);
    expect(await count(() => repository.reserve({ reservationId: first, lines, ttlSeconds: 60, actor: 'service:test' }))).toBe(1);
    expect(await count(() => repository.reserve({ reservationId: randomUUID(), lines: [{ sku: a, quantity: 99 }], ttlSeconds: 60, actor: 'service:test' }))).toBe(1);
    expect(await count(() => repository.commit(first, 'service:test'))).toBe(1);
    expect(await count(() => repository.restock(first, 'cancelled', 'service:test'))).toBe(1);
    const second = randomUUID();
    await repository.reserve({ reservationId: second, lines, ttlSeconds: 60, actor: 'service:test' });
    expect(await count(() => repository.release(second, 'payment failed', 'service:test'))).toBe(1);
    expect(await stockRow(a)).toMatchObject({ onHand: 10, reserved: 0 });
    expect(await stockRow(b)).toMatchObject({ onHand: 10, reserved: 0 });
  });

  it('a shortage comes back as a result with the same details, and leaves nothing behind', async () => {
    const sku = await stocked(2);
    const { repository } = countingRepository();
    const reservationId = randomUUID();
    expect(await repository.reserve({ reservationId, lines: [{ sku, quantity: 3 }], ttlSeconds: 60, actor: 'service:test' })).toEqual({
      kind: 'insufficient',
      sku,
      requested: 3,
      available: 2,
    });
    expect((await pool.query('SELECT 1 FROM inventory.reservations WHERE id = $1', [reservationId])).rowCount).toBe(0);
    expect(await stockRow(sku)).toMatchObject({ onHand: 2, reserved: 0, version: 1 });
  });

  it('announces low stock once when available falls to or below the threshold (default 5), with the envelope of the change', async () => {
    const sku = await stocked(8);
    const lowStockRows = async () =>
      (
        await pool.query<{ payload: Record<string, number>; version: number; aggregate_id: string; actor: unknown }>(
          `SELECT payload, version, aggregate_id, actor FROM inventory.outbox_events WHERE aggregate_id = $1 AND type = 'inventory.low_stock' ORDER BY occurred_at`,
          [sku],
        )
      ).rows;
    await call(() => client.reserve.mutate({ reservationId: randomUUID(), lines: [{ sku, quantity: 2 }] })); // 8 → 6: above
    expect(await lowStockRows()).toEqual([]);
    await call(() => client.reserve.mutate({ reservationId: randomUUID(), lines: [{ sku, quantity: 1 }] })); // 6 → 5: crosses
    await call(() => client.reserve.mutate({ reservationId: randomUUID(), lines: [{ sku, quantity: 2 }] })); // 5 → 3: still low, no repeat
    const rows = await lowStockRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ payload: { sku, available: 5, threshold: 5 }, version: 1, aggregate_id: sku, actor: { type: 'service', id: 'test' } });
    // Every row the stock functions write matches its declared contract.
    const all = await pool.query<{ type: string; payload: unknown }>(`SELECT type, payload FROM inventory.outbox_events WHERE aggregate_id = $1`, [sku]);
    const contractOf = (type: string) => inventoryEvents.find((contract) => contract.type === type) ?? stockChanged;
    for (const row of all.rows) expect(checkEventData(contractOf(row.type), row.payload).ok, JSON.stringify(row)).toBe(true);
  });
});
