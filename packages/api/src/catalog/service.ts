import { randomUUID } from 'node:crypto';
import { outboxEvent, type OutboxEventRow } from '../events/index.js';
import { auditChanges, auditEvent } from '../runtime/audit.js';
import { requirePermission, type AuthUser } from '../runtime/auth.js';
import type { Permission } from '@omnicart/contracts';
import { DomainError } from '../runtime/errors.js';
import { slugify as seedSlugify } from '@omnicart/db/seed';
import { ReadCache } from './cache.js';
import { decodeCursor, encodeCursor, type SortKey } from './cursor.js';
import { imageUrlProblem } from './image-url.js';
import { productImagePath, renderProductSvg } from './images.js';
import { buildTsQuery, filterFingerprint, filterKey, normalizeListInput, pageKey, type ProductQuery } from './query.js';
import {
  PRICE_BANDS,
  type CatalogRepository,
  type CategoryRow,
  type FacetEntry,
  type FacetRow,
  type BulkProductChange,
  type ProductBefore,
  type ProductFilter,
  type ProductListRow,
  type ProductRow,
  type ProductSummaryRow,
  type ProductWrite,
  type StockLevelUpdate,
} from './repository.js';
import type { ProductFactsPage, ProductStatus } from './schemas.js';
import { MAX_PRICE } from './schemas.js';
import type {
  BulkAction,
  BulkApplyInput,
  BulkApplyResult,
  BulkPreview,
  BulkPreviewInput,
  BulkPreviewItem,
  ChangesSinceInput,
  ProductSearchPage,
  SearchProductsInput,
  CategoryNode,
  CreateProductInput,
  Facets,
  ListProductsInput,
  ProductDto,
  ProductChanges,
  ProductList,
  ProductListItem,
  ProductPage,
  ProductSummary,
  UpdateProductInput,
} from './schemas.js';
import { catalogAudit, productArchived, productCreated, productUpdated } from './events.js';
import { DEFAULT_SIMILARITY_THRESHOLD, isCorrectable, pickCorrection } from './typo.js';
import { createCategoryAdmin } from './categories.js';
import { createProductImport } from './product-import.js';

export interface CatalogServiceOptions {
  /** Called after a commit that wrote outbox rows (the relay publishes them soon). */
  outboxWritten?: () => void;
  /**
   * Read-cache lifetime in ms (0 disables it). Consistency trade-off: list, facet, detail and
   * category reads may be served from this process's memory for up to this long. A write in
   * this process clears the cache at once (read-your-writes for one instance); a write made by
   * another catalog replica becomes visible here within the TTL. Browsing tolerates that;
   * anything that must be exact (e.g. pricing an order) must read through an uncached path.
   */
  cacheTtlMs?: number;
  cacheMaxEntries?: number;
  /** Minimum pg_trgm similarity for a typo correction. */
  similarityThreshold?: number;
  /** Hosts an https image URL may name (CATALOG_IMAGE_HOSTS); empty or absent: only our own image paths. */
  imageHosts?: readonly string[];
  /**
   * Facet counts of keyword-free listings come from an in-memory index of every active product's
   * facet columns (refreshed like the read cache) while the catalog has at most this many active
   * products; beyond it (or with 0, or with the read cache off) they are counted in SQL.
   */
  facetIndexMaxProducts?: number;
}

/** A FacetEntry ready for counting: lower-cased filter keys and its price band. */
interface IndexedFacetEntry extends FacetEntry {
  keys: Record<'brand' | 'colour' | 'size' | 'material', string | null>;
  band: number;
}

/** width_bucket(price, PRICE_BANDS): how many band bounds the price reaches. */
function priceBand(amount: number): number {
  let band = 0;
  for (const bound of PRICE_BANDS) if (amount >= bound) band++;
  return band;
}

const FACET_DIMENSIONS = ['brand', 'colour', 'size', 'material'] as const;

/** The facet index: every active product's entry, and the same entries grouped by category. */
export interface FacetIndex {
  all: readonly IndexedFacetEntry[];
  byCategory: ReadonlyMap<string, readonly IndexedFacetEntry[]>;
}

export function indexFacetEntries(entries: FacetEntry[]): FacetIndex {
  const all = entries.map((entry) => ({
    ...entry,
    keys: {
      brand: entry.brand?.toLowerCase() ?? null,
      colour: entry.colour?.toLowerCase() ?? null,
      size: entry.size?.toLowerCase() ?? null,
      material: entry.material?.toLowerCase() ?? null,
    },
    band: priceBand(entry.priceAmount),
  }));
  const byCategory = new Map<string, IndexedFacetEntry[]>();
  for (const entry of all) {
    const group = byCategory.get(entry.categoryId);
    if (group) group.push(entry);
    else byCategory.set(entry.categoryId, [entry]);
  }
  return { all, byCategory };
}

/**
 * The facet rows `repository.facets` would return for a keyword-free filter, counted over the
 * in-memory index with the same rules as its SQL (category subtree, inclusive price range,
 * case-insensitive attribute values, availability). A category listing scans only its subtree's
 * entries (most listings are one category of many).
 */
export function countFacets(index: FacetIndex, filter: ProductFilter): FacetRow[] {
  const entries = filter.categoryIds ? [...new Set(filter.categoryIds)].flatMap((id) => index.byCategory.get(id) ?? []) : index.all;
  const counts = { category: new Map<string, number>(), brand: new Map<string | null, number>(), colour: new Map<string | null, number>(), size: new Map<string | null, number>(), material: new Map<string | null, number>(), price: new Map<string, number>() };
  const add = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);
  let total = 0;
  for (const entry of entries) {
    if (filter.minPrice !== null && entry.priceAmount < filter.minPrice) continue;
    if (filter.maxPrice !== null && entry.priceAmount > filter.maxPrice) continue;
    if (filter.inStock !== null && entry.inStock !== filter.inStock) continue;
    let matches = true;
    for (const dimension of FACET_DIMENSIONS) {
      const wanted = filter[dimension];
      const key = entry.keys[dimension];
      if (wanted.length && (key === null || !wanted.includes(key))) {
        matches = false;
        break;
      }
    }
    if (!matches) continue;
    total++;
    add(counts.category, entry.categoryId);
    add(counts.brand, entry.brand);
    add(counts.colour, entry.colour);
    add(counts.size, entry.size);
    add(counts.material, entry.material);
    add(counts.price, String(entry.band));
  }
  const rows: FacetRow[] = [];
  for (const dimension of ['category', ...FACET_DIMENSIONS, 'price'] as const) {
    for (const [value, count] of counts[dimension]) rows.push({ dimension, value, count });
  }
  rows.push({ dimension: 'total', value: null, count: total });
  return rows;
}

interface CategoryIndex {
  rows: CategoryRow[];
  byId: Map<string, CategoryRow>;
  bySlug: Map<string, CategoryRow>;
  /** Category id → itself and all its descendants. */
  subtree: Map<string, string[]>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The seed's slug rules (one definition for seeded and admin-created products), capped in length. */
export function slugify(text: string): string {
  return seedSlugify(text).slice(0, 180).replace(/-+$/g, '');
}

/** Staff who may read the catalog as merchants do: archived products and stock quantities. */
function isCatalogStaff(viewer: AuthUser | null | undefined): boolean {
  return Boolean(viewer?.permissions.includes('products:read'));
}

/** Products as a viewer may see them: the stock quantity is for staff only. */
function forViewer<T extends ProductListItem>(product: T, viewer: AuthUser | null | undefined): T {
  if (isCatalogStaff(viewer)) return product;
  const { stockQuantity: _stockQuantity, ...visible } = product;
  return visible as T;
}

/** A page as everyone but admins sees it (what the read cache keeps: admins read past it). */
function publicPage(page: ProductPage): ProductPage {
  return { ...page, items: page.items.map((item) => forViewer(item, null)) };
}

function assertAdmin(actor: AuthUser | null): asserts actor is AuthUser {
  assertStaff(actor, 'products:write');
}

function assertStaff(actor: AuthUser | null, permission: Permission): asserts actor is AuthUser {
  if (!actor) throw new DomainError('UNAUTHORIZED', 'Authentication required: send a Bearer access token');
  requirePermission(actor, permission);
}

/** The fields an audit entry compares (price in cents, the category by id). */
const AUDIT_FIELDS = ['sku', 'slug', 'name', 'description', 'price', 'status', 'categoryId', 'brand', 'attributes', 'images', 'maxPerOrder', 'maxPerCustomer'] as const;
type AuditSnapshot = Record<(typeof AUDIT_FIELDS)[number], unknown>;
const auditSnapshot = (row: ProductRow): AuditSnapshot => ({
  sku: row.sku,
  slug: row.slug,
  name: row.name,
  description: row.description,
  price: row.priceAmount,
  status: row.status,
  categoryId: row.categoryId,
  brand: row.brand,
  attributes: row.attributes,
  images: row.images,
  maxPerOrder: row.maxPerOrder ?? null,
  maxPerCustomer: row.maxPerCustomer ?? null,
});

/**
 * The audit entry of a product write (none when nothing changed): `created`, `archived` (moved
 * into archived), `restored` (moved out of it) or `updated`, with the changed fields.
 */
function productAudit(before: ProductRow | null, after: ProductRow): OutboxEventRow[] {
  const changes = auditChanges(before ? auditSnapshot(before) : null, auditSnapshot(after), AUDIT_FIELDS);
  if (before && changes.length === 0) return [];
  const action = !before
    ? 'created'
    : after.status === 'archived' && before.status !== 'archived'
      ? 'archived'
      : before.status === 'archived' && after.status !== 'archived'
        ? 'restored'
        : 'updated';
  return [auditEvent(catalogAudit, { entityType: 'product', entityId: after.id, action, label: after.name, changes })];
}

/** A bulk change's effect on one product: what it would write, or why it is refused. */
export interface BulkPlan {
  outcome: 'change' | 'unchanged' | 'refused';
  reason: string | null;
  after: { priceAmount: number; status: ProductStatus; categoryId: string };
}

const dollars = (cents: number) => `$${(cents / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;

/**
 * A price changed by a percentage, in integer cents: amount × (10000 + basis points) / 10000,
 * rounded half up to the cent (12.5 % on $0.99 → 111.375 → $1.11; −10 % on $0.05 → 4.5 → $0.05).
 */
export function changedPrice(amount: number, percent: number): number {
  const basisPoints = Math.round(percent * 100);
  const scaled = amount * (10_000 + basisPoints); // < 2^53: amount ≤ 1e8, factor ≤ 110,000
  return Math.floor((2 * scaled + 10_000) / 20_000);
}

/** What `action` would do to one product (pure; the preview and the apply both use it). */
export function planBulkChange(product: Pick<ProductRow, 'priceAmount' | 'status' | 'categoryId'>, action: BulkAction, categoryId?: string): BulkPlan {
  const current = { priceAmount: product.priceAmount, status: product.status, categoryId: product.categoryId };
  switch (action.kind) {
    case 'set_status':
      return action.status === product.status
        ? { outcome: 'unchanged', reason: null, after: current }
        : { outcome: 'change', reason: null, after: { ...current, status: action.status } };
    case 'move_category':
      return categoryId === undefined || categoryId === product.categoryId
        ? { outcome: 'unchanged', reason: null, after: current }
        : { outcome: 'change', reason: null, after: { ...current, categoryId } };
    case 'change_price': {
      const price = changedPrice(product.priceAmount, action.percent);
      if (price < 1) return { outcome: 'refused', reason: `The new price would be ${dollars(Math.max(price, 0))}: a price must be at least $0.01`, after: current };
      if (price > MAX_PRICE) return { outcome: 'refused', reason: `The new price would be ${dollars(price)}: above the highest price, ${dollars(MAX_PRICE)}`, after: current };
      return price === product.priceAmount
        ? { outcome: 'unchanged', reason: null, after: current }
        : { outcome: 'change', reason: null, after: { ...current, priceAmount: price } };
    }
  }
}

function buildCategoryIndex(rows: CategoryRow[]): CategoryIndex {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const bySlug = new Map(rows.map((r) => [r.slug, r]));
  const children = new Map<string, string[]>();
  for (const row of rows) {
    if (row.parentId) children.set(row.parentId, [...(children.get(row.parentId) ?? []), row.id]);
  }
  const subtree = new Map<string, string[]>();
  const collect = (id: string, seen: Set<string>): string[] => {
    if (seen.has(id)) return [];
    seen.add(id);
    return [id, ...(children.get(id) ?? []).flatMap((child) => collect(child, seen))];
  };
  for (const row of rows) subtree.set(row.id, collect(row.id, new Set()));
  return { rows, byId, bySlug, subtree };
}

const productFacts = (product: Pick<ProductRow, 'id' | 'sku' | 'slug' | 'name' | 'categoryId' | 'brand'>) => ({
  productId: product.id,
  sku: product.sku,
  slug: product.slug,
  name: product.name,
  categoryId: product.categoryId,
  brand: product.brand,
});
const priceOf = (product: Pick<ProductRow, 'priceAmount' | 'currency'>) => ({ amount: product.priceAmount, currency: product.currency });
const COMPARED_FIELDS = ['sku', 'slug', 'name', 'priceAmount', 'status', 'categoryId', 'brand'] as const;

/**
 * What an update announces: `product_updated` with the fields that changed (and the old and new
 * price and status), plus `product_archived` when it moved the product into `archived`. Nothing
 * when the write changed none of the announced facts (e.g. only the description).
 */
function changeEvents(before: ProductBefore, after: ProductRow, actor: AuthUser | null): OutboxEventRow[] {
  const by = { actor: actor ? { type: 'user' as const, id: actor.id } : null };
  const changed = COMPARED_FIELDS.filter((field) => before[field] !== after[field]).map((field) => (field === 'priceAmount' ? 'price' : field));
  const events: OutboxEventRow[] = [];
  if (changed.length) {
    events.push(
      outboxEvent(productUpdated, {
        ...productFacts(after),
        changed,
        price: priceOf(after),
        previousPrice: priceOf(before),
        status: after.status,
        previousStatus: before.status,
      }, by),
    );
  }
  if (after.status === 'archived' && before.status !== 'archived') {
    events.push(outboxEvent(productArchived, { productId: after.id, sku: after.sku, slug: after.slug, previousStatus: before.status }, by));
  }
  return events;
}

export function createCatalogService(repository: CatalogRepository, options: CatalogServiceOptions = {}) {
  const outboxWritten = options.outboxWritten ?? (() => undefined);
  const ttl = options.cacheTtlMs ?? 2_000;
  const maxEntries = options.cacheMaxEntries ?? 2_000;
  const threshold = options.similarityThreshold ?? DEFAULT_SIMILARITY_THRESHOLD;
  const imageHosts = options.imageHosts ?? [];

  /** The input schema refused internal addresses already; the allow-list is configuration, so it is checked here. */
  function assertImageHosts(images: readonly { url: string }[] | undefined): void {
    images?.forEach((image, index) => {
      const problem = imageUrlProblem(image.url, imageHosts);
      if (problem) throw new DomainError('VALIDATION_FAILED', `images.${index}.url: ${problem}`, { field: `images.${index}.url` });
    });
  }
  const facetIndexMax = options.facetIndexMaxProducts ?? 50_000;

  const pages = new ReadCache<ProductPage>(maxEntries, ttl);
  const facetCache = new ReadCache<Facets>(maxEntries, ttl);
  const details = new ReadCache<ProductDto | null>(maxEntries, ttl);
  const lists = new ReadCache<ProductList>(maxEntries, ttl);
  const images = new ReadCache<string | null>(maxEntries, ttl);
  const corrections = new ReadCache<string[]>(maxEntries, Math.max(ttl, ttl > 0 ? 60_000 : 0));
  const categoryCache = new ReadCache<CategoryIndex>(1, ttl);
  const searchPlans = new ReadCache<{ mode: 'fulltext' | 'trigram'; tsquery: string }>(maxEntries, ttl);
  const facetIndex = new ReadCache<FacetIndex | null>(1, ttl);

  function clearCaches(): void {
    for (const cache of [pages, facetCache, details, lists, images, corrections, categoryCache, searchPlans, facetIndex]) cache.clear();
  }

  const loadCategories = () => categoryCache.getOrLoad('all', async () => buildCategoryIndex(await repository.listCategories()));

  async function categoryFor(row: ProductListRow, index: CategoryIndex): Promise<{ id: string; slug: string; name: string }> {
    let category = index.byId.get(row.categoryId);
    if (!category) {
      // A category created after the index was cached: reload once.
      categoryCache.clear();
      category = (await loadCategories()).byId.get(row.categoryId);
    }
    return category ? { id: category.id, slug: category.slug, name: category.name } : { id: row.categoryId, slug: '', name: '' };
  }

  /** A grid item (list, search, byIds): everything but the description. */
  async function toListItem(row: ProductListRow, index: CategoryIndex): Promise<ProductListItem> {
    return {
      id: row.id,
      sku: row.sku,
      slug: row.slug,
      name: row.name,
      price: { amount: row.priceAmount, currency: row.currency },
      status: row.status,
      category: await categoryFor(row, index),
      brand: row.brand,
      attributes: row.attributes ?? {},
      images: row.images ?? [],
      inStock: row.available > 0,
      // Admin reads only; `forViewer` strips it for everyone else.
      stockQuantity: row.available,
      maxPerOrder: row.maxPerOrder ?? null,
      maxPerCustomer: row.maxPerCustomer ?? null,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  /** The product detail: the grid item and its description. */
  async function toDto(row: ProductRow, index: CategoryIndex): Promise<ProductDto> {
    const { id, sku, slug, name, ...rest } = await toListItem(row, index);
    return { id, sku, slug, name, description: row.description, ...rest };
  }

  /** Replaces every correctable word the dictionary does not know by its closest known word. */
  async function correctWords(words: string[]): Promise<string[]> {
    const correctable = [...new Set(words.filter(isCorrectable))];
    if (correctable.length === 0) return words;
    return corrections.getOrLoad(words.join(' '), async () => {
      const last = words[words.length - 1] ?? null;
      const known = await repository.knownWords(correctable, last);
      const unknown = correctable.filter((w) => !known.has(w));
      if (unknown.length === 0) return words;
      const candidates = await repository.correctionCandidates(unknown);
      const replacement = new Map(unknown.map((w) => [w, pickCorrection(w, candidates.get(w) ?? [], threshold) ?? w]));
      return words.map((w) => replacement.get(w) ?? w);
    });
  }

  async function resolveFilter(query: ProductQuery, index: CategoryIndex): Promise<{ filter: ProductFilter; corrected: string[] }> {
    let categoryIds: string[] | null = null;
    if (query.category) {
      const category = index.bySlug.get(query.category);
      if (!category) throw new DomainError('NOT_FOUND', `Category '${query.category}' not found`);
      categoryIds = index.subtree.get(category.id) ?? [category.id];
    }
    let search: ProductFilter['search'] = null;
    const corrected = query.words.length ? await correctWords(query.words) : [];
    if (corrected.length) {
      // Every word if that finds something, else any word (ranking favours products matching
      // more of them), else trigram similarity on names.
      const all = buildTsQuery(corrected, '&');
      const any = buildTsQuery(corrected, '|');
      const plan = await searchPlans.getOrLoad(all, async () => {
        if (await repository.anyFullTextMatch(all)) return { mode: 'fulltext', tsquery: all } as const;
        if (corrected.length > 1 && (await repository.anyFullTextMatch(any))) return { mode: 'fulltext', tsquery: any } as const;
        return { mode: 'trigram', tsquery: all } as const;
      });
      search = { ...plan, text: corrected.join(' ') };
    }
    return {
      corrected,
      filter: { categoryIds, minPrice: query.minPrice, maxPrice: query.maxPrice, ...query.attributes, inStock: query.inStock, search },
    };
  }

  function toFacets(rows: FacetRow[], index: CategoryIndex): Facets {
    const facets: Facets = { total: 0, categories: [], brand: [], colour: [], size: [], material: [], price: [] };
    for (const row of rows) {
      if (row.dimension === 'total') {
        facets.total = row.count;
      } else if (row.dimension === 'category') {
        const category = row.value ? index.byId.get(row.value) : undefined;
        if (category) facets.categories.push({ id: category.id, slug: category.slug, name: category.name, count: row.count });
      } else if (row.dimension === 'price') {
        const band = Number(row.value);
        facets.price.push({ min: band === 0 ? 0 : PRICE_BANDS[band - 1]!, max: PRICE_BANDS[band] ?? null, count: row.count });
      } else if (row.value !== null) {
        facets[row.dimension].push({ value: row.value, count: row.count });
      }
    }
    const byCount = (a: { count: number; value: string }, b: { count: number; value: string }) =>
      b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
    for (const key of ['brand', 'colour', 'size', 'material'] as const) facets[key].sort(byCount);
    facets.categories.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    facets.price.sort((a, b) => a.min - b.min);
    return facets;
  }

  /**
   * Facet rows of a filter set. A listing without keywords is counted over the in-memory index
   * (one query per cache lifetime instead of an aggregate over the matching rows per filter set:
   * the aggregate was most of the database's work on a realistic mix of listings); a keyword
   * search, a catalog too big for the index or a disabled cache count in SQL.
   */
  async function facetRows(filter: ProductFilter): Promise<FacetRow[]> {
    if (filter.search || !facetIndex.enabled || facetIndexMax <= 0) return repository.facets(filter);
    const entries = await facetIndex.getOrLoad('active', async () => {
      const loaded = await repository.facetEntries(facetIndexMax);
      return loaded ? indexFacetEntries(loaded) : null;
    });
    return entries ? countFacets(entries, filter) : repository.facets(filter);
  }

  /** Cursor fingerprint: the filter set plus the search plan, so a plan change refuses old cursors. */
  const fingerprint = (query: ProductQuery, filter: ProductFilter) =>
    filterFingerprint(query) +
    (filter.search?.mode === 'trigram' ? '.t' : filter.search?.tsquery.includes('|') ? '.a' : '');

  async function loadPage(
    query: ProductQuery,
    after: { key: SortKey; id: string; filters: string } | null,
  ): Promise<ProductPage> {
    const index = await loadCategories();
    const { filter, corrected } = await resolveFilter(query, index);
    if (after && after.filters !== fingerprint(query, filter)) {
      throw new DomainError('VALIDATION_FAILED', 'cursor: The results changed shape since this cursor was issued; start from the first page');
    }
    const [{ rows, keys }, facets] = await Promise.all([
      repository.listProducts(filter, { sort: query.sort, after, take: query.limit + 1 }),
      facetCache.getOrLoad(filterKey(query), async () => toFacets(await facetRows(filter), index)),
    ]);
    const hasMore = rows.length > query.limit;
    const pageRows = hasMore ? rows.slice(0, query.limit) : rows;
    const last = pageRows[pageRows.length - 1];
    const lastKey = keys[pageRows.length - 1];
    const nextCursor =
      hasMore && last && lastKey !== undefined
        ? encodeCursor({ sort: query.sort, filters: fingerprint(query, filter), key: lastKey, id: last.id })
        : null;
    const correctedQuery = corrected.join(' ') !== query.words.join(' ') ? corrected.join(' ') : null;
    return { items: await Promise.all(pageRows.map((row) => toListItem(row, index))), nextCursor, facets, correctedQuery };
  }

  async function resolveCategory(ref: string, index?: CategoryIndex): Promise<CategoryRow> {
    const lookup = (i: CategoryIndex) => (UUID.test(ref) ? i.byId.get(ref.toLowerCase()) : i.bySlug.get(ref.toLowerCase()));
    let category = lookup(index ?? (await loadCategories()));
    if (!category) {
      categoryCache.clear();
      category = lookup(await loadCategories());
    }
    if (!category) throw new DomainError('VALIDATION_FAILED', `category: Unknown category '${ref}'`);
    return category;
  }

  async function afterWrite(): Promise<void> {
    clearCaches();
    // The typo dictionary follows the active assortment.
    await repository.refreshSearchTerms();
    clearCaches();
  }

  function conflict(field: 'sku' | 'slug'): DomainError {
    return new DomainError('CONFLICT', `A product with this ${field} already exists`, { field });
  }

  return {
    /** Active products matching the filters, one keyset page at a time, with facet counts. */
    async list(input: ListProductsInput, viewer?: AuthUser | null): Promise<ProductPage> {
      const query = normalizeListInput(input);
      let after: { key: SortKey; id: string; filters: string } | null = null;
      if (query.cursor) {
        const position = decodeCursor(query.cursor);
        if (position.sort !== query.sort || !position.filters.startsWith(filterFingerprint(query))) {
          throw new DomainError('VALIDATION_FAILED', 'cursor: This cursor belongs to a different query or sort order');
        }
        after = { key: position.key, id: position.id, filters: position.filters };
      }
      // Admins read past the cache: the stock quantities they see are exact.
      if (isCatalogStaff(viewer)) return loadPage(query, after);
      // Everyone else gets the cached page itself: the same object on every hit, so the router's
      // output schema does not parse it again (runtime/output.ts).
      return pages.getOrLoad(pageKey(query), async () => publicPage(await loadPage(query, after)));
    },

    /** Detail by id or slug. Archived products are shown (status says so); drafts only to admins. */
    async get(idOrSlug: string, viewer: AuthUser | null): Promise<ProductDto> {
      const ref = idOrSlug.trim().toLowerCase();
      const load = async () => {
        const row = await repository.findProduct(UUID.test(ref) ? { id: ref } : { slug: ref });
        return row ? toDto(row, await loadCategories()) : null;
      };
      if (isCatalogStaff(viewer)) {
        const product = await load();
        if (!product) throw new DomainError('NOT_FOUND', `Product '${idOrSlug}' not found`);
        return product;
      }
      // Cached as everyone but admins sees it (the same object on every hit).
      const product = await details.getOrLoad(ref, async () => {
        const loaded = await load();
        return loaded ? forViewer(loaded, null) : null;
      });
      if (!product || product.status === 'draft') throw new DomainError('NOT_FOUND', `Product '${idOrSlug}' not found`);
      return product;
    },

    /** The category tree with active product counts (a parent counts its sub-categories). */
    async categories(): Promise<CategoryNode[]> {
      const index = await loadCategories();
      const count = (id: string) => (index.subtree.get(id) ?? [id]).reduce((sum, cid) => sum + (index.byId.get(cid)?.activeProducts ?? 0), 0);
      const leaf = (row: CategoryRow) => ({ id: row.id, slug: row.slug, name: row.name, productCount: count(row.id) });
      return index.rows
        .filter((row) => row.parentId === null)
        .map((row) => ({ ...leaf(row), children: index.rows.filter((child) => child.parentId === row.id).map(leaf) }));
    },

    async create(actor: AuthUser | null, input: CreateProductInput): Promise<ProductDto> {
      assertAdmin(actor);
      assertImageHosts(input.images);
      const category = await resolveCategory(input.category);
      const explicitSlug = input.slug !== undefined;
      let slug = input.slug ?? slugify(input.name);
      if (!slug) throw new DomainError('VALIDATION_FAILED', 'slug: Cannot derive a slug from this name; pass one');
      const write = (s: string): ProductWrite => ({
        sku: input.sku,
        slug: s,
        name: input.name,
        description: input.description,
        priceAmount: input.price.amount,
        status: input.status,
        categoryId: category.id,
        brand: input.brand ?? null,
        attributes: input.attributes ?? {},
        images: input.images ?? [{ url: productImagePath(s), alt: input.name }],
        maxPerOrder: input.maxPerOrder ?? null,
        maxPerCustomer: input.maxPerCustomer ?? null,
      });
      const created = (product: ProductRow) => [
        outboxEvent(productCreated, { ...productFacts(product), price: priceOf(product), status: product.status }, { actor: actor ? { type: 'user', id: actor.id } : null }),
        ...productAudit(null, product),
      ];
      let result = await repository.createProduct({ id: randomUUID(), ...write(slug) }, created);
      if (!result.ok && 'conflict' in result && result.conflict === 'slug' && !explicitSlug) {
        // A derived slug may collide with a namesake: disambiguate with the SKU.
        slug = `${slug}-${slugify(input.sku)}`;
        result = await repository.createProduct({ id: randomUUID(), ...write(slug) }, created);
      }
      if (!result.ok) throw 'conflict' in result ? conflict(result.conflict) : new DomainError('INTERNAL', 'Product creation failed');
      outboxWritten();
      await afterWrite();
      return toDto(result.product, await loadCategories());
    },

    async update(actor: AuthUser | null, input: UpdateProductInput): Promise<ProductDto> {
      assertAdmin(actor);
      assertImageHosts(input.images);
      const current = await repository.findProduct({ id: input.id });
      if (!current) throw new DomainError('NOT_FOUND', `Product '${input.id}' not found`);
      const patch: Partial<ProductWrite> = {};
      if (input.sku !== undefined) patch.sku = input.sku;
      if (input.slug !== undefined) patch.slug = input.slug;
      if (input.name !== undefined) patch.name = input.name;
      if (input.description !== undefined) patch.description = input.description;
      if (input.price !== undefined) patch.priceAmount = input.price.amount;
      if (input.status !== undefined) patch.status = input.status;
      if (input.brand !== undefined) patch.brand = input.brand;
      if (input.attributes !== undefined) patch.attributes = input.attributes;
      if (input.images !== undefined) patch.images = input.images;
      if (input.maxPerOrder !== undefined) patch.maxPerOrder = input.maxPerOrder;
      if (input.maxPerCustomer !== undefined) patch.maxPerCustomer = input.maxPerCustomer;
      if (input.category !== undefined) patch.categoryId = (await resolveCategory(input.category)).id;
      if (input.slug !== undefined && input.images === undefined && input.slug !== current.slug) {
        // Keep generated images pointing at the product's new slug.
        patch.images = current.images.map((image) =>
          image.url === productImagePath(current.slug) ? { ...image, url: productImagePath(input.slug!) } : image,
        );
      }
      if (Object.keys(patch).length === 0) return toDto(current, await loadCategories());
      const result = await repository.updateProduct(input.id, patch, (before, after) => [...changeEvents(before, after, actor), ...productAudit(before, after)]);
      if (!result.ok) {
        if ('conflict' in result) throw conflict(result.conflict);
        throw new DomainError('NOT_FOUND', `Product '${input.id}' not found`);
      }
      outboxWritten();
      await afterWrite();
      return toDto(result.product, await loadCategories());
    },

    /** Archives a product: hidden from list and search, detail still answers with status archived. */
    async archive(actor: AuthUser | null, id: string): Promise<void> {
      assertAdmin(actor);
      const status = await repository.productStatus(id);
      if (status === null) throw new DomainError('NOT_FOUND', `Product '${id}' not found`);
      if (status === 'archived') return;
      const result = await repository.updateProduct(id, { status: 'archived' }, (before, after) => [...changeEvents(before, after, actor), ...productAudit(before, after)]);
      if (!result.ok) throw new DomainError('NOT_FOUND', `Product '${id}' not found`);
      outboxWritten();
      await afterWrite();
    },

    /**
     * Restores an archived product as a draft: it was taken off sale, so it comes back unpublished
     * and a merchant publishes it again on purpose (the previous status is not kept).
     */
    async restore(actor: AuthUser | null, id: string): Promise<ProductDto> {
      assertAdmin(actor);
      const status = await repository.productStatus(id);
      if (status === null) throw new DomainError('NOT_FOUND', `Product '${id}' not found`);
      if (status !== 'archived') throw new DomainError('INVALID_STATE', `Only an archived product can be restored; this one is ${status}`, { status });
      const result = await repository.updateProduct(id, { status: 'draft' }, (before, after) => [...changeEvents(before, after, actor), ...productAudit(before, after)]);
      if (!result.ok) throw new DomainError('NOT_FOUND', `Product '${id}' not found`);
      outboxWritten();
      await afterWrite();
      return toDto(result.product, await loadCategories());
    },

    /** The admin table: products in every status, filtered, sorted and paged by number, with the total. */
    async search(actor: AuthUser | null, input: SearchProductsInput): Promise<ProductSearchPage> {
      assertStaff(actor, 'products:read');
      if (input.minPrice !== undefined && input.maxPrice !== undefined && input.minPrice > input.maxPrice) {
        throw new DomainError('VALIDATION_FAILED', `minPrice: ${input.minPrice} is more than maxPrice (${input.maxPrice})`, { field: 'minPrice' });
      }
      const index = await loadCategories();
      const categoryIds = input.category ? (index.subtree.get((await resolveCategory(input.category, index)).id) ?? null) : null;
      const { rows, total } = await repository.searchProducts({
        q: input.q ? input.q : null,
        status: input.status ?? null,
        categoryIds,
        inStock: input.inStock ?? null,
        minPrice: input.minPrice ?? null,
        maxPrice: input.maxPrice ?? null,
        sort: input.sort,
        limit: input.pageSize,
        offset: (input.page - 1) * input.pageSize,
      });
      const items = await Promise.all(rows.map((row) => toListItem(row, index)));
      return { items, total, page: input.page, pageSize: input.pageSize };
    },

    /** What a bulk change would do to each selected product: before → after, or why it is refused. Writes nothing. */
    async bulkPreview(actor: AuthUser | null, input: BulkPreviewInput): Promise<BulkPreview> {
      assertAdmin(actor);
      const ids = [...new Set(input.ids.map((id) => id.toLowerCase()))];
      const index = await loadCategories();
      const target = input.action.kind === 'move_category' ? await resolveCategory(input.action.category, index) : undefined;
      const rows = new Map((await repository.productsForBulk(ids)).map((row) => [row.id, row]));
      const state = async (values: { priceAmount: number; status: ProductStatus; categoryId: string }, currency: string) => {
        const category = await categoryFor({ categoryId: values.categoryId } as ProductListRow, index);
        return { status: values.status, category: { id: category.id, name: category.name }, price: { amount: values.priceAmount, currency } };
      };
      const items: BulkPreviewItem[] = [];
      for (const id of ids) {
        const row = rows.get(id);
        if (!row) continue;
        const plan = planBulkChange(row, input.action, target?.id);
        items.push({
          id: row.id,
          sku: row.sku,
          name: row.name,
          updatedAt: row.updatedAt,
          before: await state(row, row.currency),
          after: await state(plan.after, row.currency),
          outcome: plan.outcome,
          reason: plan.reason,
        });
      }
      const counted = (outcome: BulkPreviewItem['outcome']) => items.filter((item) => item.outcome === outcome).length;
      return {
        action: input.action,
        items,
        missing: ids.filter((id) => !rows.has(id)),
        changes: counted('change'),
        unchanged: counted('unchanged'),
        refused: counted('refused'),
      };
    },

    /**
     * Applies a previewed bulk change, all or nothing, in one transaction: refused (409) when any
     * product is gone or was changed since the preview (its updatedAt differs), refused (400) when
     * the change is refused for any product; otherwise every product changes, each with its events
     * and its audit entry.
     */
    async bulkApply(actor: AuthUser | null, input: BulkApplyInput): Promise<BulkApplyResult> {
      assertAdmin(actor);
      const sent = new Map<string, string>();
      for (const item of input.items) {
        const id = item.id.toLowerCase();
        if (sent.has(id)) throw new DomainError('VALIDATION_FAILED', `items: product ${id} is listed twice`, { field: 'items' });
        sent.set(id, item.updatedAt);
      }
      const target = input.action.kind === 'move_category' ? await resolveCategory(input.action.category) : undefined;
      let unchanged = 0;
      const decide = (locked: ProductRow[]): BulkProductChange[] => {
        const found = new Set(locked.map((row) => row.id));
        const gone = [...sent.keys()].filter((id) => !found.has(id));
        if (gone.length) {
          throw new DomainError('CONFLICT', `${gone.length} of the selected products no longer exist; preview the change again`, { missing: gone });
        }
        const stale = locked.filter((row) => row.updatedAt !== sent.get(row.id)).map((row) => row.id);
        if (stale.length) {
          throw new DomainError('CONFLICT', `${stale.length} of the selected products changed since the preview; preview the change again`, { stale });
        }
        const changes: BulkProductChange[] = [];
        const refused: string[] = [];
        unchanged = 0;
        for (const row of locked) {
          const plan = planBulkChange(row, input.action, target?.id);
          if (plan.outcome === 'refused') refused.push(`${row.sku}: ${plan.reason}`);
          else if (plan.outcome === 'unchanged') unchanged++;
          else changes.push({ id: row.id, ...plan.after });
        }
        if (refused.length) {
          throw new DomainError('VALIDATION_FAILED', `The change is refused for ${refused.length} product(s), so nothing was changed: ${refused.slice(0, 5).join('; ')}${refused.length > 5 ? '; …' : ''}`, {
            refused: refused.length,
          });
        }
        return changes;
      };
      const { changed } = await repository.bulkUpdate([...sent.keys()], decide, (before, after) => [...changeEvents(before, after, actor), ...productAudit(before, after)]);
      if (changed > 0) {
        outboxWritten();
        await afterWrite();
      }
      return { changed, unchanged };
    },

    /** Active products by id, in the order asked (duplicates once); unknown, draft and archived ids are absent. */
    async byIds(ids: string[], viewer?: AuthUser | null): Promise<ProductList> {
      const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
      const load = async () => {
        const [rows, index] = await Promise.all([repository.activeProductsByIds(wanted), loadCategories()]);
        const byId = new Map(rows.map((row) => [row.id, row]));
        const ordered = wanted.map((id) => byId.get(id)).filter((row): row is ProductListRow => row !== undefined);
        return Promise.all(ordered.map((row) => toListItem(row, index)));
      };
      if (isCatalogStaff(viewer)) return { items: await load() };
      // Cached as everyone but admins sees it (the same object on every hit).
      return lists.getOrLoad(wanted.join(','), async () => ({ items: (await load()).map((item) => forViewer(item, null)) }));
    },

    /**
     * The change feed for cache revalidation: products created, updated (previousSlug on a rename),
     * archived, or flipped in/out of stock, after `cursor`, oldest first. The cursor is a position
     * in the journal (writing transaction id . sequence), never a time: positions are only handed
     * out below the snapshot's xmin, so a transaction committing late is reported, not skipped.
     */
    async changesSince(input: ChangesSinceInput): Promise<ProductChanges> {
      if (input.cursor === undefined) return { changes: [], cursor: `${await repository.changesHorizon()}.0`, hasMore: false };
      const [txid = '0', seq = '0'] = input.cursor.split('.');
      const { horizon, changes } = await repository.productChanges({ txid, seq }, input.limit + 1);
      const hasMore = changes.length > input.limit;
      const page = hasMore ? changes.slice(0, input.limit) : changes;
      const last = page[page.length - 1];
      // A full page continues after its last row; otherwise everything below the horizon was read.
      const cursor = hasMore && last ? `${last.txid}.${last.seq}` : BigInt(horizon) > BigInt(txid) ? `${horizon}.0` : input.cursor;
      return {
        changes: page.map(({ id, slug, previousSlug, kind, updatedAt }) => ({ id, slug, previousSlug, kind, updatedAt })),
        cursor,
        hasMore,
      };
    },

    /** The generated SVG of a product image, or null when no product has this slug. */
    async productImage(slug: string): Promise<string | null> {
      return images.getOrLoad(slug, async () => {
        const facts = await repository.imageFacts(slug);
        return facts ? renderProductSvg({ slug, name: facts.name, colour: facts.colour }) : null;
      });
    },

    /** Current prices and availability by product id, read past every cache (cart, orders). */
    async productsByIds(ids: string[]): Promise<{ products: ProductSummary[] }> {
      return { products: (await repository.productsByIds([...new Set(ids.map((id) => id.toLowerCase()))])).map(toSummary) };
    },

    /** Every product's facts a page at a time in id order, drafts and archived included (recommendations' full sync). */
    async productFactsPage(input: { after: string | null; limit: number }): Promise<ProductFactsPage> {
      const rows = await repository.productFactsPage(input.after?.toLowerCase() ?? null, input.limit);
      const items = rows.map((row) => ({
        ...row,
        attributes: Object.fromEntries(
          Object.entries(row.attributes && typeof row.attributes === 'object' && !Array.isArray(row.attributes) ? (row.attributes as Record<string, unknown>) : {}).filter(
            (entry): entry is [string, string] => typeof entry[1] === 'string',
          ),
        ),
      }));
      return { items, next: rows.length === input.limit ? (rows.at(-1)?.id ?? null) : null };
    },

    /** The same by SKU (inventory checks that a SKU exists before stocking it). */
    async productsBySkus(skus: string[]): Promise<{ products: ProductSummary[] }> {
      return { products: (await repository.productsBySkus([...new Set(skus)])).map(toSummary) };
    },

    /**
     * Applies an `inventory.stock_changed` to the availability read model; idempotent (older or
     * repeated versions are ignored). When a product goes in or out of stock the read caches are
     * cleared at once (in-stock filters and badges flip now); a mere quantity change reaches
     * anonymous readers within the cache TTL (2 s) — admins read past the cache.
     */
    async applyStockChanged(update: StockLevelUpdate): Promise<{ applied: boolean }> {
      const result = await repository.applyStockLevel(update);
      if (!result) return { applied: false };
      if ((result.previous ?? 0) > 0 !== update.available > 0) clearCaches();
      return { applied: true };
    },

    /**
     * A batch of `inventory.stock_changed` in one statement (the availability consumer's
     * batchHandler); the same rules as applyStockChanged, per SKU. Returns how many rows changed.
     */
    async applyStockChangedBatch(updates: StockLevelUpdate[]): Promise<{ applied: number }> {
      const changed = await repository.applyStockLevels(updates);
      if (changed.some((row) => (row.previous ?? 0) > 0 !== row.available > 0)) clearCaches();
      return { applied: changed.length };
    },

    clearCaches,

    // Staff maintenance in their own files: the category tree, the product CSV import and export.
    ...createCategoryAdmin(repository, { changed: clearCaches, outboxWritten }),
    ...createProductImport(repository, {
      afterWrite,
      outboxWritten,
      createdEvents: (product, actor) => [
        outboxEvent(productCreated, { ...productFacts(product), price: priceOf(product), status: product.status }, { actor: { type: 'user', id: actor.id } }),
      ],
      updatedEvents: (before, after, actor) => changeEvents(before, after, actor),
    }),
  };
}

function toSummary(row: ProductSummaryRow): ProductSummary {
  return {
    id: row.id,
    sku: row.sku,
    slug: row.slug,
    name: row.name,
    priceAmount: row.priceAmount,
    currency: row.currency,
    status: row.status,
    image: row.images?.[0]?.url ?? null,
    inStock: row.available > 0,
    available: row.available,
    maxPerOrder: row.maxPerOrder ?? null,
    maxPerCustomer: row.maxPerCustomer ?? null,
    categoryId: row.categoryId,
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;
