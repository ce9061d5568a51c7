import type pg from 'pg';
import { inTransaction } from '../runtime/transaction.js';
import { OUTBOX_COLUMNS, type OutboxEnvelope, type OutboxEventRow } from '../events/index.js';
import type { ShippingAddress } from './schemas.js';
import type { OrderStatus } from './status.js';

/**
 * The only code that touches orders' tables. Every statement is plain SQL on the pg pool (no
 * Prisma client at run time: the schema in packages/db/prisma/orders stays the source of the
 * migrations and the drift test). The checkout hot path is three statements, each a named
 * prepared statement (parsed once per connection) and a data-modifying CTE: taking the key; the
 * order + lines + history + outbox; the status change + history + outbox + the key's answer.
 */

export type StockState = 'reserved' | 'committed' | 'released' | 'returned';
export type IdempotencyState = 'in_progress' | 'completed' | 'failed';
type Executor = Pick<pg.ClientBase, 'query'>;

export interface OrderItemRow {
  productId: string;
  sku: string;
  name: string;
  unitPrice: number;
  quantity: number;
  lineTotal: number;
  /** What promotions took off this line (0 without). */
  discount: number;
}

/** One promotion's part of an order's discount: the price snapshot the order keeps. */
export interface OrderDiscount {
  promotionId: string;
  kind: 'code' | 'automatic';
  code: string | null;
  name: string;
  label: string;
  amount: number;
}

export interface OrderRow {
  id: string;
  number: string;
  /** null for a guest order. */
  customerId: string | null;
  customerEmail: string;
  /** The buyer's e-mail of a guest order (null for customers' orders). */
  guestEmail: string | null;
  status: OrderStatus;
  currency: string;
  subtotal: number;
  /** Line discounts + shipping waived. */
  discount: number;
  discounts: OrderDiscount[];
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
  /** Recorded with the change into fulfilled (null until then, or when not given). */
  carrier: string | null;
  trackingNumber: string | null;
  createdAt: string;
  updatedAt: string;
  items: OrderItemRow[];
}

export interface HistoryRow {
  from: OrderStatus | null;
  to: OrderStatus;
  actor: string;
  note: string | null;
  /** Given with a change into fulfilled; null on every other entry. */
  carrier: string | null;
  trackingNumber: string | null;
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

/** What a checkout inserts: the order's own fields, before the database fills in the rest. */
export type NewOrder = Pick<
  OrderRow,
  'id' | 'customerId' | 'customerEmail' | 'guestEmail' | 'currency' | 'subtotal' | 'discount' | 'discounts' | 'shipping' | 'tax' | 'total' | 'shippingAddress' | 'paymentMethod' | 'cartId' | 'items'
>;

/** Per-customer limits an order must fit in (only lines whose product has a maxPerCustomer). */
export interface QuantityHolds {
  /** "customer:<id>" or "guest:<lower-cased e-mail>" (see README: who a customer is). */
  customerKey: string;
  lines: { productId: string; quantity: number; max: number }[];
}

/** A limited line the customer's earlier orders leave no room for. */
export interface HeldLine {
  productId: string;
  quantity: number;
  max: number;
  alreadyOrdered: number;
}

export type InsertOrderResult =
  | { ok: true; number: string; createdAt: string }
  /** The cart has a live order already (orders_cart_id_live_key): nothing was written. */
  | { ok: false; reason: 'cart_has_live_order' }
  /** A per-customer limit would be exceeded: nothing was written. */
  | { ok: false; reason: 'limit'; line: HeldLine };

/** The live order of a cart, as a second checkout of the cart is told about it. */
export interface LiveCartOrder {
  id: string;
  number: string;
  /** null for a guest order. */
  customerId: string | null;
  status: OrderStatus;
  paymentStatus: string;
}

/** What taking a key found: the key's row when it was not ours, and the caller's rate window when it was. */
export interface KeyClaim {
  existing: IdempotencyRow | null;
  /** Checkout attempts in the customer's current window, this one included (null: not counted). */
  attempts: number | null;
  /** Seconds until the window ends (null: not counted). */
  retryAfterSeconds: number | null;
}

/** The answer stored with an Idempotency-Key, written in the same statement as the change. */
export interface IdempotencyAnswer {
  customerId: string;
  key: string;
  state: Exclude<IdempotencyState, 'in_progress'>;
  status: number | null;
  body: unknown;
}

/** An outbox row a change writes (see events.ts and events/outbox.ts). */
export type OutboxEntry = OutboxEventRow;

export interface Transition {
  from: readonly OrderStatus[];
  to: OrderStatus;
  actor: string;
  note?: string | null;
  /** Into fulfilled only: kept on the order and on the history row. */
  carrier?: string | null;
  trackingNumber?: string | null;
  paymentStatus?: string;
  paymentIntentId?: string | null;
  stockState?: StockState;
  amountRefunded?: number;
  sagaStep?: string;
  events?: OutboxEntry[];
  idempotency?: IdempotencyAnswer;
  /** Without `idempotency`: the answer for every key still in progress on this order (its request died or waits). */
  openKeys?: Omit<IdempotencyAnswer, 'customerId' | 'key'>;
  /** The consumed event this change answers: recorded in processed_events by the same statement. */
  processedEvent?: { id: string; type: string };
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

/** What the sales summary reads: store-local dates (YYYY-MM-DD) in `timeZone`. */
export interface SalesSummaryQuery {
  timeZone: string;
  previousFrom: string;
  from: string;
  to: string;
  today: string;
}

/** A bound of an order search: a store-local day (resolved in `timeZone` by the database) or an instant. */
export type SearchBound = { date: string } | { instant: Date };

export interface SearchFilter {
  timeZone: string;
  /** Number or id prefix, or part of the e-mail (already trimmed, non-empty). */
  q: string | null;
  status: OrderStatus | null;
  customerId: string | null;
  /** Inclusive. */
  from: SearchBound | null;
  /** Inclusive: a day covers the whole day. */
  to: SearchBound | null;
  minTotal: number | null;
  maxTotal: number | null;
  sort: 'created_desc' | 'created_asc' | 'total_desc' | 'total_asc';
  limit: number;
  offset: number;
}

/** Every order has a distinct (created_at, id), so each sort is a total order and pages never overlap. */
const SEARCH_ORDER: Record<SearchFilter['sort'], string> = {
  created_desc: 'o.created_at DESC, o.id DESC',
  created_asc: 'o.created_at ASC, o.id ASC',
  total_desc: 'o.total DESC, o.created_at DESC, o.id DESC',
  total_asc: 'o.total ASC, o.created_at ASC, o.id ASC',
};

/** A LIKE pattern matching `text` literally (the default escape character is the backslash). */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Where an export page continues: the sort key of the previous page's last order. */
export interface ExportKey {
  createdAt: string;
  id: string;
  /** Set for the total sorts. */
  total: number;
}

/**
 * The WHERE clause of an order search (`o` is orders.orders) and its parameters; `param` adds more.
 * An e-mail part or a number prefix is matched through the trigram indexes of the two columns.
 */
function searchConditions(filter: Omit<SearchFilter, 'limit' | 'offset'>): { where: string; values: unknown[]; param: (value: unknown) => string } {
  const conditions: string[] = ['true'];
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  if (filter.q) {
    const pattern = likeLiteral(filter.q);
    // customer_email holds every buyer's e-mail (checkout copies a guest's there too), so it alone
    // answers e-mail parts; each further arm costs an index probe, so numbers and ids are tried only
    // when q can be one.
    const arms = [`o.customer_email ILIKE ${param(`%${pattern}%`)}`];
    if (!/[@\s]/.test(filter.q)) arms.push(`o.number ILIKE ${param(`${pattern}%`)}`);
    if (/^[0-9a-f-]+$/i.test(filter.q)) arms.push(`o.id::text LIKE ${param(`${pattern.toLowerCase()}%`)}`);
    conditions.push(`(${arms.join(' OR ')})`);
  }
  if (filter.status) conditions.push(`o.status = ${param(filter.status)}::orders.order_status`);
  if (filter.customerId) conditions.push(`o.customer_id = ${param(filter.customerId)}::uuid`);
  const zone = () => param(filter.timeZone);
  if (filter.from) {
    conditions.push(
      'date' in filter.from
        ? `o.created_at >= ${param(filter.from.date)}::date::timestamp AT TIME ZONE ${zone()}::text`
        : `o.created_at >= ${param(filter.from.instant)}::timestamptz`,
    );
  }
  if (filter.to) {
    conditions.push(
      'date' in filter.to
        ? `o.created_at < (${param(filter.to.date)}::date + 1)::timestamp AT TIME ZONE ${zone()}::text`
        : `o.created_at <= ${param(filter.to.instant)}::timestamptz`,
    );
  }
  if (filter.minTotal !== null) conditions.push(`o.total >= ${param(filter.minTotal)}::int`);
  if (filter.maxTotal !== null) conditions.push(`o.total <= ${param(filter.maxTotal)}::int`);
  return { where: conditions.join(' AND '), values, param };
}

export interface SalesTotalsRow {
  revenue: number;
  orders: number;
  averageOrderValue: number;
}

export interface SalesSummaryRow {
  totals: Record<'today' | 'current' | 'previous', SalesTotalsRow>;
  byDay: { date: string; revenue: number; orders: number }[];
}

const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const ORDER_COLUMNS = `o.id::text AS id, o.number, o.customer_id::text AS "customerId", o.customer_email AS "customerEmail",
  o.guest_email AS "guestEmail", o.status::text AS status, o.currency, o.subtotal, o.discount, o.discounts, o.shipping, o.tax, o.total, o.shipping_address AS "shippingAddress",
  o.payment_method AS "paymentMethod", coalesce(o.payment_status, 'pending') AS "paymentStatus", o.payment_intent_id AS "paymentIntentId",
  o.amount_refunded AS "amountRefunded", o.stock_state::text AS "stockState", o.saga_step AS "sagaStep", o.cart_id AS "cartId",
  o.carrier, o.tracking_number AS "trackingNumber", ${ISO('o.created_at')} AS "createdAt", ${ISO('o.updated_at')} AS "updatedAt",
  (SELECT coalesce(json_agg(json_build_object('productId', i.product_id, 'sku', i.sku, 'name', i.name, 'unitPrice', i.unit_price,
     'quantity', i.quantity, 'lineTotal', i.line_total, 'discount', i.discount) ORDER BY i.position), '[]'::json)
     FROM orders.order_items i WHERE i.order_id = o.id) AS items`;

const KEY_COLUMNS = `customer_id::text AS "customerId", key, request_hash AS "requestHash", order_id::text AS "orderId",
  state::text AS state, response_status AS "responseStatus", response_body AS "responseBody"`;

/** A named prepared statement: parsed and planned once per pooled connection, then only bound and run. */
const statement = (name: string, text: string) => ({ name: `orders_${name}`, text });

/**
 * Takes the key (insert, or take over a failed key of the same request) or returns it as it is: one round trip either way.
 * A key taken (not a replay) also counts one checkout attempt in the customer's rate window ($5, NULL = no limit;
 * a fixed window of $6 seconds): the answer says how many attempts the window holds and when it ends.
 */
const CLAIM_KEY = statement(
  'claim_key',
  `WITH ins AS (
     INSERT INTO orders.idempotency_keys (customer_id, key, request_hash, order_id)
     VALUES ($1::uuid, $2::text, $3::text, $4::uuid)
     ON CONFLICT (customer_id, key) DO UPDATE
        SET order_id = EXCLUDED.order_id, state = 'in_progress', response_status = NULL, response_body = NULL,
            created_at = now(), updated_at = now()
      WHERE idempotency_keys.state = 'failed' AND idempotency_keys.response_status IS NULL
        AND idempotency_keys.request_hash = EXCLUDED.request_hash
     RETURNING 1
   ), rate AS (
     INSERT INTO orders.checkout_rate_windows AS w (customer_key, window_start, attempts)
     SELECT $5::text, now(), 1 FROM ins WHERE $5::text IS NOT NULL
     ON CONFLICT (customer_key) DO UPDATE
        SET window_start = CASE WHEN w.window_start <= now() - make_interval(secs => $6::float8) THEN now() ELSE w.window_start END,
            attempts = CASE WHEN w.window_start <= now() - make_interval(secs => $6::float8) THEN 1 ELSE w.attempts + 1 END
     RETURNING w.attempts, ceil(extract(epoch FROM w.window_start + make_interval(secs => $6::float8) - now()))::int AS "retryAfter"
   )
   SELECT EXISTS (SELECT 1 FROM ins) AS claimed,
          (SELECT row_to_json(k) FROM (SELECT ${KEY_COLUMNS} FROM orders.idempotency_keys
            WHERE customer_id = $1::uuid AND key = $2::text AND NOT EXISTS (SELECT 1 FROM ins)) k) AS existing,
          (SELECT row_to_json(rate) FROM rate) AS rate`,
);

const FIND_KEY = statement('find_key', `SELECT ${KEY_COLUMNS} FROM orders.idempotency_keys WHERE customer_id = $1::uuid AND key = $2::text`);

const ANSWER_KEY = statement(
  'answer_key',
  `UPDATE orders.idempotency_keys SET state = $3::orders.idempotency_state, response_status = $4::int, response_body = $5::jsonb, updated_at = now()
    WHERE customer_id = $1::uuid AND key = $2::text`,
);

/**
 * Order, lines, first history row and order_placed in one statement. A cart with a live order
 * already (the partial unique index orders_cart_id_live_key) inserts nothing: no row comes back.
 */
const INSERT_ORDER = statement(
  'insert_order',
  `WITH created AS (
     INSERT INTO orders.orders (id, number, customer_id, customer_email, status, currency, subtotal, shipping, tax, total,
                                shipping_address, payment_method, payment_status, stock_state, saga_step, cart_id, guest_email, discount, discounts)
     VALUES ($1::uuid, 'OC-' || lpad(nextval('orders.order_number_seq')::text, 8, '0'), $2::uuid, $3::text, 'pending_payment', $4::text,
             $5::int, $6::int, $7::int, $8::int, $9::jsonb, $10::text, 'pending', 'reserved', 'reserved', $11::text, $18::text, $26::int, $27::jsonb)
     ON CONFLICT (cart_id) WHERE cart_id IS NOT NULL AND status NOT IN ('payment_failed', 'cancelled') DO NOTHING
     RETURNING id, number, created_at
   ), lines AS (
     INSERT INTO orders.order_items (order_id, position, product_id, sku, name, unit_price, quantity, line_total, discount)
     SELECT created.id, l.ord::int, l.product_id, l.sku, l.name, l.unit_price, l.quantity, l.unit_price * l.quantity, l.discount
       FROM created, unnest($12::uuid[], $13::text[], $14::text[], $15::int[], $16::int[], $28::int[]) WITH ORDINALITY AS l(product_id, sku, name, unit_price, quantity, discount, ord)
   ), history AS (
     INSERT INTO orders.order_status_history (id, order_id, from_status, to_status, actor, note)
     SELECT gen_random_uuid(), created.id, NULL, 'pending_payment', $17::text, 'order placed' FROM created
   ), outbox AS (
     INSERT INTO orders.outbox_events (${OUTBOX_COLUMNS})
     SELECT $19::uuid, $20::text, $21::int, created.id::text, $22::jsonb, $23::text, $24::text,
            $25::jsonb || jsonb_build_object('number', created.number)
       FROM created
   )
   SELECT number, ${ISO('created_at')} AS "createdAt" FROM created`,
);

/**
 * Per-customer limits, in the order's transaction: raises the customer's count of each limited
 * product by the order's units, only where the result stays within the product's maximum (the
 * upsert's WHERE is evaluated on the latest row version under its lock, so concurrent checkouts of
 * one customer cannot together pass it), and records what this order holds. Returns every limited
 * line with whether it was held and the count seen.
 */
const HOLD_QUANTITIES = statement(
  'hold_quantities',
  `WITH want AS (
     SELECT product_id, quantity, max FROM unnest($3::uuid[], $4::int[], $5::int[]) AS w(product_id, quantity, max)
   ), bumped AS (
     INSERT INTO orders.customer_product_quantities AS c (customer_key, product_id, quantity)
     SELECT $2::text, product_id, quantity FROM want WHERE quantity <= max ORDER BY product_id
     ON CONFLICT (customer_key, product_id) DO UPDATE SET quantity = c.quantity + EXCLUDED.quantity, updated_at = now()
      WHERE c.quantity + EXCLUDED.quantity <= (SELECT w.max FROM want w WHERE w.product_id = c.product_id)
     RETURNING c.product_id
   ), held AS (
     INSERT INTO orders.order_quantity_holds (order_id, product_id, customer_key, quantity)
     SELECT $1::uuid, w.product_id, $2::text, w.quantity FROM want w JOIN bumped b USING (product_id)
   )
   SELECT w.product_id::text AS "productId", w.quantity, w.max, b.product_id IS NOT NULL AS held,
          coalesce((SELECT c.quantity FROM orders.customer_product_quantities c WHERE c.customer_key = $2::text AND c.product_id = w.product_id), 0) AS "alreadyOrdered"
     FROM want w LEFT JOIN bumped b USING (product_id)`,
);

/** The live order of a cart (at most one: orders_cart_id_live_key), or none. */
const LIVE_ORDER_OF_CART = statement(
  'live_order_of_cart',
  `SELECT o.id::text AS id, o.number, o.customer_id::text AS "customerId", o.status::text AS status, coalesce(o.payment_status, 'pending') AS "paymentStatus"
     FROM orders.orders o
    WHERE o.cart_id = $1::text AND o.status NOT IN ('payment_failed', 'cancelled')`,
);

/**
 * A conditional status change (only from the given statuses, row locked) with its history row,
 * outbox events, the key's answer and the consumed event's dedupe row, atomically. Into
 * payment_failed or cancelled it also gives back the order's per-customer quantity holds. Optional
 * fields are NULL to keep the column as it is, so the statement text never varies.
 */
const TRANSITION = statement(
  'transition',
  `WITH prev AS (
     SELECT id, status FROM orders.orders WHERE id = $1::uuid AND status::text = ANY($2::text[]) FOR UPDATE
   ), changed AS (
     UPDATE orders.orders o
        SET status = $3::orders.order_status, updated_at = now(),
            payment_status = coalesce($4::text, o.payment_status),
            payment_intent_id = coalesce($5::text, o.payment_intent_id),
            stock_state = coalesce($6::orders.stock_state, o.stock_state),
            amount_refunded = greatest(o.amount_refunded, $7::int),
            saga_step = $8::text,
            carrier = coalesce($22::text, o.carrier),
            tracking_number = coalesce($23::text, o.tracking_number)
       FROM prev WHERE o.id = prev.id
     RETURNING o.id, prev.status AS from_status
   ), history AS (
     INSERT INTO orders.order_status_history (id, order_id, from_status, to_status, actor, note, carrier, tracking_number)
     SELECT gen_random_uuid(), id, from_status, $3::orders.order_status, $9::text, $10::text, $22::text, $23::text FROM changed
   ), outbox AS (
     INSERT INTO orders.outbox_events (${OUTBOX_COLUMNS})
     SELECT (e->>'id')::uuid, e->>'type', (e->>'version')::int, e->>'aggregateId', e->'actor', e->>'traceparent', e->>'tracestate', e->'payload'
       FROM changed, jsonb_array_elements($11::jsonb) e
   ), idem AS (
     UPDATE orders.idempotency_keys k SET state = $12::orders.idempotency_state, response_status = $13::int, response_body = $14::jsonb, updated_at = now()
       FROM changed WHERE k.customer_id = $15::uuid AND k.key = $16::text
   ), open_keys AS (
     UPDATE orders.idempotency_keys k SET state = $19::orders.idempotency_state, response_status = $20::int, response_body = $21::jsonb, updated_at = now()
       FROM changed WHERE $19::orders.idempotency_state IS NOT NULL AND k.order_id = changed.id AND k.state = 'in_progress'
   ), released AS (
     DELETE FROM orders.order_quantity_holds h USING changed
      WHERE h.order_id = changed.id AND $3::orders.order_status IN ('payment_failed', 'cancelled')
     RETURNING h.customer_key, h.product_id, h.quantity
   ), unheld AS (
     UPDATE orders.customer_product_quantities c SET quantity = c.quantity - r.quantity, updated_at = now()
       FROM released r WHERE c.customer_key = r.customer_key AND c.product_id = r.product_id
   ), processed AS (
     INSERT INTO orders.processed_events (id, type) SELECT $17::uuid, $18::text FROM changed WHERE $17::uuid IS NOT NULL
     ON CONFLICT (id) DO NOTHING
   )
   SELECT count(*)::int AS changed FROM changed`,
);

const RECORD_PAYMENT = statement(
  'record_payment',
  `WITH changed AS (
     UPDATE orders.orders SET payment_status = $2::text, payment_intent_id = coalesce($3::text, payment_intent_id), saga_step = $4::text, updated_at = now()
      WHERE id = $1::uuid AND status = 'pending_payment' RETURNING id
   )
   UPDATE orders.idempotency_keys k SET state = $5::orders.idempotency_state, response_status = $6::int, response_body = $7::jsonb, updated_at = now()
     FROM changed WHERE k.customer_id = $8::uuid AND k.key = $9::text`,
);

const FIND_ORDER = statement('find_order', `SELECT ${ORDER_COLUMNS} FROM orders.orders o WHERE o.id = $1::uuid`);
/** The order with its status history (GET /orders/{id}, the answer of a status change): one read. */
const ORDER_DETAIL = statement(
  'order_detail',
  `SELECT ${ORDER_COLUMNS},
          (SELECT coalesce(json_agg(json_build_object('from', h.from_status, 'to', h.to_status, 'actor', h.actor, 'note', h.note,
                  'carrier', h.carrier, 'trackingNumber', h.tracking_number, 'at', ${ISO('h.created_at')}) ORDER BY h.created_at, h.from_status IS NOT NULL, h.id), '[]'::json)
             FROM orders.order_status_history h WHERE h.order_id = o.id) AS "statusHistory"
     FROM orders.orders o WHERE o.id = $1::uuid`,
);
const LOCK_ORDER = statement('lock_order', `SELECT ${ORDER_COLUMNS} FROM orders.orders o WHERE o.id = $1::uuid FOR UPDATE OF o`);

/** The payment consumer's probe: was the event handled, and the order as it is (NULL columns when there is none). */
const EVENT_PROBE = statement(
  'event_probe',
  `SELECT EXISTS (SELECT 1 FROM orders.processed_events WHERE id = $2::uuid) AS processed, ${ORDER_COLUMNS}
     FROM (SELECT 1) one LEFT JOIN orders.orders o ON o.id = $1::uuid`,
);

const MARK_EVENT = statement(
  'mark_event',
  `INSERT INTO orders.processed_events (id, type) VALUES ($1::uuid, $2::text) ON CONFLICT (id) DO NOTHING RETURNING id::text AS id`,
);

const BEST_SELLERS = statement(
  'best_sellers',
  `SELECT i.product_id::text AS "productId", sum(i.quantity)::int AS "unitsSold"
     FROM orders.orders o JOIN orders.order_items i ON i.order_id = o.id
    WHERE o.status IN ('paid', 'fulfilled', 'delivered') AND o.created_at >= now() - make_interval(days => $1::int)
    GROUP BY i.product_id
    ORDER BY "unitsSold" DESC, i.product_id
    LIMIT $2::int`,
);

/**
 * The dashboard's sales figures in one statement. An order counts on the store-local day of its
 * `paid` history row (the time its payment succeeded; an order is paid at most once), for its
 * total net of refunds. Only paid rows in the two ranges or today are read (the history's
 * (to_status, created_at) index); the days are grouped in the store's zone ($1) and the ranges
 * summed from them, every day of the current range listed (zeros included).
 * $2 previous range's first day, $3..$4 the range, $5 today.
 */
const SALES_SUMMARY = statement(
  'sales_summary',
  `WITH paid AS (
     SELECT h.order_id, min(h.created_at) AS paid_at
       FROM orders.order_status_history h
      WHERE h.to_status = 'paid'
        AND ((h.created_at >= $2::date::timestamp AT TIME ZONE $1::text AND h.created_at < ($4::date + 1)::timestamp AT TIME ZONE $1::text)
          OR (h.created_at >= $5::date::timestamp AT TIME ZONE $1::text AND h.created_at < ($5::date + 1)::timestamp AT TIME ZONE $1::text))
      GROUP BY h.order_id
   ), days AS (
     SELECT (p.paid_at AT TIME ZONE $1::text)::date AS day, count(*)::bigint AS orders, sum(o.total - o.amount_refunded)::bigint AS revenue
       FROM paid p JOIN orders.orders o ON o.id = p.order_id
      WHERE o.currency = 'USD'
      GROUP BY 1
   ), totals AS (
     SELECT period, coalesce(sum(d.revenue), 0)::bigint AS revenue, coalesce(sum(d.orders), 0)::bigint AS orders
       FROM (VALUES ('today', $5::date, $5::date), ('current', $3::date, $4::date), ('previous', $2::date, $3::date - 1)) AS r(period, first, last)
       LEFT JOIN days d ON d.day BETWEEN r.first AND r.last
      GROUP BY period
   )
   SELECT (SELECT json_object_agg(period, json_build_object('revenue', revenue, 'orders', orders,
             'averageOrderValue', CASE WHEN orders > 0 THEN round(revenue::numeric / orders)::bigint ELSE 0 END))
             FROM totals) AS totals,
          (SELECT json_agg(json_build_object('date', to_char(g.day, 'YYYY-MM-DD'), 'revenue', coalesce(d.revenue, 0), 'orders', coalesce(d.orders, 0))
                  ORDER BY g.day)
             FROM generate_series($3::date, $4::date, interval '1 day') AS g(day) LEFT JOIN days d ON d.day = g.day::date) AS "byDay"`,
);

const json = (value: unknown) => JSON.stringify(value ?? null);

export function createOrdersRepository(pool: pg.Pool) {
  async function findOrder(executor: Executor, id: string, lock: boolean): Promise<OrderRow | null> {
    const { rows } = await executor.query<OrderRow>({ ...(lock ? LOCK_ORDER : FIND_ORDER), values: [id] });
    return rows[0] ?? null;
  }

  async function transition(executor: Executor, orderId: string, change: Transition): Promise<boolean> {
    const idem = change.idempotency;
    const { rows } = await executor.query<{ changed: number }>({
      ...TRANSITION,
      values: [
        orderId,
        change.from,
        change.to,
        change.paymentStatus ?? null,
        change.paymentIntentId ?? null,
        change.stockState ?? null,
        change.amountRefunded ?? null,
        change.sagaStep ?? change.to,
        change.actor,
        change.note ?? null,
        json(change.events ?? []),
        idem?.state ?? 'completed',
        idem?.status ?? null,
        idem ? json(idem.body) : null,
        idem?.customerId ?? null,
        idem?.key ?? null,
        change.processedEvent?.id ?? null,
        change.processedEvent?.type ?? null,
        idem ? null : (change.openKeys?.state ?? null),
        idem ? null : (change.openKeys?.status ?? null),
        idem || !change.openKeys ? null : json(change.openKeys.body),
        change.carrier ?? null,
        change.trackingNumber ?? null,
      ],
    });
    return (rows[0]?.changed ?? 0) > 0;
  }

  async function findKey(customerId: string, key: string): Promise<IdempotencyRow | null> {
    const { rows } = await pool.query<IdempotencyRow>({ ...FIND_KEY, values: [customerId, key] });
    return rows[0] ?? null;
  }

  /**
   * Takes the Idempotency-Key for this request: inserts it, or takes over a key whose earlier
   * attempt failed without an answer (a transient error) when the request is the same. `existing`
   * is null when taken, else the existing row (same round trip). A taken key counts one attempt in
   * the customer's rate window when `rate` is given.
   */
  async function takeKey(
    customerId: string,
    key: string,
    requestHash: string,
    orderId: string,
    rate: { customerKey: string; windowSeconds: number } | null,
  ): Promise<KeyClaim> {
    const { rows } = await pool.query<{ claimed: boolean; existing: IdempotencyRow | null; rate: { attempts: number; retryAfter: number } | null }>({
      ...CLAIM_KEY,
      values: [customerId, key, requestHash, orderId, rate?.customerKey ?? null, rate?.windowSeconds ?? 60],
    });
    const row = rows[0];
    if (row?.claimed) return { existing: null, attempts: row.rate?.attempts ?? null, retryAfterSeconds: row.rate ? Math.max(1, row.rate.retryAfter) : null };
    // The statement's snapshot may predate a key committed by a concurrent request (ON CONFLICT saw it): read it afresh.
    const existing = row?.existing ?? (await findKey(customerId, key));
    if (!existing) throw new Error('idempotency key vanished');
    return { existing, attempts: null, retryAfterSeconds: null };
  }

  function insertValues(order: NewOrder, actor: string, placed: OutboxEnvelope & { payload: Record<string, unknown> }): unknown[] {
    const n = order.items.length;
    const productIds = new Array<string>(n);
    const skus = new Array<string>(n);
    const names = new Array<string>(n);
    const prices = new Array<number>(n);
    const quantities = new Array<number>(n);
    const discounts = new Array<number>(n);
    order.items.forEach((item, i) => {
      discounts[i] = item.discount;
      productIds[i] = item.productId;
      skus[i] = item.sku;
      names[i] = item.name;
      prices[i] = item.unitPrice;
      quantities[i] = item.quantity;
    });
    return [
      order.id,
      order.customerId,
      order.customerEmail,
      order.currency,
      order.subtotal,
      order.shipping,
      order.tax,
      order.total,
      json(order.shippingAddress),
      order.paymentMethod,
      order.cartId,
      productIds,
      skus,
      names,
      prices,
      quantities,
      actor,
      order.guestEmail,
      placed.id,
      placed.type,
      placed.version,
      placed.actor === null ? null : json(placed.actor),
      placed.traceparent,
      placed.tracestate,
      json(placed.payload),
      order.discount,
      json(order.discounts),
      discounts,
    ];
  }

  return {
    /**
     * Takes the Idempotency-Key for this request: inserts it, or takes over a key whose earlier
     * attempt failed without an answer (a transient error) when the request is the same.
     * Returns null when taken, else the existing row (same round trip).
     */
    async claimKey(customerId: string, key: string, requestHash: string, orderId: string): Promise<IdempotencyRow | null> {
      return (await takeKey(customerId, key, requestHash, orderId, null)).existing;
    },

    /** claimKey that also counts the attempt in `rate.customerKey`'s window when the key is taken (same round trip). */
    takeKey,

    findKey,

    async answerKey(answer: IdempotencyAnswer): Promise<void> {
      await pool.query({ ...ANSWER_KEY, values: [answer.customerId, answer.key, answer.state, answer.status, json(answer.body)] });
    },

    /** Answers every still-open key of an order (recovery/events resolved it after its request died). */
    async answerOpenKeysOfOrder(orderId: string, status: number, body: unknown): Promise<void> {
      await pool.query(
        `UPDATE orders.idempotency_keys SET state = $2::orders.idempotency_state, response_status = $3::int, response_body = $4::jsonb, updated_at = now()
          WHERE order_id = $1::uuid AND state = 'in_progress'`,
        [orderId, status < 300 ? 'completed' : 'failed', status, json(body)],
      );
    },

    /**
     * Order, lines, first history row and `orders.order_placed` in one statement. The event is
     * complete but for the order number, which the statement takes from the sequence. A cart with
     * a live order already writes nothing. With `holds` (lines under a per-customer limit) the
     * order and the customer's counts are one transaction: all lines fit, or nothing is written.
     */
    async insertOrder(
      order: NewOrder,
      actor: string,
      placed: OutboxEnvelope & { payload: Record<string, unknown> },
      holds?: QuantityHolds | null,
    ): Promise<InsertOrderResult> {
      const values = insertValues(order, actor, placed);
      if (!holds || holds.lines.length === 0) {
        const { rows } = await pool.query<{ number: string; createdAt: string }>({ ...INSERT_ORDER, values });
        const row = rows[0];
        return row ? { ok: true, ...row } : { ok: false, reason: 'cart_has_live_order' };
      }
      return inTransaction(pool, async (client, rollback) => {
        const { rows } = await client.query<{ number: string; createdAt: string }>({ ...INSERT_ORDER, values });
        const row = rows[0];
        if (!row) {
          rollback();
          return { ok: false, reason: 'cart_has_live_order' } as const;
        }
        const held = await client.query<HeldLine & { held: boolean }>({
          ...HOLD_QUANTITIES,
          values: [order.id, holds.customerKey, holds.lines.map((l) => l.productId), holds.lines.map((l) => l.quantity), holds.lines.map((l) => l.max)],
        });
        const refused = held.rows.find((line) => !line.held);
        if (refused) {
          rollback();
          const { held: _held, ...line } = refused;
          return { ok: false, reason: 'limit', line } as const;
        }
        return { ok: true, ...row } as const;
      });
    },

    /** The cart's live order (any status but payment_failed and cancelled), or null. */
    async liveOrderOfCart(cartId: string): Promise<LiveCartOrder | null> {
      const { rows } = await pool.query<LiveCartOrder>({ ...LIVE_ORDER_OF_CART, values: [cartId] });
      return rows[0] ?? null;
    },

    /** Conditional status change (only from `change.from`) with history, outbox and key answer, atomically. */
    transition: (orderId: string, change: Transition) => transition(pool, orderId, change),

    /** Payment facts without a status change (e.g. requires_action), plus the key's answer. */
    async recordPayment(
      orderId: string,
      fields: { paymentStatus: string; paymentIntentId: string | null; sagaStep: string },
      idempotency?: IdempotencyAnswer,
    ): Promise<void> {
      await pool.query({
        ...RECORD_PAYMENT,
        values: [
          orderId,
          fields.paymentStatus,
          fields.paymentIntentId,
          fields.sagaStep,
          idempotency?.state ?? 'completed',
          idempotency?.status ?? null,
          idempotency ? json(idempotency.body) : null,
          idempotency?.customerId ?? null,
          idempotency?.key ?? null,
        ],
      });
    },

    async setStockState(orderId: string, stockState: StockState): Promise<void> {
      await pool.query(`UPDATE orders.orders SET stock_state = $2::orders.stock_state, updated_at = now() WHERE id = $1::uuid`, [orderId, stockState]);
    },

    async setAmountRefunded(orderId: string, amountRefunded: number, paymentStatus?: string): Promise<void> {
      await pool.query(
        `UPDATE orders.orders SET amount_refunded = greatest(amount_refunded, least($2::int, total)),
                payment_status = coalesce($3::text, payment_status), updated_at = now()
          WHERE id = $1::uuid`,
        [orderId, amountRefunded, paymentStatus ?? null],
      );
    },

    findOrder: (id: string) => findOrder(pool, id, false),

    async findOrderDetail(id: string): Promise<(OrderRow & { statusHistory: HistoryRow[] }) | null> {
      const { rows } = await pool.query<OrderRow & { statusHistory: HistoryRow[] }>({ ...ORDER_DETAIL, values: [id] });
      return rows[0] ?? null;
    },

    /** The payment consumer's one read: whether the event was handled already, and the order (null when unknown). */
    async probeEvent(orderId: string, eventId: string): Promise<{ processed: boolean; order: OrderRow | null }> {
      const { rows } = await pool.query<OrderRow & { processed: boolean }>({ ...EVENT_PROBE, values: [orderId, eventId] });
      const row = rows[0];
      if (!row) return { processed: false, order: null };
      const { processed, ...order } = row;
      return { processed, order: order.id ? order : null };
    },

    async wasFulfilled(orderId: string): Promise<boolean> {
      const { rows } = await pool.query<{ found: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM orders.order_status_history WHERE order_id = $1::uuid AND to_status IN ('fulfilled', 'delivered')) AS found`,
        [orderId],
      );
      return rows[0]?.found ?? false;
    },

    async list(filter: ListFilter): Promise<OrderRow[]> {
      const conditions: string[] = ['true'];
      const values: unknown[] = [];
      const param = (value: unknown) => {
        values.push(value);
        return `$${values.length}`;
      };
      if (filter.customerId) conditions.push(`o.customer_id = ${param(filter.customerId)}::uuid`);
      if (filter.status) conditions.push(`o.status = ${param(filter.status)}::orders.order_status`);
      if (filter.from) conditions.push(`o.created_at >= ${param(filter.from)}::timestamptz`);
      if (filter.toExclusive) conditions.push(`o.created_at < ${param(filter.toExclusive)}::timestamptz`);
      if (filter.after) {
        conditions.push(`(o.created_at, o.id) < (${param(filter.after.createdAt)}::timestamptz, ${param(filter.after.id)}::uuid)`);
      }
      const { rows } = await pool.query<OrderRow>(
        `SELECT ${ORDER_COLUMNS} FROM orders.orders o WHERE ${conditions.join(' AND ')}
          ORDER BY o.created_at DESC, o.id DESC LIMIT ${param(filter.take)}::int`,
        values,
      );
      return rows;
    },

    /**
     * The admin's order search: the matching orders' count and one page of them, sorted. The page's
     * ids are picked first (an index scan that carries no columns), then only those rows are read
     * with their lines: a deep page skips ids, not 10,000 full rows with their items (the last page
     * of 100,000 orders drops from seconds to milliseconds).
     */
    async search(filter: SearchFilter): Promise<{ rows: OrderRow[]; total: number }> {
      const { where, values, param } = searchConditions(filter);
      const filterValues = [...values];
      const order = SEARCH_ORDER[filter.sort];
      const [page, count] = await Promise.all([
        pool.query<OrderRow>(
          `WITH page AS (SELECT o.id FROM orders.orders o WHERE ${where} ORDER BY ${order} LIMIT ${param(filter.limit)}::int OFFSET ${param(filter.offset)}::int)
           SELECT ${ORDER_COLUMNS} FROM page JOIN orders.orders o ON o.id = page.id ORDER BY ${order}`,
          values,
        ),
        pool.query<{ total: number }>(`SELECT count(*)::int AS total FROM orders.orders o WHERE ${where}`, filterValues),
      ]);
      return { rows: page.rows, total: count.rows[0]?.total ?? 0 };
    },

    /**
     * One page of the export: the search's filters and sort, continued after `after` (the sort key
     * of the previous page's last row) rather than by OFFSET, so a walk over every page reads each
     * order once. `take` rows at most.
     */
    async exportPage(filter: Omit<SearchFilter, 'limit' | 'offset'>, after: ExportKey | null, take: number): Promise<OrderRow[]> {
      const { where, values, param } = searchConditions(filter);
      const conditions = [where];
      if (after) {
        const comparison = filter.sort.endsWith('_desc') ? '<' : '>';
        const key = `${param(after.createdAt)}::timestamptz, ${param(after.id)}::uuid`;
        conditions.push(
          filter.sort.startsWith('total_')
            ? `(o.total, o.created_at, o.id) ${comparison} (${param(after.total)}::int, ${key})`
            : `(o.created_at, o.id) ${comparison} (${key})`,
        );
      }
      const order = SEARCH_ORDER[filter.sort];
      const { rows } = await pool.query<OrderRow>(
        `WITH page AS (SELECT o.id FROM orders.orders o WHERE ${conditions.join(' AND ')} ORDER BY ${order} LIMIT ${param(take)}::int)
         SELECT ${ORDER_COLUMNS} FROM page JOIN orders.orders o ON o.id = page.id ORDER BY ${order}`,
        values,
      );
      return rows;
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
      return inTransaction(pool, async (client) => {
        const order = await findOrder(client, orderId, true);
        return work(order, { transition: (change) => transition(client, orderId, change) });
      });
    },

    /**
     * Recovery: leases up to `limit` orders needing attention (stale pending_payment; captured
     * but stock not committed; failed/cancelled with stock still reserved). SKIP LOCKED plus the
     * next_attempt_at lease keep replicas off each other's rows.
     */
    async claimOrdersForRecovery(staleAfterMs: number, leaseMs: number, limit: number): Promise<OrderRow[]> {
      const { rows } = await pool.query<OrderRow>(
        `UPDATE orders.orders o SET next_attempt_at = now() + make_interval(secs => $2::float8)
          WHERE o.id IN (
            SELECT id FROM orders.orders
             WHERE (next_attempt_at IS NULL OR next_attempt_at <= now())
               AND ((status = 'pending_payment' AND created_at < now() - make_interval(secs => $1::float8))
                 OR (status IN ('paid', 'fulfilled', 'delivered', 'partially_refunded') AND stock_state = 'reserved')
                 OR (status IN ('payment_failed', 'cancelled') AND stock_state = 'reserved'))
             ORDER BY created_at LIMIT $3::int
             FOR UPDATE SKIP LOCKED)
        RETURNING ${ORDER_COLUMNS}`,
        [staleAfterMs / 1000, leaseMs / 1000, limit],
      );
      return rows.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
    },

    /** Recovery: leases in-progress keys older than `staleAfterMs` (their request died or hangs). */
    async claimStaleKeys(staleAfterMs: number, limit: number): Promise<(IdempotencyRow & { orderExists: boolean })[]> {
      const { rows } = await pool.query<IdempotencyRow & { orderExists: boolean }>(
        `UPDATE orders.idempotency_keys k SET updated_at = now()
          WHERE (k.customer_id, k.key) IN (
            SELECT customer_id, key FROM orders.idempotency_keys
             WHERE state = 'in_progress' AND updated_at < now() - make_interval(secs => $1::float8)
             ORDER BY updated_at LIMIT $2::int
             FOR UPDATE SKIP LOCKED)
        RETURNING k.customer_id::text AS "customerId", k.key, k.request_hash AS "requestHash", k.order_id::text AS "orderId",
                  k.state::text AS state, k.response_status AS "responseStatus", k.response_body AS "responseBody",
                  EXISTS (SELECT 1 FROM orders.orders o WHERE o.id = k.order_id) AS "orderExists"`,
        [staleAfterMs / 1000, limit],
      );
      return rows;
    },

    /**
     * Units sold per product over the last `days` days, from paid, fulfilled and delivered orders
     * (the (status, created_at) index narrows the orders; lines come by their primary key).
     */
    async bestSellers(days: number, limit: number): Promise<{ productId: string; unitsSold: number }[]> {
      const { rows } = await pool.query<{ productId: string; unitsSold: number }>({
        ...BEST_SELLERS,
        values: [days, limit],
      });
      return rows;
    },

    /**
     * The dashboard's sales figures (SALES_SUMMARY): per-period totals and the current range day by
     * day. Dates are store-local days in `timeZone`; `previousFrom` starts the previous range, which
     * ends the day before `from`.
     */
    async salesSummary(query: SalesSummaryQuery): Promise<SalesSummaryRow> {
      const { rows } = await pool.query<SalesSummaryRow>({
        ...SALES_SUMMARY,
        values: [query.timeZone, query.previousFrom, query.from, query.to, query.today],
      });
      const row = rows[0];
      if (!row) throw new Error('orders_sales_summary returned no row');
      return row;
    },

    /** Consumer dedupe: true when this event id was recorded now, false when it was seen before. */
    async markEventProcessed(id: string, type: string): Promise<boolean> {
      const { rows } = await pool.query<{ id: string }>({ ...MARK_EVENT, values: [id, type] });
      return rows.length > 0;
    },
  };
}

export type OrdersRepository = ReturnType<typeof createOrdersRepository>;

// ---- The store settings (settings.ts): at most one row, id 1. -------------------------------

export interface StoreSettingsRow {
  storeName: string;
  timeZone: string;
  shippingFlatCents: number;
  freeShippingThresholdCents: number;
  defaultTaxRatePpm: number;
  taxRates: { country: string; ratePpm: number }[];
  version: number;
  updatedAt: string;
}

const STORE_SETTINGS_COLUMNS = `store_name AS "storeName", time_zone AS "timeZone", shipping_flat_cents AS "shippingFlatCents",
  free_shipping_threshold_cents AS "freeShippingThresholdCents", default_tax_rate_ppm AS "defaultTaxRatePpm",
  tax_rates AS "taxRates", version, ${ISO('updated_at')} AS "updatedAt"`;

/** The saved settings (null until staff saved some); `forUpdate` locks the row for a save in the caller's transaction. */
export async function readStoreSettings(db: Executor, options: { forUpdate?: boolean } = {}): Promise<StoreSettingsRow | null> {
  const { rows } = await db.query<StoreSettingsRow>(`SELECT ${STORE_SETTINGS_COLUMNS} FROM orders.store_settings WHERE id = 1${options.forUpdate ? ' FOR UPDATE' : ''}`);
  return rows[0] ?? null;
}

/**
 * Writes the settings as `version`, only over `version - 1` (or as the first row): null when
 * another save got there first. A concurrent first save fails on the primary key (23505).
 */
export async function saveStoreSettings(
  db: Executor,
  row: Omit<StoreSettingsRow, 'updatedAt'> & { updatedBy: string },
): Promise<StoreSettingsRow | null> {
  const { rows } = await db.query<StoreSettingsRow>(
    `INSERT INTO orders.store_settings AS s (id, store_name, time_zone, shipping_flat_cents, free_shipping_threshold_cents, default_tax_rate_ppm, tax_rates, version, updated_by, updated_at)
     VALUES (1, $1, $2, $3, $4, $5, $6::jsonb, $7, $8, now())
     ON CONFLICT (id) DO UPDATE SET store_name = $1, time_zone = $2, shipping_flat_cents = $3, free_shipping_threshold_cents = $4,
       default_tax_rate_ppm = $5, tax_rates = $6::jsonb, version = $7, updated_by = $8, updated_at = now()
     WHERE s.version = $7 - 1
     RETURNING ${STORE_SETTINGS_COLUMNS}`,
    [row.storeName, row.timeZone, row.shippingFlatCents, row.freeShippingThresholdCents, row.defaultTaxRatePpm, JSON.stringify(row.taxRates), row.version, row.updatedBy],
  );
  return rows[0] ?? null;
}
