import type pg from 'pg';
import { OUTBOX_COLUMNS, outboxRowValues, type OutboxEnvelope, type OutboxEventRow } from '../events/index.js';

/**
 * The only code that touches analytics's tables (schema "analytics"), in raw SQL: ingest is one
 * statement per batch; each consumed event is one transaction (inbox row + facts + rollups).
 * Reports read the rollups (daily_*, sessions) and the sales facts, never the raw events.
 */

/** One valid event as the ingest statement takes it (the service derives store_day, kind...). */
export interface EventRow {
  id: string;
  occurred_at: string;
  type: string;
  store_day: string;
  visitor_id: string | null;
  session_id: string | null;
  customer_id: string | null;
  path: string;
  referrer_host: string | null;
  device: string;
  /** The product of a product page view, a cart change or a click. */
  product_id: string | null;
  props: Record<string, unknown>;
  /** Not stored: what the rollups need. */
  kind: 'product_view' | 'add_to_cart' | 'recommendation_click' | null;
  search_query: string | null;
  shelf: string | null;
  impressions: number;
}

const SHELF_LIST = `ARRAY['also_bought','similar','bought_together','for_you','trending']`;

/**
 * The sessions touched by `kept` recomputed from their raw events (those stored before and the new
 * ones: a statement does not see its own inserts): PostHog's ordered funnel, each step's time is
 * the first of its kind at or after the previous step's.
 */
const SESSIONS_CTE = (events: string) => `
sess_events AS (${events}),
sess AS (
  SELECT session_id,
         (array_agg(visitor_id ORDER BY occurred_at) FILTER (WHERE visitor_id IS NOT NULL))[1] AS visitor_id,
         (array_agg(customer_id ORDER BY occurred_at DESC) FILTER (WHERE customer_id IS NOT NULL))[1] AS customer_id,
         (array_agg(store_day ORDER BY occurred_at))[1] AS store_day,
         min(occurred_at) AS started_at, max(occurred_at) AS last_at
    FROM sess_events GROUP BY session_id
),
steps AS (
  SELECT s.*, v.t AS pv, a.t AS atc, c.t AS co, o.t AS op
    FROM sess s
    LEFT JOIN LATERAL (SELECT min(e.occurred_at) AS t FROM sess_events e WHERE e.session_id = s.session_id AND e.type = 'page_view' AND e.product_id IS NOT NULL) v ON true
    LEFT JOIN LATERAL (SELECT min(e.occurred_at) AS t FROM sess_events e WHERE e.session_id = s.session_id AND e.type = 'add_to_cart' AND e.occurred_at >= v.t) a ON true
    LEFT JOIN LATERAL (SELECT min(e.occurred_at) AS t FROM sess_events e WHERE e.session_id = s.session_id AND e.type = 'checkout_started' AND e.occurred_at >= a.t) c ON true
    LEFT JOIN LATERAL (SELECT min(e.occurred_at) AS t FROM sess_events e WHERE e.session_id = s.session_id AND e.type = 'order_placed' AND e.occurred_at >= c.t) o ON true
)`;
const SESSIONS_UPSERT = `
INSERT INTO analytics.sessions (session_id, visitor_id, customer_id, store_day, started_at, last_at, product_view_at, add_to_cart_at, checkout_started_at, order_placed_at)
SELECT session_id, visitor_id, customer_id, store_day, started_at, last_at, pv, atc, co, op FROM steps
ON CONFLICT (session_id) DO UPDATE SET visitor_id = EXCLUDED.visitor_id, customer_id = EXCLUDED.customer_id, store_day = EXCLUDED.store_day,
  started_at = EXCLUDED.started_at, last_at = EXCLUDED.last_at, product_view_at = EXCLUDED.product_view_at, add_to_cart_at = EXCLUDED.add_to_cart_at,
  checkout_started_at = EXCLUDED.checkout_started_at, order_placed_at = EXCLUDED.order_placed_at`;

const INPUT_COLUMNS = `id uuid, occurred_at timestamptz, type text, store_day date, visitor_id uuid, session_id uuid,
    customer_id uuid, path text, referrer_host text, device text, product_id uuid, props jsonb, kind text, search_query text, shelf text, impressions int`;

/**
 * Ingest is one transaction of a few statements (ingest() below); why:
 * - `jit = off`: the planner's estimate of the batch statement (a CTE per table, a scan of
 *   behaviour_events' partitions) passes jit_above_cost once the table holds a few months of events,
 *   and compiling it cost 100–250 ms of CPU per batch: 5–8 × the statement's own work.
 * - Sessions and placed orders are locked first (an advisory lock each, in one order), so a batch
 *   recomputes a session after any concurrent batch of the same session has committed (its
 *   statement's snapshot sees the other's raw rows: READ COMMITTED, a new snapshot per statement),
 *   and an order placed while its order_paid is being consumed is attributed by exactly one of the
 *   two (recordPaidOrder takes the same order lock): before, each could miss the other's rows.
 * - The shared rollup rows (every batch of the day moves the same daily_shelf, daily_search and
 *   popular daily_product rows) are upserted last, sorted by key, so the row locks that concurrent
 *   batches queue on are held only from that statement to COMMIT, and always taken in one order.
 * - The two big statements are named (prepared once per connection): planning them took ~13 ms a
 *   batch, more than executing them.
 */
const LOCK_SQL = `
SELECT count(pg_advisory_xact_lock(ns, k))::int AS locked
  FROM (SELECT DISTINCT hashtext('analytics.sessions') AS ns, hashtext(s::text) AS k FROM unnest($1::uuid[]) AS s
        UNION
        SELECT DISTINCT hashtext('analytics.orders'), hashtext(o::text) FROM unnest($2::uuid[]) AS o
        ORDER BY 1, 2) AS keys`;
/** The order's lock (LOCK_SQL's): ingest's order_placed and the order_paid consumer attribute an order one after the other. */
const LOCK_ORDER_SQL = `SELECT pg_advisory_xact_lock(hashtext('analytics.orders'), hashtext($1::uuid::text))`;

/**
 * A refund ($1 event id, $2 order, $3 amount in cents, $4 time, $5 store day), in one statement: the
 * order's refunded total, the refund fact, the day's refunds, and its merchandise share per line.
 * The share of everything refunded so far is refunded × merchandise ÷ total (shipping and tax take
 * their part of every refund), spread over the lines in line order by cumulative floors:
 * line i gets ⌊m·upto_i/M⌋ − ⌊m·below_i/M⌋, so the lines always add up to m exactly and a full refund
 * gives every line exactly its total back. This refund's part is the difference between the shares
 * after and before it; products and categories get it on the refund's day (keys in order, as ingest
 * takes them).
 */
const REFUND_SQL = `
  WITH o AS (
    UPDATE analytics.order_facts SET refunded = refunded + $3 WHERE order_id = $2
    RETURNING refunded - $3 AS before, refunded AS after, total
  ), r AS (
    INSERT INTO analytics.refund_facts (event_id, order_id, amount, refunded_at, store_day) SELECT $1, $2, $3, $4, $5 FROM o RETURNING 1
  ), s AS (
    INSERT INTO analytics.daily_sales AS d (store_day, refunds) SELECT $5, $3 FROM o
    ON CONFLICT (store_day) DO UPDATE SET refunds = d.refunds + EXCLUDED.refunds RETURNING 1
  ), lines AS (
    SELECT line_no, product_id, category_id,
           sum(line_total::bigint) OVER (ORDER BY line_no) AS upto,
           sum(line_total::bigint) OVER (ORDER BY line_no) - line_total AS below,
           sum(line_total::bigint) OVER () AS merchandise
      FROM analytics.order_line_facts WHERE order_id = $2
  ), share AS (
    SELECT l.*, least(o.before, o.total) * l.merchandise / o.total AS m0, least(o.after, o.total) * l.merchandise / o.total AS m1
      FROM lines l, o WHERE o.total > 0 AND l.merchandise > 0
  ), alloc AS (
    SELECT line_no, product_id, category_id,
           (m1 * upto / merchandise - m1 * below / merchandise) - (m0 * upto / merchandise - m0 * below / merchandise) AS amount
      FROM share
  ), lr AS (
    INSERT INTO analytics.line_refund_facts (event_id, order_id, line_no, product_id, category_id, amount, store_day)
    SELECT $1, $2, line_no, product_id, category_id, amount, $5 FROM alloc WHERE amount <> 0 RETURNING 1
  ), p AS (
    INSERT INTO analytics.daily_product AS d (store_day, product_id, refunds)
    SELECT $5, product_id, sum(amount) FROM alloc GROUP BY product_id HAVING sum(amount) <> 0 ORDER BY product_id
    ON CONFLICT (store_day, product_id) DO UPDATE SET refunds = d.refunds + EXCLUDED.refunds RETURNING 1
  ), c AS (
    INSERT INTO analytics.daily_category AS d (store_day, category_id, refunds)
    SELECT $5, category_id, sum(amount) FROM alloc WHERE category_id IS NOT NULL GROUP BY category_id HAVING sum(amount) <> 0 ORDER BY category_id
    ON CONFLICT (store_day, category_id) DO UPDATE SET refunds = d.refunds + EXCLUDED.refunds RETURNING 1
  )
  SELECT (SELECT count(*) FROM r) + (SELECT count(*) FROM s) + (SELECT count(*) FROM lr) + (SELECT count(*) FROM p) + (SELECT count(*) FROM c) AS n`;

/**
 * The batch statement: dedupe on ingested_event_ids (ids in order), the raw rows, the per-session
 * tables (sessions, session_orders, session_shelf_clicks) and the interactions event. Returns the
 * ids it kept (new ones) and the orders it recorded as placed, for the rollups statement.
 * $9: the batch's session ids and $10 its earliest time, so the session lookup is an index scan on
 * behaviour_events (session_id, occurred_at) of the partitions from that time on.
 */
const INGEST_SQL = `
WITH input AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(${INPUT_COLUMNS})),
fresh AS (
  INSERT INTO analytics.ingested_event_ids (id, occurred_at) SELECT id, min(occurred_at) FROM input GROUP BY id ORDER BY id
  ON CONFLICT (id) DO NOTHING RETURNING id
),
kept AS (SELECT DISTINCT ON (i.id) i.* FROM input i JOIN fresh f ON f.id = i.id ORDER BY i.id, i.occurred_at),
stored AS (
  INSERT INTO analytics.behaviour_events (id, occurred_at, type, store_day, visitor_id, session_id, customer_id, path, referrer_host, device, product_id, props)
  SELECT id, occurred_at, type, store_day, visitor_id, session_id, customer_id, path, referrer_host, device, product_id, props FROM kept
  RETURNING 1
),
clicks AS (
  INSERT INTO analytics.session_shelf_clicks AS c (session_id, product_id, shelf, clicked_at)
  SELECT DISTINCT ON (session_id, product_id) session_id, product_id, shelf, occurred_at
    FROM kept WHERE type = 'recommendation_click' AND session_id IS NOT NULL ORDER BY session_id, product_id, occurred_at
  ON CONFLICT (session_id, product_id) DO UPDATE SET shelf = EXCLUDED.shelf, clicked_at = EXCLUDED.clicked_at WHERE EXCLUDED.clicked_at < c.clicked_at
  RETURNING 1
),
placed AS (
  INSERT INTO analytics.session_orders (order_id, session_id, placed_at)
  SELECT DISTINCT ON ((props->>'orderId')::uuid) (props->>'orderId')::uuid, session_id, occurred_at
    FROM kept WHERE type = 'order_placed' AND session_id IS NOT NULL ORDER BY (props->>'orderId')::uuid, occurred_at
  ON CONFLICT (order_id) DO NOTHING
  RETURNING order_id
),
${SESSIONS_CTE(`
  SELECT session_id, visitor_id, customer_id, occurred_at, type, store_day, product_id FROM kept WHERE session_id IS NOT NULL
  UNION ALL
  SELECT e.session_id, e.visitor_id, e.customer_id, e.occurred_at, e.type, e.store_day, e.product_id
    FROM analytics.behaviour_events e
   WHERE e.session_id = ANY($9::uuid[]) AND e.occurred_at >= $10::timestamptz - interval '2 days'
     AND e.session_id IN (SELECT session_id FROM kept WHERE session_id IS NOT NULL)`)},
sess_up AS (${SESSIONS_UPSERT} RETURNING 1),
interactions AS (
  SELECT jsonb_agg(jsonb_build_object('eventId', id, 'kind', kind, 'productId', product_id, 'visitorId', visitor_id, 'sessionId', session_id,
                                      'customerId', customer_id, 'occurredAt', to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY occurred_at, id) AS list
    FROM kept WHERE kind IS NOT NULL AND visitor_id IS NOT NULL
),
links AS (
  SELECT jsonb_agg(DISTINCT jsonb_build_object('visitorId', visitor_id, 'customerId', customer_id)) AS list
    FROM kept WHERE type = 'identify' AND visitor_id IS NOT NULL AND customer_id IS NOT NULL
),
published AS (
  INSERT INTO analytics.outbox_events (${OUTBOX_COLUMNS})
  SELECT $2::uuid, $3, $4::int, $5, $6::jsonb, $7, $8,
         jsonb_build_object('batchId', $5::text, 'interactions', COALESCE(i.list, '[]'::jsonb), 'links', COALESCE(l.list, '[]'::jsonb))
    FROM interactions i, links l WHERE i.list IS NOT NULL OR l.list IS NOT NULL
  RETURNING 1
)
SELECT (SELECT count(*) FROM stored)::int AS stored, (SELECT count(*) FROM published)::int AS published,
       (SELECT COALESCE(array_agg(id), '{}') FROM kept) AS kept, (SELECT COALESCE(array_agg(order_id), '{}') FROM placed) AS placed,
       (SELECT count(*) FROM clicks) + (SELECT count(*) FROM sess_up) AS touched`;

/**
 * The shared rollups of the kept events ($2) and of the orders the batch recorded as placed that
 * were paid already ($3: shelf attribution, the rule rebuildRollups applies), one row per key
 * (aggregated within the batch), each
 * table's rows in key order, the tables always in the same order (daily_product, daily_search,
 * daily_shelf): concurrent batches queue on these rows, never deadlock on them.
 */
const ROLLUPS_SQL = `
WITH kept AS (
  SELECT DISTINCT ON (x.id) x.* FROM jsonb_to_recordset($1::jsonb) AS x(${INPUT_COLUMNS}) WHERE x.id = ANY($2::uuid[]) ORDER BY x.id, x.occurred_at
),
prod AS (
  INSERT INTO analytics.daily_product AS d (store_day, product_id, views, add_to_carts)
  SELECT store_day, product_id, count(*) FILTER (WHERE kind = 'product_view'), count(*) FILTER (WHERE kind = 'add_to_cart')
    FROM kept WHERE kind IN ('product_view', 'add_to_cart') GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (store_day, product_id) DO UPDATE SET views = d.views + EXCLUDED.views, add_to_carts = d.add_to_carts + EXCLUDED.add_to_carts
  RETURNING 1
),
searches AS (
  INSERT INTO analytics.daily_search AS d (store_day, query, searches, zero_results, corrected, corrected_to, clicks)
  SELECT store_day, search_query,
         count(*) FILTER (WHERE type = 'page_view'),
         count(*) FILTER (WHERE type = 'page_view' AND (props->>'resultCount')::int = 0),
         count(*) FILTER (WHERE type = 'page_view' AND props ? 'correctedQuery'),
         max(props->>'correctedQuery'),
         count(*) FILTER (WHERE type = 'search_click')
    FROM kept WHERE search_query IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (store_day, query) DO UPDATE SET searches = d.searches + EXCLUDED.searches, zero_results = d.zero_results + EXCLUDED.zero_results,
    corrected = d.corrected + EXCLUDED.corrected, corrected_to = COALESCE(EXCLUDED.corrected_to, d.corrected_to), clicks = d.clicks + EXCLUDED.clicks
  RETURNING 1
),
shelves AS (
  INSERT INTO analytics.daily_shelf AS d (store_day, shelf, impressions, clicks, attributed_orders, attributed_revenue)
  SELECT store_day, shelf, sum(impressions), sum(clicks), sum(orders), sum(revenue)
    FROM (SELECT store_day, shelf, impressions, CASE WHEN type = 'recommendation_click' THEN 1 ELSE 0 END AS clicks, 0 AS orders, 0 AS revenue
            FROM kept WHERE shelf IS NOT NULL
          UNION ALL
          -- orders this batch recorded as placed and already paid: the line of a product the session clicked on a shelf before placing it
          SELECT o.store_day, k.shelf, 0, 0, count(DISTINCT o.order_id), sum(l.line_total)
            FROM analytics.session_orders so
            JOIN analytics.order_facts o ON o.order_id = so.order_id
            JOIN analytics.session_shelf_clicks k ON k.session_id = so.session_id AND k.clicked_at <= so.placed_at
            JOIN analytics.order_line_facts l ON l.order_id = o.order_id AND l.product_id = k.product_id
           WHERE so.order_id = ANY($3::uuid[])
           GROUP BY 1, 2) AS rows
   GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (store_day, shelf) DO UPDATE SET impressions = d.impressions + EXCLUDED.impressions, clicks = d.clicks + EXCLUDED.clicks,
    attributed_orders = d.attributed_orders + EXCLUDED.attributed_orders, attributed_revenue = d.attributed_revenue + EXCLUDED.attributed_revenue
  RETURNING 1
)
SELECT (SELECT count(*) FROM prod) + (SELECT count(*) FROM searches) + (SELECT count(*) FROM shelves) AS touched`;

/** A deadlock or serialization failure: the transaction rolled back whole, so running it again is exact. */
const retryable = (error: unknown) => ['40P01', '40001'].includes((error as { code?: string }).code ?? '');

export interface ProductRowDb {
  id: string;
  name: string;
  categoryId: string | null;
  categoryName: string | null;
}

export interface PaidOrderFact {
  eventId: string;
  orderId: string;
  customerKey: string | null;
  paidAt: string;
  storeDay: string;
  currency: string;
  subtotal: number;
  shipping: number;
  tax: number;
  total: number;
  lines: Array<{ productId: string; categoryId: string | null; quantity: number; unitPrice: number; lineTotal: number }>;
  /** What promotions took off (none before promotions existed). */
  discount: number;
  discounts: Array<{ promotionId: string; kind: string; code: string | null; name: string; amount: number }>;
}

export interface PromotionRow {
  promotionId: string;
  kind: string;
  code: string | null;
  name: string;
  orders: number;
  revenue: number;
  refunds: number;
  discountCost: number;
}

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;
const num = (value: unknown) => Number(value ?? 0);

export function createAnalyticsRepository(pool: pg.Pool) {
  /** Runs `work` in a transaction that first records the consumed event; false when it was processed already. */
  async function once(event: { id: string; type: string }, work: (client: pg.PoolClient) => Promise<void>): Promise<boolean> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const inserted = await client.query('INSERT INTO analytics.processed_events (id, type) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING id', [event.id, event.type]);
      if (inserted.rowCount === 0) {
        await client.query('ROLLBACK');
        return false;
      }
      await work(client);
      await client.query('COMMIT');
      return true;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async function upsertProducts(products: Array<{ id: string; name: string; categoryId: string | null; categoryName: string | null; status?: string }>, client: Queryable = pool): Promise<void> {
      if (products.length === 0) return;
      await client.query(
        `INSERT INTO analytics.products (id, name, category_id, category_name, status, updated_at)
         SELECT p.id, p.name, p.category_id, p.category_name, COALESCE(p.status, 'active'), now()
           FROM jsonb_to_recordset($1::jsonb) AS p(id uuid, name text, category_id uuid, category_name text, status text)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, category_id = EXCLUDED.category_id,
           category_name = COALESCE(EXCLUDED.category_name, CASE WHEN products.category_id = EXCLUDED.category_id THEN products.category_name END),
           status = EXCLUDED.status, updated_at = now()`,
        [JSON.stringify(products.map((p) => ({ id: p.id, name: p.name, category_id: p.categoryId, category_name: p.categoryName, status: p.status ?? 'active' })))],
      );
    }

  return {
    /**
     * The batch in one transaction (see INGEST_SQL): sessions locked, the batch statement, the shared
     * rollups last; resolves with the events newly stored and whether an outbox row was written.
     */
    async ingest(rows: EventRow[], outbox: OutboxEnvelope): Promise<{ stored: number; published: boolean }> {
      const envelope = outboxRowValues({ ...outbox, payload: {} } as OutboxEventRow).slice(0, 7);
      const input = JSON.stringify(rows);
      const sessions = [...new Set(rows.flatMap((row) => (row.session_id ? [row.session_id] : [])))];
      const orders = [...new Set(rows.flatMap((row) => (row.type === 'order_placed' && row.session_id && typeof row.props.orderId === 'string' ? [row.props.orderId] : [])))];
      const earliest = rows.reduce((min, row) => (row.occurred_at < min ? row.occurred_at : min), rows[0]?.occurred_at ?? new Date().toISOString());
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN; SET LOCAL jit = off');
          if (sessions.length > 0) await client.query(LOCK_SQL, [sessions, orders]);
          const { rows: result } = await client.query<{ stored: number; published: number; kept: string[]; placed: string[] }>({ name: 'analytics.ingest', text: INGEST_SQL, values: [input, ...envelope, sessions, earliest] });
          const kept = result[0]?.kept ?? [];
          if (kept.length > 0) await client.query({ name: 'analytics.ingest-rollups', text: ROLLUPS_SQL, values: [input, kept, result[0]?.placed ?? []] });
          await client.query('COMMIT');
          return { stored: result[0]?.stored ?? 0, published: (result[0]?.published ?? 0) > 0 };
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          if (attempt < 3 && retryable(error)) continue;
          throw error;
        } finally {
          client.release();
        }
      }
    },

    /** Products the demo history refers to (seed.ts), in one statement. */
    async recordProducts(products: Array<{ id: string; name: string; categoryId: string | null; categoryName: string | null; status?: string }>): Promise<void> {
      await upsertProducts(products);
    },

    /** Whether any sales fact or behaviour event is stored (the demo history seeds only an empty analytics). */
    async hasData(): Promise<boolean> {
      const { rows } = await pool.query<{ any: boolean }>(
        'SELECT EXISTS (SELECT 1 FROM analytics.order_facts) OR EXISTS (SELECT 1 FROM analytics.ingested_event_ids) AS any',
      );
      return rows[0]?.any ?? false;
    },

    async knownProducts(ids: string[]): Promise<ProductRowDb[]> {
      if (ids.length === 0) return [];
      const { rows } = await pool.query<ProductRowDb>(
        'SELECT id, name, category_id AS "categoryId", category_name AS "categoryName" FROM analytics.products WHERE id = ANY($1::uuid[])',
        [ids],
      );
      return rows;
    },

    upsertProducts,

    async archiveProduct(event: { id: string; type: string }, productId: string): Promise<void> {
      await once(event, async (client) => {
        await client.query(`UPDATE analytics.products SET status = 'archived', updated_at = now() WHERE id = $1`, [productId]);
      });
    },

    async recordProduct(event: { id: string; type: string }, product: { id: string; name: string; categoryId: string; categoryName: string | null; status: string }): Promise<void> {
      await once(event, (client) => upsertProducts([product], client));
    },

    /**
     * A paid order: facts, buyer (new or returning), and every rollup it moves, in one transaction;
     * product and category rows in key order, as ingest and refunds take them (no lock-order deadlock).
     */
    async recordPaidOrder(fact: PaidOrderFact): Promise<boolean> {
      return once({ id: fact.eventId, type: 'orders.order_paid' }, async (client) => {
        await client.query(LOCK_ORDER_SQL, [fact.orderId]);
        const exists = await client.query('SELECT 1 FROM analytics.order_facts WHERE order_id = $1', [fact.orderId]);
        if (exists.rowCount) return; // paid twice under different event ids: counted once
        let isNew = false;
        if (fact.customerKey) {
          const first = await client.query(
            `INSERT INTO analytics.customers (customer_key, first_order_id, first_paid_at, first_store_day) VALUES ($1, $2, $3, $4)
             ON CONFLICT (customer_key) DO NOTHING RETURNING 1`,
            [fact.customerKey, fact.orderId, fact.paidAt, fact.storeDay],
          );
          isNew = first.rowCount === 1;
        }
        const units = fact.lines.reduce((sum, line) => sum + line.quantity, 0);
        const lines = JSON.stringify(fact.lines.map((line, index) => ({ line_no: index + 1, product_id: line.productId, category_id: line.categoryId, quantity: line.quantity, unit_price: line.unitPrice, line_total: line.lineTotal })));
        await client.query(
          `WITH f AS (
             INSERT INTO analytics.order_facts (order_id, customer_key, is_new, paid_at, store_day, currency, subtotal, shipping, tax, total, units, discount)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $13) RETURNING 1
           ), dsc AS (
             INSERT INTO analytics.order_discount_facts (order_id, promotion_id, kind, code, name, amount, store_day)
             SELECT $1, x.promotion_id, x.kind, x.code, x.name, x.amount, $5
               FROM jsonb_to_recordset($14::jsonb) AS x(promotion_id uuid, kind text, code text, name text, amount int)
             ON CONFLICT DO NOTHING RETURNING 1
           ), l AS (
             INSERT INTO analytics.order_line_facts (order_id, line_no, product_id, category_id, quantity, unit_price, line_total, store_day)
             SELECT $1, x.line_no, x.product_id, x.category_id, x.quantity, x.unit_price, x.line_total, $5
               FROM jsonb_to_recordset($12::jsonb) AS x(line_no int, product_id uuid, category_id uuid, quantity int, unit_price int, line_total int)
             RETURNING product_id, category_id, quantity, line_total
           ), s AS (
             INSERT INTO analytics.daily_sales AS d (store_day, gross, orders, units, new_customers, returning_customers)
             VALUES ($5, $10, 1, $11, CASE WHEN $3 THEN 1 ELSE 0 END, CASE WHEN NOT $3 AND $2::text IS NOT NULL THEN 1 ELSE 0 END)
             ON CONFLICT (store_day) DO UPDATE SET gross = d.gross + EXCLUDED.gross, orders = d.orders + 1, units = d.units + EXCLUDED.units,
               new_customers = d.new_customers + EXCLUDED.new_customers, returning_customers = d.returning_customers + EXCLUDED.returning_customers
             RETURNING 1
           ), p AS (
             INSERT INTO analytics.daily_product AS d (store_day, product_id, orders, units, revenue)
             SELECT $5, x.product_id, 1, sum(x.quantity), sum(x.line_total)
               FROM jsonb_to_recordset($12::jsonb) AS x(product_id uuid, quantity int, line_total int) GROUP BY x.product_id ORDER BY x.product_id
             ON CONFLICT (store_day, product_id) DO UPDATE SET orders = d.orders + 1, units = d.units + EXCLUDED.units, revenue = d.revenue + EXCLUDED.revenue
             RETURNING 1
           ), c AS (
             INSERT INTO analytics.daily_category AS d (store_day, category_id, orders, units, revenue)
             SELECT $5, x.category_id, 1, sum(x.quantity), sum(x.line_total)
               FROM jsonb_to_recordset($12::jsonb) AS x(category_id uuid, quantity int, line_total int) WHERE x.category_id IS NOT NULL GROUP BY x.category_id ORDER BY x.category_id
             ON CONFLICT (store_day, category_id) DO UPDATE SET orders = d.orders + 1, units = d.units + EXCLUDED.units, revenue = d.revenue + EXCLUDED.revenue
             RETURNING 1
           ), a AS (
             INSERT INTO analytics.daily_shelf AS d (store_day, shelf, attributed_orders, attributed_revenue)
             SELECT $5, k.shelf, 1, sum(x.line_total)
               FROM analytics.session_orders so
               JOIN analytics.session_shelf_clicks k ON k.session_id = so.session_id AND k.clicked_at <= so.placed_at
               JOIN jsonb_to_recordset($12::jsonb) AS x(product_id uuid, line_total int) ON x.product_id = k.product_id
              WHERE so.order_id = $1 GROUP BY k.shelf
             ON CONFLICT (store_day, shelf) DO UPDATE SET attributed_orders = d.attributed_orders + 1, attributed_revenue = d.attributed_revenue + EXCLUDED.attributed_revenue
             RETURNING 1
           )
           SELECT (SELECT count(*) FROM f) + (SELECT count(*) FROM dsc) + (SELECT count(*) FROM l) + (SELECT count(*) FROM s) + (SELECT count(*) FROM p) + (SELECT count(*) FROM c) + (SELECT count(*) FROM a) AS n`,
          [
            fact.orderId,
            fact.customerKey,
            isNew,
            fact.paidAt,
            fact.storeDay,
            fact.currency,
            fact.subtotal,
            fact.shipping,
            fact.tax,
            fact.total,
            units,
            lines,
            fact.discount,
            JSON.stringify(fact.discounts.map((d) => ({ promotion_id: d.promotionId, kind: d.kind, code: d.code, name: d.name, amount: d.amount }))),
          ],
        );
      });
    },

    /**
     * Money back, on the refund's store day: the order's refunds, the day's refunds, and the refund's
     * merchandise share per line, product and category (REFUND_SQL). Orders analytics never saw paid
     * are ignored.
     */
    async recordRefund(refund: { eventId: string; orderId: string; amount: number; refundedAt: string; storeDay: string }): Promise<boolean> {
      return once({ id: refund.eventId, type: 'orders.order_refunded' }, async (client) => {
        await client.query(LOCK_ORDER_SQL, [refund.orderId]);
        await client.query(REFUND_SQL, [refund.eventId, refund.orderId, refund.amount, refund.refundedAt, refund.storeDay]);
      });
    },

    async recordCancellation(event: { id: string; type: string }, orderId: string, at: string): Promise<boolean> {
      return once(event, async (client) => {
        await client.query('UPDATE analytics.order_facts SET cancelled_at = $2 WHERE order_id = $1 AND cancelled_at IS NULL', [orderId, at]);
      });
    },

    // --- reports (rollups and facts)

    async dailySales(from: string, to: string) {
      const { rows } = await pool.query<{ day: string; gross: string; refunds: string; orders: number; units: number; new_customers: number; returning_customers: number }>(
        `SELECT to_char(store_day, 'YYYY-MM-DD') AS day, gross, refunds, orders, units, new_customers, returning_customers
           FROM analytics.daily_sales WHERE store_day BETWEEN $1 AND $2 ORDER BY store_day`,
        [from, to],
      );
      return rows.map((row) => ({ day: row.day, gross: num(row.gross), refunds: num(row.refunds), orders: row.orders, units: row.units, newCustomers: row.new_customers, returningCustomers: row.returning_customers }));
    },

    async productTotals(from: string, to: string, by: 'revenue' | 'units', limit: number) {
      const order = by === 'revenue' ? 'revenue DESC, units DESC' : 'units DESC, revenue DESC';
      const { rows } = await pool.query<{ product_id: string; views: string; add_to_carts: string; orders: string; units: string; revenue: string; refunds: string }>(
        `SELECT product_id, sum(views) AS views, sum(add_to_carts) AS add_to_carts, sum(orders) AS orders, sum(units) AS units,
                sum(revenue) - sum(refunds) AS revenue, sum(refunds) AS refunds
           FROM analytics.daily_product WHERE store_day BETWEEN $1 AND $2 GROUP BY product_id
          ORDER BY ${order}, views DESC, product_id LIMIT $3`,
        [from, to, limit],
      );
      return rows.map((row) => ({ productId: row.product_id, views: num(row.views), addToCarts: num(row.add_to_carts), orders: num(row.orders), units: num(row.units), revenue: num(row.revenue), refunds: num(row.refunds) }));
    },

    async categoryTotals(from: string, to: string, by: 'revenue' | 'units', limit: number) {
      const order = by === 'revenue' ? 'revenue DESC, units DESC' : 'units DESC, revenue DESC';
      const { rows } = await pool.query<{ category_id: string; orders: string; units: string; revenue: string; refunds: string; views: string; name: string | null }>(
        `WITH sales AS (
           SELECT category_id, sum(orders) AS orders, sum(units) AS units, sum(revenue) - sum(refunds) AS revenue, sum(refunds) AS refunds
             FROM analytics.daily_category WHERE store_day BETWEEN $1 AND $2 GROUP BY category_id
         ), views AS (
           SELECT p.category_id, sum(d.views) AS views
             FROM analytics.daily_product d JOIN analytics.products p ON p.id = d.product_id
            WHERE d.store_day BETWEEN $1 AND $2 AND p.category_id IS NOT NULL GROUP BY p.category_id
         )
         SELECT COALESCE(s.category_id, v.category_id) AS category_id, COALESCE(s.orders, 0) AS orders, COALESCE(s.units, 0) AS units,
                COALESCE(s.revenue, 0) AS revenue, COALESCE(s.refunds, 0) AS refunds, COALESCE(v.views, 0) AS views,
                (SELECT max(category_name) FROM analytics.products p WHERE p.category_id = COALESCE(s.category_id, v.category_id)) AS name
           FROM sales s FULL JOIN views v ON v.category_id = s.category_id
          ORDER BY ${order}, views DESC, 1 LIMIT $3`,
        [from, to, limit],
      );
      return rows.map((row) => ({ categoryId: row.category_id, name: row.name, orders: num(row.orders), units: num(row.units), revenue: num(row.revenue), refunds: num(row.refunds), views: num(row.views) }));
    },

    async funnelCounts(from: string, to: string): Promise<number[]> {
      const { rows } = await pool.query<{ s: string; pv: string; atc: string; co: string; op: string }>(
        `SELECT count(*) AS s, count(product_view_at) AS pv, count(add_to_cart_at) AS atc, count(checkout_started_at) AS co, count(order_placed_at) AS op
           FROM analytics.sessions WHERE store_day BETWEEN $1 AND $2`,
        [from, to],
      );
      const row = rows[0]!;
      return [row.s, row.pv, row.atc, row.co, row.op].map(num);
    },

    async searchRows(from: string, to: string) {
      const { rows } = await pool.query<{ query: string; searches: string; zero_results: string; corrected: string; corrected_to: string | null; clicks: string }>(
        `SELECT query, sum(searches) AS searches, sum(zero_results) AS zero_results, sum(corrected) AS corrected, max(corrected_to) AS corrected_to, sum(clicks) AS clicks
           FROM analytics.daily_search WHERE store_day BETWEEN $1 AND $2 GROUP BY query`,
        [from, to],
      );
      return rows.map((row) => ({ query: row.query, searches: num(row.searches), zeroResults: num(row.zero_results), corrected: num(row.corrected), correctedTo: row.corrected_to, clicks: num(row.clicks) }));
    },

    async shelfRows(from: string, to: string) {
      const { rows } = await pool.query<{ shelf: string; impressions: string; clicks: string; attributed_orders: string; attributed_revenue: string }>(
        `SELECT shelf, sum(impressions) AS impressions, sum(clicks) AS clicks, sum(attributed_orders) AS attributed_orders, sum(attributed_revenue) AS attributed_revenue
           FROM analytics.daily_shelf WHERE store_day BETWEEN $1 AND $2 GROUP BY shelf`,
        [from, to],
      );
      return rows.map((row) => ({ shelf: row.shelf, impressions: num(row.impressions), clicks: num(row.clicks), attributedOrders: num(row.attributed_orders), attributedRevenue: num(row.attributed_revenue) }));
    },

    /**
     * Paid orders per promotion and code in the period: orders, revenue (the orders' totals as paid),
     * their refunds so far, and what the promotion took off (its cost).
     */
    async promotionRows(from: string, to: string): Promise<PromotionRow[]> {
      const { rows } = await pool.query<Record<keyof PromotionRow, string>>(
        `SELECT d.promotion_id::text AS "promotionId", d.kind, d.code, max(d.name) AS name, count(*) AS orders,
                sum(o.total) AS revenue, sum(o.refunded) AS refunds, sum(d.amount) AS "discountCost"
           FROM analytics.order_discount_facts d JOIN analytics.order_facts o ON o.order_id = d.order_id
          WHERE d.store_day BETWEEN $1 AND $2
          GROUP BY d.promotion_id, d.kind, d.code ORDER BY sum(o.total) DESC, d.promotion_id, d.code`,
        [from, to],
      );
      return rows.map((row) => ({
        promotionId: row.promotionId,
        kind: row.kind,
        code: row.code,
        name: row.name,
        orders: num(row.orders),
        revenue: num(row.revenue),
        refunds: num(row.refunds),
        discountCost: num(row.discountCost),
      }));
    },

    /** Paid orders in the period, and those with a discount (the promotions report's totals). */
    async discountTotals(from: string, to: string): Promise<{ orders: number; discountedOrders: number; discountCost: number; revenue: number }> {
      const { rows } = await pool.query<{ orders: string; discounted: string; cost: string; revenue: string }>(
        `SELECT count(*) AS orders, count(*) FILTER (WHERE discount > 0) AS discounted, coalesce(sum(discount), 0) AS cost,
                coalesce(sum(total) FILTER (WHERE discount > 0), 0) AS revenue
           FROM analytics.order_facts WHERE store_day BETWEEN $1 AND $2`,
        [from, to],
      );
      const row = rows[0];
      return { orders: num(row?.orders), discountedOrders: num(row?.discounted), discountCost: num(row?.cost), revenue: num(row?.revenue) };
    },

    /** Buyers with paid orders in the period and how many each. */
    async buyerOrderCounts(from: string, to: string): Promise<number[]> {
      const { rows } = await pool.query<{ n: string }>(
        'SELECT count(*) AS n FROM analytics.order_facts WHERE store_day BETWEEN $1 AND $2 AND customer_key IS NOT NULL GROUP BY customer_key',
        [from, to],
      );
      return rows.map((row) => num(row.n));
    },

    /** For buyers whose first paid order is in the period: their cohort month and the month offsets they ordered in. */
    async cohortMembers(from: string, to: string): Promise<Array<{ cohort: string; offsets: number[] }>> {
      const { rows } = await pool.query<{ cohort: string; offsets: number[] }>(
        `SELECT to_char(c.first_store_day, 'YYYY-MM') AS cohort,
                array_agg(DISTINCT ((extract(year FROM o.store_day) * 12 + extract(month FROM o.store_day))
                                  - (extract(year FROM c.first_store_day) * 12 + extract(month FROM c.first_store_day)))::int) AS offsets
           FROM analytics.customers c JOIN analytics.order_facts o ON o.customer_key = c.customer_key
          WHERE c.first_store_day BETWEEN $1 AND $2 GROUP BY c.customer_key, 1`,
        [from, to],
      );
      return rows;
    },

    // --- maintenance

    /**
     * Recomputes every rollup of store days from..to from the raw events and the sales facts (repair,
     * seeds): sessions that started in the range are rebuilt from their raw events too.
     */
    async rebuildRollups(from: string, to: string): Promise<{ sessions: number }> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const range = [from, to];
        for (const table of ['daily_sales', 'daily_product', 'daily_category', 'daily_search', 'daily_shelf'])
          await client.query(`DELETE FROM analytics.${table} WHERE store_day BETWEEN $1 AND $2`, range);
        await client.query(
          `INSERT INTO analytics.daily_product (store_day, product_id, views, add_to_carts)
           SELECT store_day, product_id, count(*) FILTER (WHERE type = 'page_view'), count(*) FILTER (WHERE type = 'add_to_cart')
             FROM analytics.behaviour_events WHERE store_day BETWEEN $1 AND $2 AND product_id IS NOT NULL AND type IN ('page_view', 'add_to_cart') GROUP BY 1, 2`,
          range,
        );
        await client.query(
          `INSERT INTO analytics.daily_product AS d (store_day, product_id, orders, units, revenue)
           SELECT store_day, product_id, count(DISTINCT order_id), sum(quantity), sum(line_total) FROM analytics.order_line_facts WHERE store_day BETWEEN $1 AND $2 GROUP BY 1, 2
           ON CONFLICT (store_day, product_id) DO UPDATE SET orders = EXCLUDED.orders, units = EXCLUDED.units, revenue = EXCLUDED.revenue`,
          range,
        );
        await client.query(
          `INSERT INTO analytics.daily_category (store_day, category_id, orders, units, revenue)
           SELECT store_day, category_id, count(DISTINCT order_id), sum(quantity), sum(line_total) FROM analytics.order_line_facts
            WHERE store_day BETWEEN $1 AND $2 AND category_id IS NOT NULL GROUP BY 1, 2`,
          range,
        );
        await client.query(
          `INSERT INTO analytics.daily_product AS d (store_day, product_id, refunds)
           SELECT store_day, product_id, sum(amount) FROM analytics.line_refund_facts WHERE store_day BETWEEN $1 AND $2 GROUP BY 1, 2
           ON CONFLICT (store_day, product_id) DO UPDATE SET refunds = EXCLUDED.refunds`,
          range,
        );
        await client.query(
          `INSERT INTO analytics.daily_category AS d (store_day, category_id, refunds)
           SELECT store_day, category_id, sum(amount) FROM analytics.line_refund_facts WHERE store_day BETWEEN $1 AND $2 AND category_id IS NOT NULL GROUP BY 1, 2
           ON CONFLICT (store_day, category_id) DO UPDATE SET refunds = EXCLUDED.refunds`,
          range,
        );
        await client.query(
          `INSERT INTO analytics.daily_sales AS d (store_day, gross, orders, units, new_customers, returning_customers)
           SELECT store_day, sum(total), count(*), sum(units), count(*) FILTER (WHERE is_new), count(*) FILTER (WHERE NOT is_new AND customer_key IS NOT NULL)
             FROM analytics.order_facts WHERE store_day BETWEEN $1 AND $2 GROUP BY 1`,
          range,
        );
        await client.query(
          `INSERT INTO analytics.daily_sales AS d (store_day, refunds)
           SELECT store_day, sum(amount) FROM analytics.refund_facts WHERE store_day BETWEEN $1 AND $2 GROUP BY 1
           ON CONFLICT (store_day) DO UPDATE SET refunds = EXCLUDED.refunds`,
          range,
        );
        await client.query(
          `INSERT INTO analytics.daily_search (store_day, query, searches, zero_results, corrected, corrected_to, clicks)
           SELECT store_day, q, count(*) FILTER (WHERE type = 'page_view'),
                  count(*) FILTER (WHERE type = 'page_view' AND (props->>'resultCount')::int = 0),
                  count(*) FILTER (WHERE type = 'page_view' AND props ? 'correctedQuery'),
                  max(props->>'correctedQuery'), count(*) FILTER (WHERE type = 'search_click')
             FROM (SELECT *, lower(regexp_replace(btrim(props->>'query'), '\\s+', ' ', 'g')) AS q FROM analytics.behaviour_events
                    WHERE store_day BETWEEN $1 AND $2 AND ((type = 'page_view' AND props->>'pageType' = 'search') OR type = 'search_click') AND props ? 'query') e
            WHERE q <> '' GROUP BY 1, 2`,
          range,
        );
        await client.query(
          `INSERT INTO analytics.daily_shelf (store_day, shelf, impressions, clicks)
           SELECT store_day, shelf, sum(n), count(*) FILTER (WHERE type = 'recommendation_click')
             FROM (SELECT store_day, type, CASE WHEN type = 'product_impression' THEN props->>'list' ELSE props->>'shelf' END AS shelf,
                          CASE WHEN type = 'product_impression' THEN jsonb_array_length(props->'productIds') ELSE 0 END AS n
                     FROM analytics.behaviour_events WHERE store_day BETWEEN $1 AND $2 AND type IN ('product_impression', 'recommendation_click')) e
            WHERE shelf = ANY(${SHELF_LIST}) GROUP BY 1, 2`,
          range,
        );
        await client.query(
          `INSERT INTO analytics.daily_shelf AS d (store_day, shelf, attributed_orders, attributed_revenue)
           SELECT o.store_day, k.shelf, count(DISTINCT o.order_id), sum(l.line_total)
             FROM analytics.order_facts o
             JOIN analytics.session_orders so ON so.order_id = o.order_id
             JOIN analytics.session_shelf_clicks k ON k.session_id = so.session_id AND k.clicked_at <= so.placed_at
             JOIN analytics.order_line_facts l ON l.order_id = o.order_id AND l.product_id = k.product_id
            WHERE o.store_day BETWEEN $1 AND $2 GROUP BY 1, 2
           ON CONFLICT (store_day, shelf) DO UPDATE SET attributed_orders = EXCLUDED.attributed_orders, attributed_revenue = EXCLUDED.attributed_revenue`,
          range,
        );
        const sessions = await client.query(
          `WITH ${SESSIONS_CTE(`
             SELECT e.session_id, e.visitor_id, e.customer_id, e.occurred_at, e.type, e.store_day, e.product_id
               FROM analytics.behaviour_events e
              WHERE e.session_id IN (SELECT session_id FROM analytics.behaviour_events WHERE store_day BETWEEN $1 AND $2 AND session_id IS NOT NULL)`)}
           ${SESSIONS_UPSERT}`,
          range,
        );
        await client.query('COMMIT');
        return { sessions: sessions.rowCount ?? 0 };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },

    /** Partitions of behaviour_events from `keepFrom` (first month kept) to `until` (last month made), UTC months. */
    async maintainPartitions(months: string[], dropBefore: string): Promise<{ created: string[]; dropped: string[] }> {
      const created: string[] = [];
      for (const month of months) {
        const name = `behaviour_events_${month.slice(0, 4)}${month.slice(5, 7)}`;
        const exists = await pool.query(`SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'analytics' AND c.relname = $1`, [name]);
        if (exists.rowCount) continue;
        const start = `${month}-01`;
        const end = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1)).toISOString().slice(0, 10);
        await pool.query(
          `CREATE TABLE IF NOT EXISTS analytics.${name} PARTITION OF analytics.behaviour_events FOR VALUES FROM ('${start} 00:00:00+00') TO ('${end} 00:00:00+00')`,
        );
        created.push(name);
      }
      const { rows } = await pool.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
           JOIN pg_namespace n ON n.oid = p.relnamespace WHERE n.nspname = 'analytics' AND p.relname = 'behaviour_events'`,
      );
      const dropped: string[] = [];
      const limit = `behaviour_events_${dropBefore.slice(0, 4)}${dropBefore.slice(5, 7)}`;
      for (const { name } of rows) {
        if (/^behaviour_events_\d{6}$/.test(name) && name < limit) {
          await pool.query(`DROP TABLE analytics.${name}`);
          dropped.push(name);
        }
      }
      await pool.query('DELETE FROM analytics.ingested_event_ids WHERE occurred_at < $1', [`${dropBefore}-01T00:00:00Z`]);
      return { created, dropped };
    },

    async ping(client: Queryable = pool): Promise<void> {
      await client.query('SELECT 1');
    },
  };
}

export type AnalyticsRepository = ReturnType<typeof createAnalyticsRepository>;
