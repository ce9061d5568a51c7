import type pg from 'pg';
import type { TasteSegment } from './models/segments.js';

/**
 * The only code that touches recommendations' tables (schema "recommendations"), straight through
 * pg: the shelves are one indexed statement each, and the model jobs move many rows at once.
 * Everything it returns is plain data.
 */

export const NIL_UUID = '00000000-0000-0000-0000-000000000000';
export type ListShelf = 'also_bought' | 'co_bought' | 'co_viewed' | 'similar' | 'trending' | 'popular';
export type DirtyKind = 'signals' | 'facts';

export interface ListItem {
  productId: string;
  score: number;
  reason: string;
}

export interface ProductFactsRow {
  id: string;
  sku: string;
  name: string;
  description: string;
  categoryId: string | null;
  brand: string | null;
  attributes: Record<string, string>;
  status: string;
  available: number | null;
}

export interface CategoryRow {
  id: string;
  slug: string;
  /** The catalog's name (absent in rows made without the catalog, e.g. the bench's). */
  name?: string | null;
  parentId: string | null;
}

/** How a reason names a category: the catalog's name, else its slug. */
export interface CategoryLabel {
  slug: string;
  name: string | null;
}

export interface PurchaseLine {
  orderId: string;
  productId: string;
  customerId: string | null;
  quantity: number;
  paidAt: Date;
}

export interface InteractionRow {
  eventId: string;
  kind: string;
  productId: string;
  visitorId: string | null;
  sessionId: string | null;
  customerId: string | null;
  occurredAt: Date;
}

/** What a consumer writes inside its inbox transaction. */
export type Tx = Pick<pg.ClientBase, 'query'>;

/** Co-counts of some items: each item's basket count, and partner rows. */
export interface CoCounts {
  baskets: number;
  counts: Map<string, number>;
  rows: Map<string, Map<string, number>>;
}

const SHELF_SQL = `
  SELECT l.product_id AS "productId", l.score, l.reason
    FROM recommendations.lists l JOIN recommendations.products p ON p.id = l.product_id
   WHERE l.shelf = $1 AND l.key = $2::uuid AND p.status = 'active' AND p.available > 0 AND NOT (l.product_id = ANY($3::uuid[]))
   ORDER BY l.rank LIMIT $4::int`;

/**
 * A shelf and its trending top-up in one statement: the product's own row first (part -1: it is
 * known), then its list (part 0), then trending (part 1) without what the list gave or `exclude`.
 */
const SHELF_WITH_FILL_SQL = `
  WITH main AS (
    SELECT l.product_id, l.score, l.reason, l.rank FROM recommendations.lists l JOIN recommendations.products p ON p.id = l.product_id
     WHERE l.shelf = $1 AND l.key = $2::uuid AND p.status = 'active' AND p.available > 0 AND NOT (l.product_id = ANY($4::uuid[]))
     ORDER BY l.rank LIMIT $3::int),
  fill AS (
    SELECT l.product_id, l.score, l.reason, l.rank FROM recommendations.lists l JOIN recommendations.products p ON p.id = l.product_id
     WHERE l.shelf = 'trending' AND l.key = '${NIL_UUID}'::uuid AND p.status = 'active' AND p.available > 0
       AND NOT (l.product_id = ANY($4::uuid[])) AND l.product_id NOT IN (SELECT product_id FROM main)
     ORDER BY l.rank LIMIT $3::int)
  SELECT id::text AS "productId", 0::float8 AS score, '' AS reason, -1 AS part, 0 AS rank FROM recommendations.products WHERE id = $2::uuid
  UNION ALL SELECT product_id::text, score, reason, 0, rank FROM main
  UNION ALL SELECT product_id::text, score, reason, 1, rank FROM fill
  ORDER BY part, rank`;

/** Several products' lists (recommendable neighbours only), then trending's first $3 (without $4) to top an answer up. */
const NEIGHBOURS_SQL = `
  (SELECT l.shelf, l.key::text AS key, l.product_id::text AS "productId", l.score, l.reason, l.rank
    FROM recommendations.lists l JOIN recommendations.products p ON p.id = l.product_id
   WHERE l.shelf = ANY($1::text[]) AND l.key = ANY($2::uuid[]) AND p.status = 'active' AND p.available > 0)
  UNION ALL
  (SELECT l.shelf, l.key::text, l.product_id::text, l.score, l.reason, l.rank
    FROM recommendations.lists l JOIN recommendations.products p ON p.id = l.product_id
   WHERE l.shelf = 'trending' AND l.key = '${NIL_UUID}'::uuid AND p.status = 'active' AND p.available > 0 AND NOT (l.product_id = ANY($4::uuid[]))
   ORDER BY l.rank LIMIT $3::int)`;

export function createRecommendationsRepository(pool: pg.Pool) {
  const query = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = [], client: Tx = pool) => (await client.query<T>(text, values)).rows;

  async function transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async function markDirty(client: Tx, productIds: string[], kind: DirtyKind): Promise<void> {
    if (productIds.length === 0) return;
    await client.query(
      `INSERT INTO recommendations.dirty_products (product_id, kind) SELECT DISTINCT unnest($1::uuid[]), $2 ON CONFLICT (product_id, kind) DO NOTHING`,
      [productIds, kind],
    );
  }

  async function coCounts(sql: string, countSql: string, totalSql: string, ids: string[], client: Tx): Promise<CoCounts> {
    const rows = new Map<string, Map<string, number>>();
    for (const row of await query<{ item: string; other: string; together: number }>(sql, [ids], client)) {
      let partners = rows.get(row.item);
      if (!partners) rows.set(row.item, (partners = new Map()));
      partners.set(row.other, Number(row.together));
    }
    const wanted = new Set(ids);
    for (const partners of rows.values()) for (const other of partners.keys()) wanted.add(other);
    const counts = new Map<string, number>();
    for (const row of await query<{ id: string; n: number }>(countSql, [[...wanted]], client)) counts.set(row.id, Number(row.n));
    const [total] = await query<{ n: number }>(totalSql, [], client);
    return { baskets: Number(total?.n ?? 0), counts, rows };
  }

  return {
    transaction,

    /**
     * Runs `work` once per (consumer, event): the inbox row and the work commit together; a
     * redelivered event finds its row and does nothing. Resolves to whether it ran.
     */
    async once(consumer: string, eventId: string, work: (client: Tx) => Promise<void>): Promise<boolean> {
      return transaction(async (client) => {
        const inserted = await client.query('INSERT INTO recommendations.inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [consumer, eventId]);
        if (inserted.rowCount === 0) return false;
        await work(client);
        return true;
      });
    },

    /** Whether any purchase is known (the demo history seeds only a domain without one). */
    async hasPurchases(): Promise<boolean> {
      const { rows } = await pool.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM recommendations.purchases) AS any');
      return rows[0]?.any ?? false;
    },

    /** Many purchases in one transaction (the demo history), in chunks of 2,000 lines. */
    async recordPurchaseHistory(lines: PurchaseLine[]): Promise<void> {
      await transaction(async (client) => {
        for (let start = 0; start < lines.length; start += 2_000) await this.recordPurchases(client, lines.slice(start, start + 2_000));
      });
    },

    async recordPurchases(client: Tx, lines: PurchaseLine[]): Promise<void> {
      if (lines.length === 0) return;
      await client.query(
        `INSERT INTO recommendations.purchases (order_id, product_id, basket, customer_id, quantity, paid_at)
         SELECT order_id, product_id, coalesce(customer_id::text, 'order:' || order_id::text), customer_id, sum(quantity)::int, paid_at
           FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::timestamptz[]) AS t(order_id, product_id, customer_id, quantity, paid_at)
          GROUP BY order_id, product_id, customer_id, paid_at
         ON CONFLICT (order_id, product_id) DO NOTHING`,
        [lines.map((l) => l.orderId), lines.map((l) => l.productId), lines.map((l) => l.customerId), lines.map((l) => l.quantity), lines.map((l) => l.paidAt.toISOString())],
      );
      await markDirty(client, lines.map((l) => l.productId), 'signals');
    },

    async recordInteractions(client: Tx, rows: InteractionRow[], links: { visitorId: string; customerId: string }[]): Promise<void> {
      if (rows.length > 0) {
        await client.query(
          `INSERT INTO recommendations.interactions (event_id, kind, product_id, visitor_id, session_id, customer_id, occurred_at)
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::timestamptz[])
           ON CONFLICT (event_id) DO NOTHING`,
          [
            rows.map((r) => r.eventId),
            rows.map((r) => r.kind),
            rows.map((r) => r.productId),
            rows.map((r) => r.visitorId),
            rows.map((r) => r.sessionId),
            rows.map((r) => r.customerId),
            rows.map((r) => r.occurredAt.toISOString()),
          ],
        );
        await markDirty(client, rows.map((r) => r.productId), 'signals');
      }
      if (links.length > 0) {
        await client.query(
          `INSERT INTO recommendations.visitor_links (visitor_id, customer_id) SELECT * FROM unnest($1::uuid[], $2::uuid[]) ON CONFLICT DO NOTHING`,
          [links.map((l) => l.visitorId), links.map((l) => l.customerId)],
        );
      }
    },

    /** Facts of a catalog event, unless newer facts were written already. */
    async upsertProduct(client: Tx, facts: Omit<ProductFactsRow, 'available' | 'description' | 'attributes'> & { description?: string; attributes?: Record<string, string> }, at: Date): Promise<void> {
      await client.query(
        `INSERT INTO recommendations.products AS p (id, sku, name, description, category_id, brand, attributes, status, available, facts_at)
         VALUES ($1, $2, $3, coalesce($4, ''), $5, $6, coalesce($7::jsonb, '{}'), $8, (SELECT s.available FROM recommendations.stock s WHERE s.sku = $2), $9)
         ON CONFLICT (id) DO UPDATE SET sku = EXCLUDED.sku, name = EXCLUDED.name, category_id = EXCLUDED.category_id, brand = EXCLUDED.brand,
           status = EXCLUDED.status, facts_at = EXCLUDED.facts_at,
           description = coalesce($4, p.description), attributes = coalesce($7::jsonb, p.attributes),
           available = coalesce((SELECT s.available FROM recommendations.stock s WHERE s.sku = EXCLUDED.sku), p.available)
         WHERE p.facts_at <= EXCLUDED.facts_at`,
        [facts.id, facts.sku, facts.name, facts.description ?? null, facts.categoryId, facts.brand, facts.attributes ? JSON.stringify(facts.attributes) : null, facts.status, at.toISOString()],
      );
      await markDirty(client, [facts.id], 'facts');
    },

    async archiveProduct(client: Tx, productId: string, at: Date): Promise<void> {
      await client.query(`UPDATE recommendations.products SET status = 'archived', facts_at = $2 WHERE id = $1 AND facts_at <= $2`, [productId, at.toISOString()]);
    },

    /** A newer stock level of a SKU (older versions ignored), copied to its product. */
    async applyStock(client: Tx, sku: string, available: number, version: number): Promise<void> {
      const applied = await client.query(
        `INSERT INTO recommendations.stock AS s (sku, available, version) VALUES ($1, $2, $3)
         ON CONFLICT (sku) DO UPDATE SET available = EXCLUDED.available, version = EXCLUDED.version WHERE s.version < EXCLUDED.version`,
        [sku, available, version],
      );
      if (applied.rowCount) await client.query('UPDATE recommendations.products SET available = $2 WHERE sku = $1', [sku, available]);
    },

    /** The full sync: the catalog's facts as they are now (events that overtake it win by facts_at). */
    async syncProducts(rows: ProductFactsRow[], at: Date): Promise<void> {
      if (rows.length === 0) return;
      await query(
        `INSERT INTO recommendations.products AS p (id, sku, name, description, category_id, brand, attributes, status, available, facts_at)
         SELECT id, sku, name, description, category_id, brand, attributes::jsonb, status, available, $10::timestamptz
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::int[])
             AS t(id, sku, name, description, category_id, brand, attributes, status, available)
         ON CONFLICT (id) DO UPDATE SET sku = EXCLUDED.sku, name = EXCLUDED.name, description = EXCLUDED.description, category_id = EXCLUDED.category_id,
           brand = EXCLUDED.brand, attributes = EXCLUDED.attributes, status = EXCLUDED.status, available = EXCLUDED.available, facts_at = EXCLUDED.facts_at
         WHERE p.facts_at <= EXCLUDED.facts_at`,
        [
          rows.map((r) => r.id),
          rows.map((r) => r.sku),
          rows.map((r) => r.name),
          rows.map((r) => r.description),
          rows.map((r) => r.categoryId),
          rows.map((r) => r.brand),
          rows.map((r) => JSON.stringify(r.attributes)),
          rows.map((r) => r.status),
          rows.map((r) => r.available),
          at.toISOString(),
        ],
      );
    },

    async syncCategories(rows: CategoryRow[]): Promise<void> {
      if (rows.length === 0) return;
      await query(
        `INSERT INTO recommendations.categories (id, slug, parent_id, name) SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[])
         ON CONFLICT (id) DO UPDATE SET slug = EXCLUDED.slug, parent_id = EXCLUDED.parent_id, name = COALESCE(EXCLUDED.name, recommendations.categories.name)`,
        [rows.map((r) => r.id), rows.map((r) => r.slug), rows.map((r) => r.parentId), rows.map((r) => r.name ?? null)],
      );
    },

    async productCount(): Promise<number> {
      const [row] = await query<{ n: number }>('SELECT count(*)::int AS n FROM recommendations.products');
      return row?.n ?? 0;
    },

    async allProducts(): Promise<ProductFactsRow[]> {
      return query<ProductFactsRow>(
        `SELECT id::text, sku, name, description, category_id::text AS "categoryId", brand, attributes, status, available FROM recommendations.products ORDER BY id`,
      );
    },

    async allCategories(): Promise<CategoryRow[]> {
      return query<CategoryRow>('SELECT id::text, slug, parent_id::text AS "parentId" FROM recommendations.categories');
    },

    /** Every basket (customer or guest order) with its products (the full rebuild). */
    async purchaseBaskets(): Promise<string[][]> {
      const rows = await query<{ items: string[] }>('SELECT array_agg(DISTINCT product_id::text) AS items FROM recommendations.purchases GROUP BY basket');
      return rows.map((row) => row.items);
    },

    /** Every session's viewed products within 30 minutes windows (the full rebuild: sessions as baskets). */
    async viewSessions(): Promise<string[][]> {
      const rows = await query<{ items: string[] }>(
        `SELECT array_agg(DISTINCT product_id::text) AS items FROM recommendations.interactions
          WHERE kind = 'product_view' AND session_id IS NOT NULL GROUP BY session_id, date_trunc('hour', occurred_at)`,
      );
      return rows.map((row) => row.items);
    },

    /** Claims up to `limit` dirty products of a kind (SKIP LOCKED: replicas take different ones); removed at commit. */
    async claimDirty(client: Tx, kind: DirtyKind, limit: number): Promise<string[]> {
      const rows = await query<{ id: string }>(
        `DELETE FROM recommendations.dirty_products WHERE (product_id, kind) IN (
           SELECT product_id, kind FROM recommendations.dirty_products WHERE kind = $1 ORDER BY marked_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING product_id::text AS id`,
        [kind, limit],
        client,
      );
      return rows.map((row) => row.id);
    },

    /** Co-purchase counts of `ids`: baskets (customers; a guest's order) holding each and both. */
    coPurchases: (ids: string[], client: Tx = pool) =>
      coCounts(
        `WITH src AS (SELECT DISTINCT product_id, basket FROM recommendations.purchases WHERE product_id = ANY($1::uuid[]))
         SELECT s.product_id::text AS item, p.product_id::text AS other, count(DISTINCT p.basket)::int AS together
           FROM src s JOIN recommendations.purchases p ON p.basket = s.basket AND p.product_id <> s.product_id GROUP BY 1, 2`,
        `SELECT product_id::text AS id, count(DISTINCT basket)::int AS n FROM recommendations.purchases WHERE product_id = ANY($1::uuid[]) GROUP BY 1`,
        'SELECT count(DISTINCT basket)::int AS n FROM recommendations.purchases',
        ids,
        client,
      ),

    /** Co-view counts of `ids`: sessions that viewed each and both within 30 minutes of each other. */
    coViews: (ids: string[], client: Tx = pool) =>
      coCounts(
        `WITH src AS (SELECT product_id, session_id, occurred_at FROM recommendations.interactions
                       WHERE product_id = ANY($1::uuid[]) AND kind = 'product_view' AND session_id IS NOT NULL)
         SELECT s.product_id::text AS item, i.product_id::text AS other, count(DISTINCT i.session_id)::int AS together
           FROM src s JOIN recommendations.interactions i ON i.session_id = s.session_id AND i.kind = 'product_view' AND i.product_id <> s.product_id
                 AND i.occurred_at BETWEEN s.occurred_at - interval '30 minutes' AND s.occurred_at + interval '30 minutes'
          GROUP BY 1, 2`,
        `SELECT product_id::text AS id, count(DISTINCT session_id)::int AS n FROM recommendations.interactions
          WHERE product_id = ANY($1::uuid[]) AND kind = 'product_view' AND session_id IS NOT NULL GROUP BY 1`,
        `SELECT count(DISTINCT session_id)::int AS n FROM recommendations.interactions WHERE kind = 'product_view' AND session_id IS NOT NULL`,
        ids,
        client,
      ),

    /** Replaces the lists of `keys` on a shelf (a key without items loses its list). */
    async writeLists(client: Tx, shelf: ListShelf, lists: Map<string, ListItem[]>): Promise<void> {
      if (lists.size === 0) return;
      const keys = [...lists.keys()];
      await client.query('DELETE FROM recommendations.lists WHERE shelf = $1 AND key = ANY($2::uuid[])', [shelf, keys]);
      const rows = [...lists].flatMap(([key, items]) => items.map((item, rank) => ({ key, rank, ...item })));
      if (rows.length === 0) return;
      await client.query(
        `INSERT INTO recommendations.lists (shelf, key, rank, product_id, score, reason)
         SELECT $1, * FROM unnest($2::uuid[], $3::int[], $4::uuid[], $5::float8[], $6::text[])`,
        [shelf, rows.map((r) => r.key), rows.map((r) => r.rank), rows.map((r) => r.productId), rows.map((r) => r.score), rows.map((r) => r.reason)],
      );
    },

    /** Drops a shelf's lists of keys not in `keep` (the full rebuild). */
    async pruneLists(client: Tx, shelf: ListShelf, keep: string[]): Promise<void> {
      await client.query('DELETE FROM recommendations.lists WHERE shelf = $1 AND NOT (key = ANY($2::uuid[]))', [shelf, keep]);
    },

    /** Orders per product and day with its leaf category (for-you's popular products per category). */
    async categoryPurchases(client: Tx = pool): Promise<Array<{ productId: string; categoryId: string; at: Date; count: number }>> {
      return query(
        `SELECT pu.product_id::text AS "productId", p.category_id::text AS "categoryId", date_trunc('day', pu.paid_at) AS at, count(*)::int AS count
           FROM recommendations.purchases pu JOIN recommendations.products p ON p.id = pu.product_id
          WHERE p.category_id IS NOT NULL GROUP BY 1, 2, 3`,
        [],
        client,
      );
    },

    /** Each customer's purchases per leaf category (distinct products): what the taste segments are fitted to. */
    async customerCategories(client: Tx = pool): Promise<Map<string, Map<string, number>>> {
      const rows = await query<{ basket: string; categoryId: string; n: number }>(
        `SELECT pu.basket, p.category_id::text AS "categoryId", count(DISTINCT pu.product_id)::int AS n
           FROM recommendations.purchases pu JOIN recommendations.products p ON p.id = pu.product_id
          WHERE p.category_id IS NOT NULL GROUP BY 1, 2`,
        [],
        client,
      );
      const customers = new Map<string, Map<string, number>>();
      for (const row of rows) {
        const counts = customers.get(row.basket) ?? new Map<string, number>();
        counts.set(row.categoryId, row.n);
        customers.set(row.basket, counts);
      }
      return customers;
    },

    /** Replaces the taste segments (fitted whole). */
    async writeSegments(client: Tx, segments: TasteSegment[]): Promise<void> {
      const rows = segments.flatMap((segment) => [...segment.categories].map(([categoryId, share]) => ({ segment: segment.segment, weight: segment.weight, categoryId, share })));
      await client.query('DELETE FROM recommendations.taste_segments');
      if (rows.length === 0) return;
      await client.query(
        `INSERT INTO recommendations.taste_segments (segment, category_id, share, weight)
         SELECT * FROM unnest($1::int[], $2::uuid[], $3::float8[], $4::float8[])`,
        [rows.map((r) => r.segment), rows.map((r) => r.categoryId), rows.map((r) => r.share), rows.map((r) => r.weight)],
      );
    },

    /** Views per product and hour, units bought per product and hour, over `days` (trending). */
    async popularity(days: number): Promise<Array<{ productId: string; kind: 'view' | 'purchase'; at: Date; count: number }>> {
      const rows = await query<{ productId: string; kind: 'view' | 'purchase'; at: Date; count: number }>(
        `SELECT product_id::text AS "productId", 'view' AS kind, date_trunc('hour', occurred_at) AS at, count(*)::int AS count
           FROM recommendations.interactions WHERE kind = 'product_view' AND occurred_at > now() - make_interval(days => $1) GROUP BY 1, 3
         UNION ALL
         SELECT product_id::text, 'purchase', date_trunc('hour', paid_at), sum(quantity)::int
           FROM recommendations.purchases WHERE paid_at > now() - make_interval(days => $1) GROUP BY 1, 3`,
        [days],
      );
      return rows;
    },

    async setState(client: Tx, name: string, at: Date): Promise<void> {
      await client.query('INSERT INTO recommendations.model_state (name, at) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET at = EXCLUDED.at', [name, at.toISOString()]);
    },

    async state(name: string): Promise<Date | null> {
      const [row] = await query<{ at: Date }>('SELECT at FROM recommendations.model_state WHERE name = $1', [name]);
      return row?.at ?? null;
    },

    // --- answers

    async categoryExists(id: string): Promise<boolean> {
      return (await query('SELECT 1 FROM recommendations.categories WHERE id = $1', [id])).length > 0;
    },

    /** A precomputed list, recommendable products only (active, in stock), `exclude` left out, in rank order. */
    shelf(shelf: ListShelf, key: string, limit: number, exclude: string[] = []): Promise<ListItem[]> {
      return pool.query<ListItem>({ name: 'recs_shelf', text: SHELF_SQL, values: [shelf, key, exclude, limit] }).then((result) => result.rows);
    },

    /**
     * A product's list topped up with trending, in one statement: null when the product is unknown;
     * else its list's recommendable items (`exclude` left out) and trending's after them.
     */
    async shelfWithFill(shelf: ListShelf, productId: string, limit: number, exclude: string[]): Promise<{ items: ListItem[]; filler: ListItem[] } | null> {
      const { rows } = await pool.query<ListItem & { part: number }>({ name: 'recs_shelf_with_fill', text: SHELF_WITH_FILL_SQL, values: [shelf, productId, limit, exclude] });
      if (rows[0]?.part !== -1) return null;
      const strip = ({ productId: id, score, reason }: ListItem) => ({ productId: id, score, reason });
      return { items: rows.filter((row) => row.part === 0).map(strip), filler: rows.filter((row) => row.part === 1).map(strip) };
    },

    /**
     * The item-to-item lists of several products at once (recommendable neighbours only) and, in the
     * same statement, trending's first `fill` products without `exclude` (to top the answer up).
     */
    async neighbours(shelves: ListShelf[], keys: string[], fill: number, exclude: string[]): Promise<{ rows: Array<{ shelf: ListShelf; key: string; productId: string; score: number }>; filler: ListItem[] }> {
      const { rows } = await pool.query<{ shelf: ListShelf | 'trending'; key: string; productId: string; score: number; reason: string }>({
        name: 'recs_neighbours',
        text: NEIGHBOURS_SQL,
        values: [shelves, keys, fill, exclude],
      });
      const lists = rows.filter((row): row is typeof row & { shelf: ListShelf } => row.shelf !== 'trending' || row.key !== NIL_UUID);
      const filler = rows.filter((row) => row.shelf === 'trending' && row.key === NIL_UUID).map(({ productId, score, reason }) => ({ productId, score, reason }));
      return { rows: lists, filler };
    },

    /**
     * A shopper's recent history: a customer's purchases and interactions (and their linked visitors'), or a visitor's
     * interactions; newest first, with each product's leaf category and name (null when not known yet).
     */
    /**
     * The shopper's newest interactions and purchases, their own and their linked visitors'. Each
     * source is its own index scan, newest first and bounded (an OR of customer and visitor made the
     * planner walk every interaction backwards by time for a visitor with none: 36 ms instead of 0.1).
     */
    async history(
      who: { customerId: string | null; visitorId: string | null },
      limit = 200,
    ): Promise<Array<{ productId: string; kind: 'view' | 'cart' | 'purchase'; at: Date; categoryId: string | null; name: string | null }>> {
      return query(
        `WITH visitors AS (
           SELECT $2::uuid AS id WHERE $2::uuid IS NOT NULL
           UNION SELECT visitor_id FROM recommendations.visitor_links WHERE customer_id = $1::uuid),
         h AS (
           SELECT "productId", kind, at FROM (
             (SELECT product_id::text AS "productId", 'purchase' AS kind, paid_at AS at FROM recommendations.purchases
               WHERE customer_id = $1::uuid ORDER BY paid_at DESC LIMIT $3::int)
             UNION ALL
             (SELECT product_id::text, CASE kind WHEN 'add_to_cart' THEN 'cart' ELSE 'view' END, occurred_at FROM recommendations.interactions
               WHERE customer_id = $1::uuid ORDER BY occurred_at DESC LIMIT $3::int)
             UNION ALL
             SELECT i.product_id::text, CASE i.kind WHEN 'add_to_cart' THEN 'cart' ELSE 'view' END, i.occurred_at
               FROM visitors v CROSS JOIN LATERAL (
                 SELECT product_id, kind, occurred_at FROM recommendations.interactions
                  WHERE visitor_id = v.id AND ($1::uuid IS NULL OR customer_id IS DISTINCT FROM $1::uuid)
                  ORDER BY occurred_at DESC LIMIT $3::int) i
           ) u ORDER BY at DESC LIMIT $3::int)
         SELECT h."productId", h.kind, h.at, p.category_id::text AS "categoryId", p.name
           FROM h LEFT JOIN recommendations.products p ON p.id = h."productId"::uuid ORDER BY h.at DESC`,
        [who.customerId, who.visitorId, limit],
      );
    },

    /** For-you's taste segments (a few hundred rows, one statement) with each category's name, else its slug (for the reasons). */
    async tasteSegments(): Promise<{ segments: TasteSegment[]; labels: Map<string, CategoryLabel> }> {
      const rows = await query<{ segment: number; categoryId: string; share: number; weight: number; slug: string | null; name: string | null }>(
        `SELECT s.segment, s.category_id::text AS "categoryId", s.share, s.weight, c.slug, c.name
           FROM recommendations.taste_segments s LEFT JOIN recommendations.categories c ON c.id = s.category_id ORDER BY s.segment, s.share DESC`,
      );
      const segments = new Map<number, TasteSegment>();
      const labels = new Map<string, CategoryLabel>();
      for (const row of rows) {
        const segment = segments.get(row.segment) ?? { segment: row.segment, weight: row.weight, categories: new Map<string, number>() };
        segment.categories.set(row.categoryId, row.share);
        segments.set(row.segment, segment);
        if (row.slug !== null) labels.set(row.categoryId, { slug: row.slug, name: row.name });
      }
      return { segments: [...segments.values()], labels };
    },

    /** Which of `ids` are in a consumable category (by its slug or its parent's). */
    async consumables(ids: string[], slugs: string[]): Promise<Set<string>> {
      if (ids.length === 0 || slugs.length === 0) return new Set();
      const rows = await query<{ id: string }>(
        `SELECT p.id::text AS id FROM recommendations.products p JOIN recommendations.categories c ON c.id = p.category_id
           LEFT JOIN recommendations.categories pc ON pc.id = c.parent_id
          WHERE p.id = ANY($1::uuid[]) AND (c.slug = ANY($2::text[]) OR pc.slug = ANY($2::text[]))`,
        [ids, slugs],
      );
      return new Set(rows.map((row) => row.id));
    },
  };
}

export type RecommendationsRepository = ReturnType<typeof createRecommendationsRepository>;
