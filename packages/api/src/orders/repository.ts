import { randomUUID } from 'node:crypto';
import { Prisma, type OrdersDb } from '@omnicart/db/orders';
import type { ShippingAddress } from './schemas.js';
import type { OrderStatus } from './status.js';

/**
 * The only code that touches orders' Prisma client. The checkout hot path is a handful of single
 * SQL statements (data-modifying CTEs): each status change writes the order, its history row, its
 * outbox events and, when given, the Idempotency-Key answer atomically in one round trip.
 */

export type StockState = 'reserved' | 'committed' | 'released' | 'returned';
export type IdempotencyState = 'in_progress' | 'completed' | 'failed';
type Executor = Pick<OrdersDb, '$queryRaw' | '$executeRaw'>;

export interface OrderItemRow {
  productId: string;
  sku: string;
  name: string;
  unitPrice: number;
  quantity: number;
  lineTotal: number;
}

export interface OrderRow {
  id: string;
  number: string;
  customerId: string;
  customerEmail: string;
  status: OrderStatus;
  currency: string;
  subtotal: number;
  shipping: number;
  tax: number;
  total: number;
  shippingAddress: ShippingAddress;
  paymentMethod: string;
  paymentStatus: string;
  paymentIntentId: string | null;
  amountRefunded: number;
  stockState: StockState;
  sagaStep: string;
  cartId: string | null;
  createdAt: string;
  updatedAt: string;
  items: OrderItemRow[];
}

export interface HistoryRow {
  from: OrderStatus | null;
  to: OrderStatus;
  actor: string;
  note: string | null;
  at: string;
}

export interface IdempotencyRow {
  customerId: string;
  key: string;
  requestHash: string;
  orderId: string;
  state: IdempotencyState;
  responseStatus: number | null;
  responseBody: unknown;
}

export interface NewOrder {
  id: string;
  customerId: string;
  customerEmail: string;
  currency: string;
  subtotal: number;
  shipping: number;
  tax: number;
  total: number;
  shippingAddress: ShippingAddress;
  paymentMethod: string;
  cartId: string | null;
  items: OrderItemRow[];
}

/** The answer stored with an Idempotency-Key, written in the same statement as the change. */
export interface IdempotencyAnswer {
  customerId: string;
  key: string;
  state: Exclude<IdempotencyState, 'in_progress'>;
  status: number | null;
  body: unknown;
}

export interface OutboxEntry {
  type: string;
  payload: Record<string, unknown>;
}

export interface Transition {
  from: readonly OrderStatus[];
  to: OrderStatus;
  actor: string;
  note?: string | null;
  paymentStatus?: string;
  paymentIntentId?: string | null;
  stockState?: StockState;
  amountRefunded?: number;
  sagaStep?: string;
  events?: OutboxEntry[];
  idempotency?: IdempotencyAnswer;
}

export interface ListFilter {
  customerId: string | null;
  status: OrderStatus | null;
  from: Date | null;
  /** Exclusive upper bound. */
  toExclusive: Date | null;
  after: { createdAt: string; id: string } | null;
  take: number;
}

const ISO = (column: string) => Prisma.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

const ORDER_COLUMNS = Prisma.sql`o.id::text AS id, o.number, o.customer_id::text AS "customerId", o.customer_email AS "customerEmail",
  o.status::text AS status, o.currency, o.subtotal, o.shipping, o.tax, o.total, o.shipping_address AS "shippingAddress",
  o.payment_method AS "paymentMethod", coalesce(o.payment_status, 'pending') AS "paymentStatus", o.payment_intent_id AS "paymentIntentId",
  o.amount_refunded AS "amountRefunded", o.stock_state::text AS "stockState", o.saga_step AS "sagaStep", o.cart_id AS "cartId",
  ${ISO('o.created_at')} AS "createdAt", ${ISO('o.updated_at')} AS "updatedAt",
  (SELECT coalesce(json_agg(json_build_object('productId', i.product_id, 'sku', i.sku, 'name', i.name, 'unitPrice', i.unit_price,
     'quantity', i.quantity, 'lineTotal', i.line_total) ORDER BY i.position), '[]'::json)
     FROM orders.order_items i WHERE i.order_id = o.id) AS items`;

const outboxJson = (events: OutboxEntry[]) =>
  JSON.stringify(events.map((event) => ({ id: randomUUID(), type: event.type, payload: event.payload })));

export function createOrdersRepository(db: OrdersDb) {
  async function findOrder(executor: Executor, id: string, lock: boolean): Promise<OrderRow | null> {
    const rows = await executor.$queryRaw<OrderRow[]>`
      SELECT ${ORDER_COLUMNS} FROM orders.orders o WHERE o.id = ${id}::uuid ${lock ? Prisma.sql`FOR UPDATE OF o` : Prisma.empty}`;
    return rows[0] ?? null;
  }

  async function transition(executor: Executor, orderId: string, change: Transition): Promise<boolean> {
    const sets: Prisma.Sql[] = [Prisma.sql`status = ${change.to}::orders.order_status`, Prisma.sql`updated_at = now()`];
    if (change.paymentStatus !== undefined) sets.push(Prisma.sql`payment_status = ${change.paymentStatus}`);
    if (change.paymentIntentId !== undefined) sets.push(Prisma.sql`payment_intent_id = coalesce(${change.paymentIntentId}, payment_intent_id)`);
    if (change.stockState !== undefined) sets.push(Prisma.sql`stock_state = ${change.stockState}::orders.stock_state`);
    if (change.amountRefunded !== undefined) sets.push(Prisma.sql`amount_refunded = greatest(amount_refunded, ${change.amountRefunded}::int)`);
    sets.push(Prisma.sql`saga_step = ${change.sagaStep ?? change.to}`);
    const events = change.events ?? [];
    const idem = change.idempotency;
    const rows = await executor.$queryRaw<{ changed: number }[]>`
      WITH prev AS (
        SELECT id, status FROM orders.orders
         WHERE id = ${orderId}::uuid AND status::text = ANY(${[...change.from]}::text[]) FOR UPDATE
      ), changed AS (
        UPDATE orders.orders o SET ${Prisma.join(sets, ', ')} FROM prev WHERE o.id = prev.id
        RETURNING o.id, prev.status AS from_status
      ), history AS (
        INSERT INTO orders.order_status_history (id, order_id, from_status, to_status, actor, note)
        SELECT gen_random_uuid(), id, from_status, ${change.to}::orders.order_status, ${change.actor}, ${change.note ?? null} FROM changed
      ), outbox AS (
        INSERT INTO orders.outbox_events (id, type, payload)
        SELECT (e->>'id')::uuid, e->>'type', e->'payload' FROM changed, jsonb_array_elements(${outboxJson(events)}::jsonb) e
      ), idem AS (
        UPDATE orders.idempotency_keys k SET state = ${idem?.state ?? 'completed'}::orders.idempotency_state,
               response_status = ${idem?.status ?? null}::int, response_body = ${idem ? JSON.stringify(idem.body ?? null) : null}::jsonb, updated_at = now()
          FROM changed
         WHERE ${idem ? Prisma.sql`k.customer_id = ${idem.customerId}::uuid AND k.key = ${idem.key}` : Prisma.sql`false`}
      )
      SELECT count(*)::int AS changed FROM changed`;
    return (rows[0]?.changed ?? 0) > 0;
  }

  return {
    /**
     * Takes the Idempotency-Key for this request: inserts it, or takes over a key whose earlier
     * attempt failed without an answer (a transient error) when the request is the same.
     * Returns null when taken, else the existing row.
     */
    async claimKey(customerId: string, key: string, requestHash: string, orderId: string): Promise<IdempotencyRow | null> {
      const claimed = await db.$queryRaw<{ orderId: string }[]>`
        INSERT INTO orders.idempotency_keys (customer_id, key, request_hash, order_id)
        VALUES (${customerId}::uuid, ${key}, ${requestHash}, ${orderId}::uuid)
        ON CONFLICT (customer_id, key) DO UPDATE
           SET order_id = EXCLUDED.order_id, state = 'in_progress', response_status = NULL, response_body = NULL,
               created_at = now(), updated_at = now()
         WHERE idempotency_keys.state = 'failed' AND idempotency_keys.response_status IS NULL
           AND idempotency_keys.request_hash = EXCLUDED.request_hash
        RETURNING order_id::text AS "orderId"`;
      if (claimed.length > 0) return null;
      const existing = await this.findKey(customerId, key);
      if (!existing) throw new Error('idempotency key vanished');
      return existing;
    },

    async findKey(customerId: string, key: string): Promise<IdempotencyRow | null> {
      const rows = await db.$queryRaw<IdempotencyRow[]>`
        SELECT customer_id::text AS "customerId", key, request_hash AS "requestHash", order_id::text AS "orderId",
               state::text AS state, response_status AS "responseStatus", response_body AS "responseBody"
          FROM orders.idempotency_keys WHERE customer_id = ${customerId}::uuid AND key = ${key}`;
      return rows[0] ?? null;
    },

    async answerKey(answer: IdempotencyAnswer): Promise<void> {
      await db.$executeRaw`
        UPDATE orders.idempotency_keys SET state = ${answer.state}::orders.idempotency_state, response_status = ${answer.status}::int,
               response_body = ${JSON.stringify(answer.body ?? null)}::jsonb, updated_at = now()
         WHERE customer_id = ${answer.customerId}::uuid AND key = ${answer.key}`;
    },

    /** Answers every still-open key of an order (recovery/events resolved it after its request died). */
    async answerOpenKeysOfOrder(orderId: string, status: number, body: unknown): Promise<void> {
      await db.$executeRaw`
        UPDATE orders.idempotency_keys SET state = ${status < 300 ? 'completed' : 'failed'}::orders.idempotency_state,
               response_status = ${status}::int, response_body = ${JSON.stringify(body)}::jsonb, updated_at = now()
         WHERE order_id = ${orderId}::uuid AND state = 'in_progress'`;
    },

    /** Order, lines, first history row and order_created event in one statement. */
    async insertOrder(order: NewOrder, actor: string): Promise<{ number: string; createdAt: string }> {
      const event = { id: randomUUID(), type: 'orders.order_created' };
      const rows = await db.$queryRaw<{ number: string; createdAt: string }[]>`
        WITH created AS (
          INSERT INTO orders.orders (id, number, customer_id, customer_email, status, currency, subtotal, shipping, tax, total,
                                     shipping_address, payment_method, payment_status, stock_state, saga_step, cart_id)
          VALUES (${order.id}::uuid, 'OC-' || lpad(nextval('orders.order_number_seq')::text, 8, '0'), ${order.customerId}::uuid,
                  ${order.customerEmail}, 'pending_payment', ${order.currency}, ${order.subtotal}::int, ${order.shipping}::int,
                  ${order.tax}::int, ${order.total}::int, ${JSON.stringify(order.shippingAddress)}::jsonb, ${order.paymentMethod},
                  'pending', 'reserved', 'reserved', ${order.cartId}::text)
          RETURNING id, number, created_at
        ), lines AS (
          INSERT INTO orders.order_items (order_id, position, product_id, sku, name, unit_price, quantity, line_total)
          SELECT created.id, l.ord::int, l.product_id, l.sku, l.name, l.unit_price, l.quantity, l.unit_price * l.quantity
            FROM created, unnest(${order.items.map((i) => i.productId)}::uuid[], ${order.items.map((i) => i.sku)}::text[],
                                 ${order.items.map((i) => i.name)}::text[], ${order.items.map((i) => i.unitPrice)}::int[],
                                 ${order.items.map((i) => i.quantity)}::int[]) WITH ORDINALITY AS l(product_id, sku, name, unit_price, quantity, ord)
        ), history AS (
          INSERT INTO orders.order_status_history (id, order_id, from_status, to_status, actor, note)
          SELECT gen_random_uuid(), created.id, NULL, 'pending_payment', ${actor}, 'order placed' FROM created
        ), outbox AS (
          INSERT INTO orders.outbox_events (id, type, payload)
          SELECT ${event.id}::uuid, ${event.type}, jsonb_build_object('orderId', created.id, 'number', created.number,
                 'customerId', ${order.customerId}::text, 'total', ${order.total}::int, 'currency', ${order.currency}::text)
            FROM created
        )
        SELECT number, ${ISO('created_at')} AS "createdAt" FROM created`;
      const row = rows[0];
      if (!row) throw new Error('order insert returned nothing');
      return row;
    },

    /** Conditional status change (only from `change.from`) with history, outbox and key answer, atomically. */
    transition: (orderId: string, change: Transition) => transition(db, orderId, change),

    /** Payment facts without a status change (e.g. requires_action), plus the key's answer. */
    async recordPayment(
      orderId: string,
      fields: { paymentStatus: string; paymentIntentId: string | null; sagaStep: string },
      idempotency?: IdempotencyAnswer,
    ): Promise<void> {
      await db.$executeRaw`
        WITH changed AS (
          UPDATE orders.orders SET payment_status = ${fields.paymentStatus}, payment_intent_id = coalesce(${fields.paymentIntentId}, payment_intent_id),
                 saga_step = ${fields.sagaStep}, updated_at = now()
           WHERE id = ${orderId}::uuid AND status = 'pending_payment' RETURNING id
        )
        UPDATE orders.idempotency_keys k SET state = ${idempotency?.state ?? 'completed'}::orders.idempotency_state,
               response_status = ${idempotency?.status ?? null}::int, response_body = ${idempotency ? JSON.stringify(idempotency.body ?? null) : null}::jsonb,
               updated_at = now()
          FROM changed
         WHERE ${idempotency ? Prisma.sql`k.customer_id = ${idempotency.customerId}::uuid AND k.key = ${idempotency.key}` : Prisma.sql`false`}`;
    },

    async setStockState(orderId: string, stockState: StockState): Promise<void> {
      await db.$executeRaw`UPDATE orders.orders SET stock_state = ${stockState}::orders.stock_state, updated_at = now() WHERE id = ${orderId}::uuid`;
    },

    async setAmountRefunded(orderId: string, amountRefunded: number, paymentStatus?: string): Promise<void> {
      await db.$executeRaw`
        UPDATE orders.orders SET amount_refunded = greatest(amount_refunded, least(${amountRefunded}::int, total)),
               payment_status = coalesce(${paymentStatus ?? null}, payment_status), updated_at = now()
         WHERE id = ${orderId}::uuid`;
    },

    findOrder: (id: string) => findOrder(db, id, false),

    async statusOf(id: string): Promise<OrderStatus | null> {
      const rows = await db.$queryRaw<{ status: OrderStatus }[]>`SELECT status::text AS status FROM orders.orders WHERE id = ${id}::uuid`;
      return rows[0]?.status ?? null;
    },

    async history(orderId: string): Promise<HistoryRow[]> {
      return db.$queryRaw<HistoryRow[]>`
        SELECT from_status::text AS "from", to_status::text AS "to", actor, note, ${ISO('created_at')} AS at
          FROM orders.order_status_history WHERE order_id = ${orderId}::uuid ORDER BY created_at, id`;
    },

    async wasFulfilled(orderId: string): Promise<boolean> {
      const rows = await db.$queryRaw<{ found: boolean }[]>`
        SELECT EXISTS (SELECT 1 FROM orders.order_status_history WHERE order_id = ${orderId}::uuid AND to_status IN ('fulfilled', 'delivered')) AS found`;
      return rows[0]?.found ?? false;
    },

    async list(filter: ListFilter): Promise<OrderRow[]> {
      const conditions: Prisma.Sql[] = [Prisma.sql`true`];
      if (filter.customerId) conditions.push(Prisma.sql`o.customer_id = ${filter.customerId}::uuid`);
      if (filter.status) conditions.push(Prisma.sql`o.status = ${filter.status}::orders.order_status`);
      if (filter.from) conditions.push(Prisma.sql`o.created_at >= ${filter.from}::timestamptz`);
      if (filter.toExclusive) conditions.push(Prisma.sql`o.created_at < ${filter.toExclusive}::timestamptz`);
      if (filter.after) {
        conditions.push(Prisma.sql`(o.created_at, o.id) < (${filter.after.createdAt}::timestamptz, ${filter.after.id}::uuid)`);
      }
      return db.$queryRaw<OrderRow[]>`
        SELECT ${ORDER_COLUMNS} FROM orders.orders o WHERE ${Prisma.join(conditions, ' AND ')}
         ORDER BY o.created_at DESC, o.id DESC LIMIT ${filter.take}::int`;
    },

    /**
     * Runs `work` with the order row locked (SELECT ... FOR UPDATE) so admin changes, payment
     * events and recovery never interleave on one order. `work` gets a transition bound to the
     * same transaction.
     */
    async withLockedOrder<T>(
      orderId: string,
      work: (order: OrderRow | null, tx: { transition(change: Transition): Promise<boolean> }) => Promise<T>,
    ): Promise<T> {
      return db.$transaction(
        async (tx) => {
          const order = await findOrder(tx, orderId, true);
          return work(order, { transition: (change) => transition(tx, orderId, change) });
        },
        { timeout: 60_000, maxWait: 10_000 },
      );
    },

    /**
     * Recovery: leases up to `limit` orders needing attention (stale pending_payment; captured
     * but stock not committed; failed/cancelled with stock still reserved). SKIP LOCKED plus the
     * next_attempt_at lease keep replicas off each other's rows.
     */
    async claimOrdersForRecovery(staleAfterMs: number, leaseMs: number, limit: number): Promise<OrderRow[]> {
      const rows = await db.$queryRaw<{ id: string }[]>`
        UPDATE orders.orders o SET next_attempt_at = now() + make_interval(secs => ${leaseMs / 1000}::float8)
         WHERE o.id IN (
           SELECT id FROM orders.orders
            WHERE (next_attempt_at IS NULL OR next_attempt_at <= now())
              AND ((status = 'pending_payment' AND created_at < now() - make_interval(secs => ${staleAfterMs / 1000}::float8))
                OR (status IN ('paid', 'fulfilled', 'delivered', 'partially_refunded') AND stock_state = 'reserved')
                OR (status IN ('payment_failed', 'cancelled') AND stock_state = 'reserved'))
            ORDER BY created_at LIMIT ${limit}::int
            FOR UPDATE SKIP LOCKED)
        RETURNING o.id::text AS id`;
      const orders: OrderRow[] = [];
      for (const row of rows) {
        const order = await findOrder(db, row.id, false);
        if (order) orders.push(order);
      }
      return orders;
    },

    /** Recovery: leases in-progress keys older than `staleAfterMs` (their request died or hangs). */
    async claimStaleKeys(staleAfterMs: number, limit: number): Promise<(IdempotencyRow & { orderExists: boolean })[]> {
      return db.$queryRaw<(IdempotencyRow & { orderExists: boolean })[]>`
        UPDATE orders.idempotency_keys k SET updated_at = now()
         WHERE (k.customer_id, k.key) IN (
           SELECT customer_id, key FROM orders.idempotency_keys
            WHERE state = 'in_progress' AND updated_at < now() - make_interval(secs => ${staleAfterMs / 1000}::float8)
            ORDER BY updated_at LIMIT ${limit}::int
            FOR UPDATE SKIP LOCKED)
        RETURNING k.customer_id::text AS "customerId", k.key, k.request_hash AS "requestHash", k.order_id::text AS "orderId",
                  k.state::text AS state, k.response_status AS "responseStatus", k.response_body AS "responseBody",
                  EXISTS (SELECT 1 FROM orders.orders o WHERE o.id = k.order_id) AS "orderExists"`;
    },

    /** Consumer dedupe: true when this event id was recorded now, false when it was seen before. */
    async markEventProcessed(id: string, type: string): Promise<boolean> {
      const rows = await db.$queryRaw<{ id: string }[]>`
        INSERT INTO orders.processed_events (id, type) VALUES (${id}::uuid, ${type}) ON CONFLICT (id) DO NOTHING RETURNING id::text AS id`;
      return rows.length > 0;
    },

    async isEventProcessed(id: string): Promise<boolean> {
      const rows = await db.$queryRaw<{ found: boolean }[]>`SELECT EXISTS (SELECT 1 FROM orders.processed_events WHERE id = ${id}::uuid) AS found`;
      return rows[0]?.found ?? false;
    },
  };
}

export type OrdersRepository = ReturnType<typeof createOrdersRepository>;
