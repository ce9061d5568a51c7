import type pg from 'pg';
import { prismaAdapter } from '@omnicart/db/prisma';
import { Prisma, PrismaClient } from '@omnicart/db/catalog';
import { outboxRowData, type OutboxEventRow } from '../events/index.js';
import type { CorrectionCandidate } from './typo.js';
import type { SortKey } from './cursor.js';
import type { ProductSearchSort, ProductSort, ProductStatus } from './schemas.js';

/**
 * The only code that touches catalog's Prisma client. Reads on the hot path are hand-written
 * SQL through $queryRaw tagged templates (every value a bound parameter, tables qualified with
 * the `catalog` schema, pg_trgm functions with `public`); writes use the query builder.
 */

export interface CategoryRow {
  id: string;
  slug: string;
  name: string;
  parentId: string | null;
  position: number;
  /** Active products directly in this category. */
  activeProducts: number;
}

/** A product as stored, before the service attaches its category. */
export interface ProductRow {
  id: string;
  sku: string;
  slug: string;
  name: string;
  description: string;
  priceAmount: number;
  currency: string;
  status: ProductStatus;
  categoryId: string;
  brand: string | null;
  attributes: Record<string, string>;
  images: { url: string; alt: string }[];
  createdAt: string;
  updatedAt: string;
  /** Units available per the availability read model (0 when inventory never announced the SKU). */
  available: number;
  maxPerOrder: number | null;
  maxPerCustomer: number | null;
}

/** A product as grids need it (list, search, byIds): no description. */
export type ProductListRow = Omit<ProductRow, 'description'>;

/** What other services need to price and check a product (productsByIds / productsBySkus). */
export interface ProductSummaryRow {
  id: string;
  sku: string;
  slug: string;
  name: string;
  priceAmount: number;
  currency: string;
  status: ProductStatus;
  images: { url: string; alt: string }[];
  available: number;
  maxPerOrder: number | null;
  maxPerCustomer: number | null;
  categoryId: string;
}

/** One `inventory.stock_changed` as the read model keeps it. */
export interface StockLevelUpdate {
  sku: string;
  available: number;
  version: number;
}

/** Filters already resolved by the service (category slug → ids, typos → corrected words). */
export interface ProductFilter {
  categoryIds: string[] | null;
  minPrice: number | null;
  maxPrice: number | null;
  brand: string[];
  colour: string[];
  size: string[];
  material: string[];
  /** true: only products with available > 0; false: only sold-out ones; null: both. */
  inStock: boolean | null;
  /**
   * Keyword search: `fulltext` matches the weighted tsvector and ranks with ts_rank_cd;
   * `trigram` (when full text finds nothing) matches names by pg_trgm word similarity.
   */
  search: { mode: 'fulltext' | 'trigram'; tsquery: string; text: string } | null;
}

export interface PageRequest {
  sort: ProductSort;
  after: { key: SortKey; id: string } | null;
  /** Rows to fetch (the service asks for one more than the page size to know if more exist). */
  take: number;
}

export interface FacetRow {
  dimension: 'category' | 'brand' | 'colour' | 'size' | 'material' | 'price' | 'total';
  value: string | null;
  count: number;
}

/** An active product's facet columns (the service counts facets of keyword-free listings in memory). */
export interface FacetEntry {
  categoryId: string;
  brand: string | null;
  colour: string | null;
  size: string | null;
  material: string | null;
  priceAmount: number;
  inStock: boolean;
}

/** Upper bounds (exclusive, cents) of the price facet bands; the last band is open-ended. */
export const PRICE_BANDS = [2_500, 5_000, 10_000, 25_000, 50_000] as const;

export interface ProductWrite {
  sku: string;
  slug: string;
  name: string;
  description: string;
  priceAmount: number;
  status: ProductStatus;
  categoryId: string;
  brand: string | null;
  attributes: Record<string, string>;
  images: { url: string; alt: string }[];
  maxPerOrder: number | null;
  maxPerCustomer: number | null;
}

export type WriteResult = { ok: true; product: ProductRow } | { ok: false; conflict: 'sku' | 'slug' } | { ok: false; notFound: true };

/** Weights for ts_rank_cd in {D, C, B, A} order: name (A) ≫ brand (B) > description (C). */
const RANK_WEIGHTS = '{0.05, 0.2, 0.4, 1.0}';

/** Units available from the read model: one primary-key probe per returned row. */
const AVAILABLE_SQL = 'coalesce((SELECT sl.available FROM catalog.stock_levels sl WHERE sl.sku = p.sku), 0)::int AS available';
const AVAILABLE = Prisma.raw(AVAILABLE_SQL);

/** The columns of a ProductListRow (grids never read the description). */
const LIST_COLUMNS = Prisma.sql`p.id::text AS id, p.sku, p.slug, p.name, p.price_amount AS "priceAmount",
  p.currency, p.status::text AS status, p.category_id::text AS "categoryId", p.brand, p.attributes, p.images,
  p.max_per_order AS "maxPerOrder", p.max_per_customer AS "maxPerCustomer",
  to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
  to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt",
  ${AVAILABLE}`;
const PRODUCT_COLUMNS = Prisma.sql`${LIST_COLUMNS}, p.description`;

function whereClause(filter: ProductFilter): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`p.status = 'active'`];
  if (filter.categoryIds) conditions.push(Prisma.sql`p.category_id = ANY(${filter.categoryIds}::uuid[])`);
  if (filter.minPrice !== null) conditions.push(Prisma.sql`p.price_amount >= ${filter.minPrice}::int`);
  if (filter.maxPrice !== null) conditions.push(Prisma.sql`p.price_amount <= ${filter.maxPrice}::int`);
  if (filter.brand.length) conditions.push(Prisma.sql`lower(p.brand) = ANY(${filter.brand}::text[])`);
  if (filter.colour.length) conditions.push(Prisma.sql`lower(p.attributes ->> 'colour') = ANY(${filter.colour}::text[])`);
  if (filter.size.length) conditions.push(Prisma.sql`lower(p.attributes ->> 'size') = ANY(${filter.size}::text[])`);
  if (filter.material.length) conditions.push(Prisma.sql`lower(p.attributes ->> 'material') = ANY(${filter.material}::text[])`);
  if (filter.inStock !== null) {
    // Index-only probe on stock_levels (sku, available); a SKU without a row is sold out.
    const inStock = Prisma.sql`EXISTS (SELECT 1 FROM catalog.stock_levels sl WHERE sl.sku = p.sku AND sl.available > 0)`;
    conditions.push(filter.inStock ? inStock : Prisma.sql`NOT ${inStock}`);
  }
  if (filter.search?.mode === 'fulltext') {
    conditions.push(Prisma.sql`p.search_vector @@ to_tsquery('english'::regconfig, ${filter.search.tsquery})`);
  } else if (filter.search?.mode === 'trigram') {
    // Fallback when full text finds nothing: names that contain something close to the query.
    conditions.push(Prisma.sql`${filter.search.text}::text OPERATOR(public.<%) p.name`);
  }
  return Prisma.join(conditions, ' AND ');
}

function scoreExpression(search: NonNullable<ProductFilter['search']>): Prisma.Sql {
  return search.mode === 'fulltext'
    ? Prisma.sql`ts_rank_cd(${RANK_WEIGHTS}::float4[], p.search_vector, to_tsquery('english'::regconfig, ${search.tsquery}))::float8`
    : Prisma.sql`public.word_similarity(${search.text}::text, p.name)::float8`;
}

interface RawProductRow extends ProductListRow {
  sortKey: SortKey;
}

/** The columns of a ProductSummaryRow. */
const SUMMARY_COLUMNS = `p.id::text AS id, p.sku, p.slug, p.name, p.price_amount AS "priceAmount", p.currency,
         p.status::text AS status, p.images, p.max_per_order AS "maxPerOrder", p.max_per_customer AS "maxPerCustomer", p.category_id::text AS "categoryId", ${AVAILABLE_SQL}`;

/**
 * productsByIds is called once per checkout (and per cart read): straight through pg as a named
 * (prepared once per connection) statement, which costs a fraction of a $queryRaw round trip.
 */
const PRODUCTS_BY_IDS_SQL = `SELECT ${SUMMARY_COLUMNS} FROM catalog.products p WHERE p.id = ANY($1::uuid[])`;

/** One row of productFactsPage. */
export interface ProductFactsRow {
  id: string;
  sku: string;
  name: string;
  description: string;
  categoryId: string;
  brand: string | null;
  attributes: unknown;
  status: 'draft' | 'active' | 'archived';
  available: number;
}

const PRODUCT_FACTS_PAGE_SQL = `SELECT p.id::text AS id, p.sku, p.name, p.description, p.category_id::text AS "categoryId", p.brand, p.attributes,
         p.status::text AS status, ${AVAILABLE_SQL}
    FROM catalog.products p WHERE ($1::uuid IS NULL OR p.id > $1::uuid) ORDER BY p.id LIMIT $2::int`;

/**
 * Applies a batch of stock levels in one statement: per SKU the highest version of the batch, kept
 * only when newer than the stored one; returns the rows it changed with their previous units (null
 * for a new SKU). SKUs are written in sorted order, so concurrent batches cannot deadlock.
 */
const APPLY_STOCK_LEVELS_SQL = `
  WITH input AS (
    SELECT DISTINCT ON (sku) sku, available, version
      FROM unnest($1::text[], $2::int[], $3::int[]) AS t(sku, available, version)
     ORDER BY sku, version DESC
  ), prev AS (
    SELECT sl.sku, sl.available FROM catalog.stock_levels sl JOIN input USING (sku)
  ), applied AS (
    INSERT INTO catalog.stock_levels AS s (sku, available, version, updated_at)
    SELECT sku, available, version, now() FROM input ORDER BY sku
    ON CONFLICT (sku) DO UPDATE SET available = EXCLUDED.available, version = EXCLUDED.version, updated_at = now()
      WHERE s.version < EXCLUDED.version
    RETURNING s.sku, s.available
  )
  SELECT applied.sku, applied.available, prev.available AS previous FROM applied LEFT JOIN prev USING (sku)`;

/** One row of the change journal (catalog.product_changes). */
export interface ProductChangeRow {
  id: string;
  slug: string;
  previousSlug: string | null;
  kind: 'created' | 'updated' | 'archived' | 'stock';
  updatedAt: string;
  /** The position of the row: its writing transaction and sequence number (decimal strings). */
  txid: string;
  seq: string;
}

/**
 * The journal after a position, in (txid, seq) order, only from transactions older than the
 * statement snapshot's xmin (all of them have ended, so a commit arriving late can never slip
 * behind a position already handed out), plus that xmin (the next start when the page is not full).
 */
const PRODUCT_CHANGES_SQL = `
  WITH horizon AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
  page AS (
    SELECT c.txid, c.seq, c.product_id, c.slug, c.previous_slug, c.kind, c.changed_at
      FROM catalog.product_changes c, horizon h
     WHERE (c.txid, c.seq) > ($1::text::xid8, $2::text::bigint) AND c.txid < h.xmin
     ORDER BY c.txid, c.seq
     LIMIT $3::int
  )
  SELECT (SELECT xmin::text FROM horizon) AS horizon,
         coalesce((SELECT json_agg(json_build_object('id', p.product_id::text, 'slug', p.slug, 'previousSlug', p.previous_slug, 'kind', p.kind,
                     'updatedAt', to_char(p.changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                     'txid', p.txid::text, 'seq', p.seq::text) ORDER BY p.txid, p.seq) FROM page p), '[]'::json) AS changes`;

/**
 * `pool` (optional, the pool under `db`): the per-order paths (productsByIds, the availability
 * consumer) go straight through pg when it is given, through Prisma otherwise (same SQL).
 */
export type CatalogDb = PrismaClient;

/** The catalog's Prisma client on the shared pool, bound to the `catalog` schema. */
export function createCatalogDb(pool: pg.Pool): CatalogDb {
  return new PrismaClient({ adapter: prismaAdapter(pool, 'catalog') });
}

/** A product as it was before a write (what an update's events and audit entry compare against). */
export type ProductBefore = ProductRow;

/** The admin table's filters, already resolved by the service (category → its subtree's ids). */
export interface ProductSearchFilter {
  q: string | null;
  status: ProductStatus | null;
  categoryIds: string[] | null;
  inStock: boolean | null;
  minPrice: number | null;
  maxPrice: number | null;
  sort: ProductSearchSort;
  limit: number;
  offset: number;
}

/** ORDER BY of each admin sort; ties by id so pages never overlap. */
const SEARCH_ORDER: Record<ProductSearchSort, string> = {
  updated_desc: 'p.updated_at DESC, p.id DESC',
  updated_asc: 'p.updated_at ASC, p.id ASC',
  created_desc: 'p.created_at DESC, p.id DESC',
  created_asc: 'p.created_at ASC, p.id ASC',
  name_asc: 'p.name ASC, p.id ASC',
  name_desc: 'p.name DESC, p.id DESC',
  price_asc: 'p.price_amount ASC, p.id ASC',
  price_desc: 'p.price_amount DESC, p.id DESC',
};

/** `%`, `_` and `\` taken literally in a LIKE pattern. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** What a bulk change writes to one product (only the columns a bulk action can change). */
export interface BulkProductChange {
  id: string;
  priceAmount: number;
  status: ProductStatus;
  categoryId: string;
}

export function createCatalogRepository(db: CatalogDb, pool?: pg.Pool) {
  /** One statement of the per-order paths: a named prepared statement on `pool`, else through Prisma. */
  async function run<T extends object>(name: string, text: string, values: unknown[]): Promise<T[]> {
    if (pool) return (await pool.query<T & pg.QueryResultRow>({ name, text, values })).rows;
    return db.$queryRawUnsafe<T[]>(text, ...values);
  }

  async function listProducts(filter: ProductFilter, page: PageRequest): Promise<{ rows: ProductListRow[]; keys: SortKey[] }> {
    const where = whereClause(filter);
    const after = page.after;
    let query: Prisma.Sql;
    switch (page.sort) {
      case 'relevance': {
        if (!filter.search) throw new Error('relevance sort needs a keyword search');
        const keyset = after ? Prisma.sql`WHERE (s."sortKey", s.id::uuid) < (${after.key}::float8, ${after.id}::uuid)` : Prisma.empty;
        query = Prisma.sql`SELECT * FROM (
            SELECT ${LIST_COLUMNS}, ${scoreExpression(filter.search)} AS "sortKey"
            FROM catalog.products p WHERE ${where}
          ) s ${keyset}
          ORDER BY s."sortKey" DESC, s.id::uuid DESC LIMIT ${page.take}::int`;
        break;
      }
      case 'price_asc':
      case 'price_desc': {
        const asc = page.sort === 'price_asc';
        const keyset = after
          ? asc
            ? Prisma.sql`AND (p.price_amount, p.id) > (${after.key}::int, ${after.id}::uuid)`
            : Prisma.sql`AND (p.price_amount, p.id) < (${after.key}::int, ${after.id}::uuid)`
          : Prisma.empty;
        query = Prisma.sql`SELECT ${LIST_COLUMNS}, p.price_amount AS "sortKey"
          FROM catalog.products p WHERE ${where} ${keyset}
          ORDER BY ${asc ? Prisma.sql`p.price_amount ASC, p.id ASC` : Prisma.sql`p.price_amount DESC, p.id DESC`}
          LIMIT ${page.take}::int`;
        break;
      }
      case 'newest': {
        const keyset = after ? Prisma.sql`AND (p.created_at, p.id) < (${after.key}::timestamptz, ${after.id}::uuid)` : Prisma.empty;
        query = Prisma.sql`SELECT ${LIST_COLUMNS},
            to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "sortKey"
          FROM catalog.products p WHERE ${where} ${keyset}
          ORDER BY p.created_at DESC, p.id DESC LIMIT ${page.take}::int`;
        break;
      }
      case 'name': {
        const keyset = after ? Prisma.sql`AND (p.name, p.id) > (${after.key}::text, ${after.id}::uuid)` : Prisma.empty;
        query = Prisma.sql`SELECT ${LIST_COLUMNS}, p.name AS "sortKey"
          FROM catalog.products p WHERE ${where} ${keyset}
          ORDER BY p.name ASC, p.id ASC LIMIT ${page.take}::int`;
        break;
      }
    }
    const rows = await db.$queryRaw<RawProductRow[]>(query);
    return {
      rows: rows.map(({ sortKey: _sortKey, ...row }) => row),
      keys: rows.map((row) => row.sortKey),
    };
  }

  /** Counts per category, brand, colour, size, material and price band in one pass. */
  async function facets(filter: ProductFilter): Promise<FacetRow[]> {
    const rows = await db.$queryRaw<{ grp: number; category: string | null; brand: string | null; colour: string | null; size: string | null; material: string | null; band: number | null; count: number }[]>`
      SELECT GROUPING(category, brand, colour, size, material, band)::int AS grp,
             category, brand, colour, size, material, band, count(*)::int AS count
      FROM (
        SELECT p.category_id::text AS category, p.brand, p.attributes ->> 'colour' AS colour,
               p.attributes ->> 'size' AS size, p.attributes ->> 'material' AS material,
               width_bucket(p.price_amount, ${[...PRICE_BANDS]}::int[]) AS band
        FROM catalog.products p WHERE ${whereClause(filter)}
      ) m
      GROUP BY GROUPING SETS ((category), (brand), (colour), (size), (material), (band), ())`;
    // GROUPING() sets a bit for every column NOT grouped; the grouped one is the zero bit.
    const dimensions: [number, FacetRow['dimension'], (r: (typeof rows)[number]) => string | null][] = [
      [0b011111, 'category', (r) => r.category],
      [0b101111, 'brand', (r) => r.brand],
      [0b110111, 'colour', (r) => r.colour],
      [0b111011, 'size', (r) => r.size],
      [0b111101, 'material', (r) => r.material],
      [0b111110, 'price', (r) => (r.band === null ? null : String(r.band))],
      [0b111111, 'total', () => null],
    ];
    const out: FacetRow[] = [];
    for (const row of rows) {
      const dimension = dimensions.find(([mask]) => mask === row.grp);
      if (dimension) out.push({ dimension: dimension[1], value: dimension[2](row), count: row.count });
    }
    return out;
  }

  /** One product, through the client or inside a transaction. */
  async function findProductWith(client: Pick<CatalogDb, '$queryRaw'>, ref: { id: string } | { slug: string }): Promise<ProductRow | null> {
    const condition = 'id' in ref ? Prisma.sql`p.id = ${ref.id}::uuid` : Prisma.sql`p.slug = ${ref.slug}`;
    const rows = await client.$queryRaw<ProductRow[]>`SELECT ${PRODUCT_COLUMNS} FROM catalog.products p WHERE ${condition}`;
    return rows[0] ?? null;
  }
  const findProduct = (ref: { id: string } | { slug: string }) => findProductWith(db, ref);

  async function applyStockLevels(updates: StockLevelUpdate[]): Promise<{ sku: string; available: number; previous: number | null }[]> {
    if (updates.length === 0) return [];
    const values = [updates.map((u) => u.sku), updates.map((u) => u.available), updates.map((u) => u.version)];
    return run('catalog_apply_stock_levels', APPLY_STOCK_LEVELS_SQL, values);
  }

  return {
    /** Current prices and availability, never cached (cart and orders price lines with it). */
    productsByIds: (ids: string[]): Promise<ProductSummaryRow[]> => run('catalog_products_by_ids', PRODUCTS_BY_IDS_SQL, [ids]),
    /** A page of every product's facts in id order, keyset after `after` (recommendations' full sync). */
    async productFactsPage(after: string | null, limit: number): Promise<ProductFactsRow[]> {
      return run('catalog_product_facts_page', PRODUCT_FACTS_PAGE_SQL, [after, limit]);
    },
    async productsBySkus(skus: string[]): Promise<ProductSummaryRow[]> {
      return db.$queryRaw<ProductSummaryRow[]>`SELECT ${Prisma.raw(SUMMARY_COLUMNS)} FROM catalog.products p WHERE p.sku = ANY(${skus}::text[])`;
    },

    /**
     * Applies an announced stock level when it is newer than the one kept (events may arrive
     * twice or out of order). Returns null when ignored, else the previous available units (null
     * when the SKU was unknown) so the caller can tell whether the product changed in/out of stock.
     */
    async applyStockLevel(update: StockLevelUpdate): Promise<{ previous: number | null } | null> {
      const [row] = await applyStockLevels([update]);
      return row ? { previous: row.previous } : null;
    },

    /** The same for a batch of updates, in one statement; returns the SKUs that changed. */
    applyStockLevels,

    /** Active products with these ids (any order; unknown, draft and archived ones absent). */
    async activeProductsByIds(ids: string[]): Promise<ProductListRow[]> {
      return db.$queryRaw<ProductListRow[]>`SELECT ${LIST_COLUMNS} FROM catalog.products p WHERE p.id = ANY(${ids}::uuid[]) AND p.status = 'active'`;
    },

    /** Up to `take` journal rows after the position (txid, seq), and the current horizon (see PRODUCT_CHANGES_SQL). */
    async productChanges(after: { txid: string; seq: string }, take: number): Promise<{ horizon: string; changes: ProductChangeRow[] }> {
      const [row] = await run<{ horizon: string; changes: ProductChangeRow[] }>('catalog_product_changes', PRODUCT_CHANGES_SQL, [after.txid, after.seq, take]);
      if (!row) throw new Error('product changes query returned nothing');
      return row;
    },

    /** The current horizon: where a reader without a position starts. */
    async changesHorizon(): Promise<string> {
      const [row] = await run<{ horizon: string }>('catalog_changes_horizon', 'SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon', []);
      if (!row) throw new Error('horizon query returned nothing');
      return row.horizon;
    },

    async listCategories(): Promise<CategoryRow[]> {
      return db.$queryRaw<CategoryRow[]>`
        SELECT c.id::text AS id, c.slug, c.name, c.parent_id::text AS "parentId", c.position,
               coalesce(n.count, 0)::int AS "activeProducts"
        FROM catalog.categories c
        LEFT JOIN (SELECT category_id, count(*) AS count FROM catalog.products WHERE status = 'active' GROUP BY category_id) n
          ON n.category_id = c.id
        ORDER BY c.position, c.name`;
    },

    listProducts,
    facets,

    /**
     * The facet columns of every active product, or null when there are more than `max` (the
     * service then counts facets in SQL). One row per product, a few dozen bytes each.
     */
    async facetEntries(max: number): Promise<FacetEntry[] | null> {
      const rows = await db.$queryRaw<FacetEntry[]>`
        SELECT p.category_id::text AS "categoryId", p.brand, p.attributes ->> 'colour' AS colour, p.attributes ->> 'size' AS size,
               p.attributes ->> 'material' AS material, p.price_amount AS "priceAmount",
               EXISTS (SELECT 1 FROM catalog.stock_levels sl WHERE sl.sku = p.sku AND sl.available > 0) AS "inStock"
        FROM catalog.products p WHERE p.status = 'active' LIMIT ${max + 1}::int`;
      return rows.length > max ? null : rows;
    },

    findProduct,

    async imageFacts(slug: string): Promise<{ name: string; colour: string | null; status: ProductStatus } | null> {
      const rows = await db.$queryRaw<{ name: string; colour: string | null; status: ProductStatus }[]>`
        SELECT name, attributes ->> 'colour' AS colour, status::text AS status FROM catalog.products WHERE slug = ${slug}`;
      return rows[0] ?? null;
    },

    /**
     * Which of these words the dictionary knows, as written or by English stem; `prefix` (the
     * word being typed) also counts as known when some dictionary word starts with it.
     */
    async knownWords(words: string[], prefix: string | null): Promise<Set<string>> {
      if (words.length === 0) return new Set();
      const rows = await db.$queryRaw<{ word: string }[]>`
        SELECT w.word FROM unnest(${words}::text[]) AS w(word)
        WHERE EXISTS (
          SELECT 1 FROM catalog.search_terms s
          WHERE s.word = w.word OR s.lexeme = coalesce((ts_lexize('english_stem', w.word))[1], w.word)
             OR (w.word = ${prefix}::text AND starts_with(s.word, w.word))
        )`;
      return new Set(rows.map((r) => r.word));
    },

    /** Whether any active product matches the full-text query (decides the trigram fallback). */
    async anyFullTextMatch(tsquery: string): Promise<boolean> {
      const rows = await db.$queryRaw<{ found: boolean }[]>`
        SELECT EXISTS (
          SELECT 1 FROM catalog.products p
          WHERE p.search_vector @@ to_tsquery('english'::regconfig, ${tsquery}) AND p.status = 'active'
        ) AS found`;
      return rows[0]?.found ?? false;
    },

    /** Up to five most similar dictionary words per input word (trigram index on search_terms). */
    async correctionCandidates(words: string[]): Promise<Map<string, CorrectionCandidate[]>> {
      const result = new Map<string, CorrectionCandidate[]>(words.map((w) => [w, []]));
      if (words.length === 0) return result;
      const rows = await db.$queryRaw<{ input: string; word: string; similarity: number; documents: number }[]>`
        SELECT w.word AS input, c.word, c.similarity, c.documents
        FROM unnest(${words}::text[]) AS w(word)
        CROSS JOIN LATERAL (
          SELECT s.word, public.similarity(s.word, w.word)::float8 AS similarity, s.documents
          FROM catalog.search_terms s
          WHERE s.word OPERATOR(public.%) w.word
          ORDER BY public.similarity(s.word, w.word) DESC, s.documents DESC, s.word
          LIMIT 5
        ) c`;
      for (const row of rows) result.get(row.input)?.push({ word: row.word, similarity: row.similarity, documents: row.documents });
      return result;
    },

    async refreshSearchTerms(): Promise<void> {
      await db.$executeRaw`SELECT catalog.refresh_search_terms()`;
    },

    /** The product and the events announcing it, in one transaction. */
    async createProduct(data: ProductWrite & { id: string }, events: (product: ProductRow) => OutboxEventRow[] = () => []): Promise<WriteResult> {
      try {
        const product = await db.$transaction(async (tx) => {
          await tx.product.create({
            data: {
              id: data.id,
              sku: data.sku,
              slug: data.slug,
              name: data.name,
              description: data.description,
              priceAmount: data.priceAmount,
              status: data.status,
              categoryId: data.categoryId,
              brand: data.brand,
              attributes: data.attributes,
              images: data.images,
              maxPerOrder: data.maxPerOrder,
              maxPerCustomer: data.maxPerCustomer,
            },
            select: { id: true },
          });
          const created = await findProductWith(tx, { id: data.id });
          if (!created) throw new Error('created product vanished');
          await tx.outboxEvent.createMany({ data: events(created).map(outboxRowData) });
          return created;
        });
        return { ok: true, product };
      } catch (error) {
        const conflict = uniqueConflict(error);
        if (conflict) return { ok: false, conflict };
        throw error;
      }
    },

    /**
     * The change and the events announcing it, in one transaction. The row is locked first, so
     * `events` compares the product as it really was before this write (concurrent admin edits
     * each see the other's result).
     */
    async updateProduct(
      id: string,
      patch: Partial<ProductWrite>,
      events: (before: ProductBefore, after: ProductRow) => OutboxEventRow[] = () => [],
    ): Promise<WriteResult> {
      try {
        const product = await db.$transaction(async (tx) => {
          const [before] = await tx.$queryRaw<ProductBefore[]>`SELECT ${PRODUCT_COLUMNS} FROM catalog.products p WHERE p.id = ${id}::uuid FOR UPDATE OF p`;
          if (!before) return null;
          await tx.product.update({ where: { id }, data: { ...patch, updatedAt: new Date() }, select: { id: true } });
          const after = await findProductWith(tx, { id });
          if (!after) return null;
          await tx.outboxEvent.createMany({ data: events(before, after).map(outboxRowData) });
          return after;
        });
        return product ? { ok: true, product } : { ok: false, notFound: true };
      } catch (error) {
        const conflict = uniqueConflict(error);
        if (conflict) return { ok: false, conflict };
        throw error;
      }
    },

    /**
     * The admin table: one numbered page of products in every status (or one), and how many match.
     * `q` matches a part of the name, SKU or brand (trigram indexes serve the ILIKEs); the sorts
     * read the (status, …) and (updated_at, id) b-trees when no filter narrows the set first.
     */
    async searchProducts(filter: ProductSearchFilter): Promise<{ rows: ProductListRow[]; total: number }> {
      const conditions: Prisma.Sql[] = [Prisma.sql`true`];
      if (filter.q) {
        const contains = `%${likeLiteral(filter.q)}%`;
        conditions.push(Prisma.sql`(p.name ILIKE ${contains} OR p.sku ILIKE ${contains} OR p.brand ILIKE ${contains})`);
      }
      if (filter.status) conditions.push(Prisma.sql`p.status = ${filter.status}::catalog.product_status`);
      if (filter.categoryIds) conditions.push(Prisma.sql`p.category_id = ANY(${filter.categoryIds}::uuid[])`);
      if (filter.minPrice !== null) conditions.push(Prisma.sql`p.price_amount >= ${filter.minPrice}::int`);
      if (filter.maxPrice !== null) conditions.push(Prisma.sql`p.price_amount <= ${filter.maxPrice}::int`);
      if (filter.inStock !== null) {
        const inStock = Prisma.sql`EXISTS (SELECT 1 FROM catalog.stock_levels sl WHERE sl.sku = p.sku AND sl.available > 0)`;
        conditions.push(filter.inStock ? inStock : Prisma.sql`NOT ${inStock}`);
      }
      const where = Prisma.join(conditions, ' AND ');
      const [rows, count] = await Promise.all([
        db.$queryRaw<ProductListRow[]>`SELECT ${LIST_COLUMNS} FROM catalog.products p WHERE ${where}
          ORDER BY ${Prisma.raw(SEARCH_ORDER[filter.sort])} LIMIT ${filter.limit}::int OFFSET ${filter.offset}::int`,
        db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM catalog.products p WHERE ${where}`,
      ]);
      return { rows, total: count[0]?.total ?? 0 };
    },

    /** Products by id in any status, with their descriptions (a bulk preview). */
    async productsForBulk(ids: string[]): Promise<ProductRow[]> {
      return db.$queryRaw<ProductRow[]>`SELECT ${PRODUCT_COLUMNS} FROM catalog.products p WHERE p.id = ANY(${ids}::uuid[])`;
    },

    /**
     * A bulk change, all or nothing: locks the products (in id order, so two bulk changes cannot
     * deadlock), lets `decide` check them and say what to write (it throws to refuse: nothing is
     * written), writes every change in one statement, then the events of each changed product.
     */
    async bulkUpdate(
      ids: string[],
      decide: (locked: ProductRow[]) => BulkProductChange[],
      events: (before: ProductBefore, after: ProductRow) => OutboxEventRow[],
    ): Promise<{ changed: number }> {
      return db.$transaction(
        async (tx) => {
          const locked = await tx.$queryRaw<ProductRow[]>`
            SELECT ${PRODUCT_COLUMNS} FROM catalog.products p WHERE p.id = ANY(${ids}::uuid[]) ORDER BY p.id FOR UPDATE OF p`;
          const changes = decide(locked);
          if (changes.length === 0) return { changed: 0 };
          await tx.$executeRaw`
            UPDATE catalog.products p
               SET price_amount = c.price, status = c.status::catalog.product_status, category_id = c.category, updated_at = now()
              FROM unnest(${changes.map((c) => c.id)}::uuid[], ${changes.map((c) => c.priceAmount)}::int[],
                          ${changes.map((c) => c.status)}::text[], ${changes.map((c) => c.categoryId)}::uuid[]) AS c(id, price, status, category)
             WHERE p.id = c.id`;
          const after = await tx.$queryRaw<ProductRow[]>`
            SELECT ${PRODUCT_COLUMNS} FROM catalog.products p WHERE p.id = ANY(${changes.map((c) => c.id)}::uuid[])`;
          const before = new Map(locked.map((row) => [row.id, row]));
          const rows = after.flatMap((row) => events(before.get(row.id)!, row));
          await tx.outboxEvent.createMany({ data: rows.map(outboxRowData) });
          return { changed: changes.length };
        },
        { timeout: 30_000 },
      );
    },

    async productStatus(id: string): Promise<ProductStatus | null> {
      const row = await db.product.findUnique({ where: { id }, select: { status: true } });
      return row?.status ?? null;
    },

    ...categoryWrites(db),
    ...productImportStore(db),
  };
}

export type CatalogRepository = ReturnType<typeof createCatalogRepository>;

/** Maps a unique-constraint violation to the field that collided. */
function uniqueConflict(error: unknown): 'sku' | 'slug' | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') return null;
  const text = JSON.stringify(error.meta ?? {}) + error.message;
  if (text.includes('sku')) return 'sku';
  if (text.includes('slug')) return 'slug';
  return 'sku';
}

// ---- Uploaded images (uploads.ts): in the caller's transaction, on a pg client. ---------------

type SqlExecutor = Pick<pg.ClientBase, 'query'>;

/** What adding an image reads of a product (locked for the rest of the transaction); null when there is none. */
export interface ProductForImages {
  id: string;
  sku: string;
  slug: string;
  name: string;
  categoryId: string;
  brand: string | null;
  priceAmount: number;
  currency: string;
  status: ProductStatus;
  images: { url: string; alt: string }[] | null;
}

export async function lockProductImages(db: SqlExecutor, productId: string): Promise<ProductForImages | null> {
  const { rows } = await db.query<ProductForImages>(
    `SELECT id::text, sku, slug, name, category_id::text AS "categoryId", brand, price_amount AS "priceAmount", currency,
            status::text AS status, images
       FROM catalog.products WHERE id = $1::uuid FOR UPDATE`,
    [productId],
  );
  return rows[0] ?? null;
}

export async function saveProductImages(db: SqlExecutor, productId: string, images: readonly { url: string; alt: string }[]): Promise<void> {
  await db.query(`UPDATE catalog.products SET images = $2::jsonb, updated_at = now() WHERE id = $1::uuid`, [productId, JSON.stringify(images)]);
}

// ---------------------------------------------------------------------------------------------
// Category maintenance (categories.ts decides; this only reads and writes)

/** A category as staff maintain it: counts of every product in it (any status) and of its children. */
export interface CategoryAdminRow {
  id: string;
  slug: string;
  name: string;
  parentId: string | null;
  position: number;
  products: number;
  archivedProducts: number;
  children: number;
}

/** What a category write may do inside its transaction (every category write holds one lock). */
export interface CategoryTx {
  /** Every category with its counts, in tree order per parent (position, name). */
  all(): Promise<CategoryAdminRow[]>;
  insert(row: { id: string; slug: string; name: string; parentId: string | null; position: number }): Promise<void>;
  update(id: string, patch: { slug?: string; name?: string; parentId?: string | null; position?: number }): Promise<void>;
  remove(id: string): Promise<void>;
  /** Sets each category's position to its index in `ids`. */
  setPositions(ids: readonly string[]): Promise<void>;
  events(rows: OutboxEventRow[]): Promise<void>;
}

const CATEGORY_ADMIN_SQL = Prisma.sql`
  SELECT c.id::text AS id, c.slug, c.name, c.parent_id::text AS "parentId", c.position,
         (SELECT count(*) FROM catalog.products p WHERE p.category_id = c.id)::int AS products,
         (SELECT count(*) FROM catalog.products p WHERE p.category_id = c.id AND p.status = 'archived')::int AS "archivedProducts",
         (SELECT count(*) FROM catalog.categories k WHERE k.parent_id = c.id)::int AS children
    FROM catalog.categories c
   ORDER BY c.position, c.name, c.id`;

/** Thrown by a category write on a unique slug: mapped to a 409 by the service. */
export class SlugTaken extends Error {}

function categoryWrites(db: CatalogDb) {
  return {
    /** Categories with staff counts (outside any write). */
    categoriesForStaff: () => db.$queryRaw<CategoryAdminRow[]>(CATEGORY_ADMIN_SQL),

    /**
     * One category write: a transaction holding a transaction-level advisory lock, so category
     * writes run one at a time (the depth rule and sibling positions are decided on what this
     * transaction sees, never on a concurrent write's half).
     */
    async categoryWrite<T>(work: (tx: CategoryTx) => Promise<T>): Promise<T> {
      try {
        return await db.$transaction(async (client) => {
          await client.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('catalog.categories'))`;
          const tx: CategoryTx = {
            all: () => client.$queryRaw<CategoryAdminRow[]>(CATEGORY_ADMIN_SQL),
            async insert(row) {
              await client.category.create({ data: row, select: { id: true } });
            },
            async update(id, patch) {
              await client.category.update({ where: { id }, data: patch, select: { id: true } });
            },
            async remove(id) {
              await client.category.delete({ where: { id }, select: { id: true } });
            },
            async setPositions(ids) {
              if (ids.length === 0) return;
              // WITH ORDINALITY counts from 1; positions count from 0.
              await client.$executeRaw`
                UPDATE catalog.categories c SET position = (t.ord - 1)::int
                  FROM unnest(${[...ids]}::uuid[]) WITH ORDINALITY AS t(id, ord)
                 WHERE c.id = t.id AND c.position <> (t.ord - 1)::int`;
            },
            async events(rows) {
              if (rows.length) await client.outboxEvent.createMany({ data: rows.map(outboxRowData) });
            },
          };
          return work(tx);
        });
      } catch (error) {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new SlugTaken('slug');
        throw error;
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Product CSV import and export (product-import.ts decides; this only reads and writes)

/** What an import may do inside its one transaction. */
export interface ImportTx {
  /** The products with these SKUs, locked until the import ends. */
  lockBySkus(skus: readonly string[]): Promise<ProductRow[]>;
  /** Which of these slugs some product already has. */
  slugsTaken(slugs: readonly string[]): Promise<Set<string>>;
  createMany(rows: readonly (ProductWrite & { id: string })[]): Promise<void>;
  update(id: string, patch: Partial<ProductWrite>): Promise<void>;
  byIds(ids: readonly string[]): Promise<ProductRow[]>;
  events(rows: OutboxEventRow[]): Promise<void>;
}

/** A product as the CSV export writes it. */
export interface ExportProductRow {
  id: string;
  sku: string;
  name: string;
  description: string;
  priceAmount: number;
  currency: string;
  categorySlug: string;
  brand: string | null;
  status: ProductStatus;
  attributes: Record<string, string>;
}

function productImportStore(db: CatalogDb) {
  const bySkus = (client: Pick<CatalogDb, '$queryRaw'>, skus: readonly string[], lock: boolean) =>
    client.$queryRaw<ProductRow[]>`SELECT ${PRODUCT_COLUMNS} FROM catalog.products p WHERE p.sku = ANY(${[...skus]}::text[])
      ${lock ? Prisma.sql`ORDER BY p.sku FOR UPDATE OF p` : Prisma.empty}`;
  const slugsTaken = async (client: Pick<CatalogDb, '$queryRaw'>, slugs: readonly string[]) =>
    new Set(
      (await client.$queryRaw<{ slug: string }[]>`SELECT slug FROM catalog.products WHERE slug = ANY(${[...slugs]}::text[])`).map((row) => row.slug),
    );
  return {
    /** Products by SKU (what a preview compares the file with). */
    productsForImport: (skus: readonly string[]) => bySkus(db, skus, false),
    slugsTaken: (slugs: readonly string[]) => slugsTaken(db, slugs),

    /** The whole import in one transaction: all of it is written, or (on any throw) none of it. */
    async importWrite<T>(work: (tx: ImportTx) => Promise<T>): Promise<T> {
      return db.$transaction(
        async (client) => {
          const tx: ImportTx = {
            lockBySkus: (skus) => bySkus(client, skus, true),
            slugsTaken: (slugs) => slugsTaken(client, slugs),
            async createMany(rows) {
              if (rows.length) await client.product.createMany({ data: rows.map((row) => ({ ...row })) });
            },
            async update(id, patch) {
              await client.product.update({ where: { id }, data: { ...patch, updatedAt: new Date() }, select: { id: true } });
            },
            byIds: (ids) => client.$queryRaw<ProductRow[]>`SELECT ${PRODUCT_COLUMNS} FROM catalog.products p WHERE p.id = ANY(${[...ids]}::uuid[])`,
            async events(rows) {
              if (rows.length) await client.outboxEvent.createMany({ data: rows.map(outboxRowData) });
            },
          };
          return work(tx);
        },
        // A 10,000-row file is a few seconds of writes, well past the default 5 s.
        { timeout: 120_000, maxWait: 10_000 },
      );
    },

    /** One page of the export in SKU order after `afterSku` (keyset), optionally one status and categories. */
    exportPage(filter: { afterSku: string | null; take: number; status: ProductStatus | null; categoryIds: string[] | null }): Promise<ExportProductRow[]> {
      const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
      if (filter.afterSku !== null) conditions.push(Prisma.sql`p.sku > ${filter.afterSku}`);
      if (filter.status !== null) conditions.push(Prisma.sql`p.status = ${filter.status}::catalog.product_status`);
      if (filter.categoryIds) conditions.push(Prisma.sql`p.category_id = ANY(${filter.categoryIds}::uuid[])`);
      return db.$queryRaw<ExportProductRow[]>`
        SELECT p.id::text AS id, p.sku, p.name, p.description, p.price_amount AS "priceAmount", p.currency, c.slug AS "categorySlug",
               p.brand, p.status::text AS status, p.attributes
          FROM catalog.products p JOIN catalog.categories c ON c.id = p.category_id
         WHERE ${Prisma.join(conditions, ' AND ')}
         ORDER BY p.sku LIMIT ${filter.take}::int`;
    },
  };
}
