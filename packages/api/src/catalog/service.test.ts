import { PERMISSIONS } from '@omnicart/contracts';
import { describe, expect, it } from 'vitest';
import type { AuthUser } from '../runtime/auth.js';
import { InvalidEventError } from '../events/index.js';
import { createAvailabilityHandler } from './consumers/availability.js';
import type { CatalogRepository, CategoryRow, FacetEntry, FacetRow, ProductFilter, ProductRow, StockLevelUpdate } from './repository.js';
import { changedPrice, countFacets, createCatalogService, indexFacetEntries, planBulkChange, slugify } from './service.js';

// Service logic against an in-memory repository double: no database, no HTTP.

const TOP = '10000000-0000-4000-8000-000000000000';
const LEAF_A = '10000000-0000-4000-8000-00000000000a';
const LEAF_B = '10000000-0000-4000-8000-00000000000b';
const OTHER = '20000000-0000-4000-8000-000000000000';
const ADMIN: AuthUser = { id: 'a', email: 'admin@omnicart.test', role: 'admin', staffRole: 'owner', permissions: PERMISSIONS };
const CUSTOMER: AuthUser = { id: 'c', email: 'demo@omnicart.test', role: 'customer', staffRole: null, permissions: [] };

const categories: CategoryRow[] = [
  { id: TOP, slug: 'electronics', name: 'Electronics', parentId: null, position: 0, activeProducts: 0 },
  { id: LEAF_A, slug: 'headphones', name: 'Headphones', parentId: TOP, position: 0, activeProducts: 3 },
  { id: LEAF_B, slug: 'speakers', name: 'Speakers', parentId: TOP, position: 1, activeProducts: 2 },
  { id: OTHER, slug: 'bedding', name: 'Bedding', parentId: null, position: 1, activeProducts: 4 },
];

function product(overrides: Partial<ProductRow> = {}): ProductRow {
  return {
    id: '30000000-0000-4000-8000-000000000001',
    sku: 'HPH-1',
    slug: 'sonora-headphones',
    name: 'Sonora Headphones',
    description: 'Nice.',
    priceAmount: 4_999,
    currency: 'USD',
    status: 'active',
    categoryId: LEAF_A,
    brand: 'Sonora',
    attributes: { colour: 'Black' },
    images: [{ url: '/images/products/sonora-headphones.svg', alt: 'Sonora Headphones' }],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    available: 7,
    maxPerOrder: null,
    maxPerCustomer: null,
    ...overrides,
  };
}

const notUsedHere = (): never => {
  throw new Error('not used by these tests');
};

function fakeRepository(rows: ProductRow[] = [product()]) {
  const calls = { listProducts: [] as ProductFilter[], findProduct: 0, refresh: 0, candidates: [] as string[][], levels: [] as StockLevelUpdate[] };
  const levels = new Map<string, { available: number; version: number }>();
  const facetRows: FacetRow[] = [
    { dimension: 'total', value: null, count: 5 },
    { dimension: 'category', value: LEAF_A, count: 3 },
    { dimension: 'category', value: LEAF_B, count: 2 },
    { dimension: 'brand', value: 'Apex', count: 2 },
    { dimension: 'brand', value: 'Sonora', count: 3 },
    { dimension: 'price', value: '0', count: 1 },
    { dimension: 'price', value: '5', count: 4 },
  ];
  const repository = {
    listCategories: async () => categories,
    listProducts: async (filter: ProductFilter) => {
      calls.listProducts.push(filter);
      return { rows, keys: rows.map((r) => r.priceAmount) };
    },
    facets: async () => facetRows,
    // No in-memory facet index: facets come from `facets` above (countFacets is tested below).
    facetEntries: async () => null,
    findProduct: async (ref: { id: string } | { slug: string }) => {
      calls.findProduct++;
      return rows.find((r) => ('id' in ref ? r.id === ref.id : r.slug === ref.slug)) ?? null;
    },
    imageFacts: async () => null,
    knownWords: async (words: string[]) => new Set(words.filter((w) => ['bluetooth', 'headphones'].includes(w))),
    anyFullTextMatch: async () => true,
    correctionCandidates: async (words: string[]) => {
      calls.candidates.push(words);
      return new Map(words.map((w) => [w, w === 'headphnes' ? [{ word: 'headphones', similarity: 0.6, documents: 10 }] : []]));
    },
    refreshSearchTerms: async () => {
      calls.refresh++;
    },
    createProduct: async () => ({ ok: false as const, conflict: 'sku' as const }),
    updateProduct: async (id: string) => ({ ok: true as const, product: { ...rows[0]!, id, status: 'archived' as const } }),
    productStatus: async (id: string) => rows.find((r) => r.id === id)?.status ?? null,
    productsByIds: async (ids: string[]) => rows.filter((r) => ids.includes(r.id)),
    productsBySkus: async (skus: string[]) => rows.filter((r) => skus.includes(r.sku)),
    productFactsPage: async () => [],
    applyStockLevel: async (update: StockLevelUpdate) => {
      calls.levels.push(update);
      const previous = levels.get(update.sku);
      if (previous && previous.version >= update.version) return null;
      levels.set(update.sku, { available: update.available, version: update.version });
      return { previous: previous?.available ?? null };
    },
    applyStockLevels: async (updates: StockLevelUpdate[]) => {
      const changed: { sku: string; available: number; previous: number | null }[] = [];
      for (const update of updates) {
        const result = await repository.applyStockLevel(update);
        if (result) changed.push({ sku: update.sku, available: update.available, previous: result.previous });
      }
      return changed;
    },
    activeProductsByIds: async (ids: string[]) => rows.filter((r) => ids.includes(r.id) && r.status === 'active'),
    productChanges: async () => ({ horizon: '1', changes: [] }),
    changesHorizon: async () => '1',
    searchProducts: async () => ({ rows, total: rows.length }),
    productsForBulk: async (ids: string[]) => rows.filter((r) => ids.includes(r.id)),
    bulkUpdate: async () => ({ changed: 0 }),
    // Staff maintenance (category tree, CSV import and export): covered by their integration tests.
    categoriesForStaff: notUsedHere,
    categoryWrite: notUsedHere,
    productsForImport: notUsedHere,
    slugsTaken: notUsedHere,
    importWrite: notUsedHere,
    exportPage: notUsedHere,
  } satisfies CatalogRepository;
  return { repository, calls };
}

describe('catalog availability', () => {
  it('shows inStock to everyone and the stock quantity to admins only', async () => {
    const rows = [product(), product({ id: '30000000-0000-4000-8000-000000000002', slug: 'sold-out', sku: 'HPH-2', available: 0 })];
    const { repository } = fakeRepository(rows);
    const service = createCatalogService(repository);
    const anonymous = await service.list({});
    expect(anonymous.items.map((i) => i.inStock)).toEqual([true, false]);
    expect(anonymous.items.every((i) => !('stockQuantity' in i))).toBe(true);
    expect((await service.list({}, CUSTOMER)).items.every((i) => !('stockQuantity' in i))).toBe(true);
    expect((await service.list({}, ADMIN)).items.map((i) => i.stockQuantity)).toEqual([7, 0]);
    // The cached page must not leak the admin's view (nor lose it for the next admin).
    expect((await service.list({})).items.every((i) => !('stockQuantity' in i))).toBe(true);
    expect(await service.get('sold-out', null)).toMatchObject({ inStock: false });
    expect(await service.get('sold-out', null)).not.toHaveProperty('stockQuantity');
    expect(await service.get('sold-out', ADMIN)).toMatchObject({ inStock: false, stockQuantity: 0 });
  });

  it('passes the inStock filter to the repository and keeps filter keys apart', async () => {
    const { repository, calls } = fakeRepository();
    const service = createCatalogService(repository);
    await service.list({ inStock: true });
    await service.list({ inStock: false });
    await service.list({});
    expect(calls.listProducts.map((f) => f.inStock)).toEqual([true, false, null]);
  });

  it('refuses a cursor issued for another inStock filter', async () => {
    const rows = [product(), product({ id: '30000000-0000-4000-8000-000000000002', slug: 'b', priceAmount: 5_999 })];
    const { repository } = fakeRepository(rows);
    const service = createCatalogService(repository);
    const page = await service.list({ sort: 'price_asc', limit: 1, inStock: true });
    await expect(service.list({ sort: 'price_asc', limit: 1, cursor: page.nextCursor! })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('clears the read caches when a product goes out of stock, not on every quantity change', async () => {
    const { repository, calls } = fakeRepository();
    const service = createCatalogService(repository);
    const handle = createAvailabilityHandler(service);
    const event = (available: number, version: number) => ({
      id: `e${version}`,
      type: 'inventory.stock_changed',
      source: 'inventory',
      occurredAt: '2026-01-01T00:00:00.000Z',
      data: { sku: 'HPH-1', onHand: available, reserved: 0, available, version },
    });
    await handle(event(5, 1)); // unknown → in stock: a flip
    await service.get('sonora-headphones', null);
    await handle(event(4, 2)); // quantity only: cache kept
    await service.get('sonora-headphones', null);
    expect(calls.findProduct).toBe(1);
    await handle(event(0, 3)); // out of stock: cache cleared
    await service.get('sonora-headphones', null);
    expect(calls.findProduct).toBe(2);
    await handle(event(9, 2)); // stale redelivery: ignored
    await service.get('sonora-headphones', null);
    expect(calls.findProduct).toBe(2);
    expect(calls.levels.map((l) => l.version)).toEqual([1, 2, 3, 2]);
  });

  it('refuses malformed or foreign events (the bus dead-letters them with the reason) without touching the read model', async () => {
    const { repository, calls } = fakeRepository();
    const handle = createAvailabilityHandler(createCatalogService(repository));
    await expect(handle({ id: 'x', type: 'inventory.stock_changed', source: 'inventory', occurredAt: '', data: { sku: 'A', available: 'many', version: 1 } })).rejects.toThrow(InvalidEventError);
    await expect(handle({ id: 'y', type: 'orders.order_paid', source: 'orders', occurredAt: '', data: {} })).rejects.toThrow(InvalidEventError);
    expect(calls.levels).toEqual([]);
  });

  it('answers productsByIds with the current price, first image, availability and category', async () => {
    const { repository } = fakeRepository([product(), product({ id: '30000000-0000-4000-8000-000000000002', sku: 'HPH-2', slug: 'b', available: 0, images: [] })]);
    const service = createCatalogService(repository);
    const { products } = await service.productsByIds(['30000000-0000-4000-8000-000000000001', '30000000-0000-4000-8000-000000000002', '30000000-0000-4000-8000-00000000ffff']);
    expect(products).toEqual([
      { id: '30000000-0000-4000-8000-000000000001', sku: 'HPH-1', slug: 'sonora-headphones', name: 'Sonora Headphones', priceAmount: 4_999, currency: 'USD', status: 'active', image: '/images/products/sonora-headphones.svg', inStock: true, available: 7, maxPerOrder: null, maxPerCustomer: null, categoryId: LEAF_A },
      expect.objectContaining({ sku: 'HPH-2', image: null, inStock: false, available: 0 }),
    ]);
  });
});

describe('catalog service', () => {
  it('expands a parent category to itself and its sub-categories', async () => {
    const { repository, calls } = fakeRepository();
    await createCatalogService(repository).list({ category: 'electronics' });
    expect(calls.listProducts[0]!.categoryIds!.sort()).toEqual([TOP, LEAF_A, LEAF_B].sort());
  });

  it('maps facet rows to named categories and price bands', async () => {
    const { repository } = fakeRepository();
    const { facets } = await createCatalogService(repository).list({});
    expect(facets.total).toBe(5);
    expect(facets.categories).toEqual([
      { id: LEAF_A, slug: 'headphones', name: 'Headphones', count: 3 },
      { id: LEAF_B, slug: 'speakers', name: 'Speakers', count: 2 },
    ]);
    expect(facets.brand).toEqual([
      { value: 'Sonora', count: 3 },
      { value: 'Apex', count: 2 },
    ]);
    expect(facets.price).toEqual([
      { min: 0, max: 2_500, count: 1 },
      { min: 50_000, max: null, count: 4 },
    ]);
  });

  it('corrects unknown words and builds a prefix tsquery from the corrected words', async () => {
    const { repository, calls } = fakeRepository();
    const page = await createCatalogService(repository).list({ q: 'Bluetooth headphnes' });
    expect(calls.candidates).toEqual([['headphnes']]);
    expect(calls.listProducts[0]!.search).toEqual({ mode: 'fulltext', tsquery: 'bluetooth & headphones:*', text: 'bluetooth headphones' });
    expect(page.correctedQuery).toBe('bluetooth headphones');
  });

  it('issues a cursor only when there is another page, and refuses it for another sort', async () => {
    const rows = [product(), product({ id: '30000000-0000-4000-8000-000000000002', slug: 'b', priceAmount: 5_999 })];
    const { repository } = fakeRepository(rows);
    const service = createCatalogService(repository);
    const page = await service.list({ sort: 'price_asc', limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).toEqual(expect.any(String));
    expect((await service.list({ sort: 'price_asc', limit: 2 })).nextCursor).toBeNull();
    await expect(service.list({ sort: 'price_desc', limit: 1, cursor: page.nextCursor! })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('shows drafts to admins only and archived products to everyone', async () => {
    const draft = product({ status: 'draft', slug: 'draft-thing' });
    const archived = product({ id: '30000000-0000-4000-8000-000000000009', status: 'archived', slug: 'old-thing' });
    const { repository } = fakeRepository([draft, archived]);
    const service = createCatalogService(repository);
    await expect(service.get('draft-thing', null)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(service.get('draft-thing', CUSTOMER)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await service.get('draft-thing', ADMIN)).status).toBe('draft');
    expect((await service.get('OLD-THING', null)).status).toBe('archived');
  });

  it('caches detail reads and forgets them after a write', async () => {
    const { repository, calls } = fakeRepository();
    const service = createCatalogService(repository);
    await service.get('sonora-headphones', null);
    await service.get('sonora-headphones', null);
    expect(calls.findProduct).toBe(1);
    await service.archive(ADMIN, product().id);
    expect(calls.refresh).toBe(1);
    await service.get('sonora-headphones', null);
    expect(calls.findProduct).toBe(2);
  });

  it('checks the admin role itself and maps conflicts to CONFLICT', async () => {
    const { repository } = fakeRepository();
    const service = createCatalogService(repository);
    const input = { sku: 'X-1', name: 'X', description: '', price: { amount: 100, currency: 'USD' as const }, category: 'speakers', status: 'active' as const };
    await expect(service.create(null, input)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(service.create(CUSTOMER, input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(service.create(ADMIN, { ...input, category: 'nope' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(service.create(ADMIN, input)).rejects.toMatchObject({ code: 'CONFLICT', details: { field: 'sku' } });
  });

  it('answers the category tree with counts rolled up to parents', async () => {
    const { repository } = fakeRepository();
    expect(await createCatalogService(repository).categories()).toEqual([
      {
        id: TOP,
        slug: 'electronics',
        name: 'Electronics',
        productCount: 5,
        children: [
          { id: LEAF_A, slug: 'headphones', name: 'Headphones', productCount: 3 },
          { id: LEAF_B, slug: 'speakers', name: 'Speakers', productCount: 2 },
        ],
      },
      { id: OTHER, slug: 'bedding', name: 'Bedding', productCount: 4, children: [] },
    ]);
  });

  it('slugifies names for default slugs', () => {
    expect(slugify('Cedar & Co — Crème Tote 20L!')).toBe('cedar-and-co-creme-tote-20l');
  });
});

describe('in-memory facet counts (keyword-free listings)', () => {
  const entry = (over: Partial<FacetEntry>): FacetEntry => ({
    categoryId: 'c1',
    brand: 'Sonora',
    colour: 'Black',
    size: 'One Size',
    material: 'Aluminium',
    priceAmount: 1_000,
    inStock: true,
    ...over,
  });
  const entries = indexFacetEntries([
    entry({}),
    entry({ brand: 'Voltex', colour: 'White', priceAmount: 2_500 }),
    entry({ categoryId: 'c2', brand: null, priceAmount: 50_000, inStock: false }),
    entry({ categoryId: 'c2', colour: null, priceAmount: 9_999 }),
  ]);
  const filter = (over: Partial<ProductFilter>): ProductFilter => ({
    categoryIds: null,
    minPrice: null,
    maxPrice: null,
    brand: [],
    colour: [],
    size: [],
    material: [],
    inStock: null,
    search: null,
    ...over,
  });
  const count = (rows: FacetRow[], dimension: FacetRow['dimension'], value: string | null) =>
    rows.find((row) => row.dimension === dimension && row.value === value)?.count;

  it('counts every dimension over the matching products, price bands as width_bucket does', () => {
    const rows = countFacets(entries, filter({}));
    expect(count(rows, 'total', null)).toBe(4);
    expect(count(rows, 'category', 'c1')).toBe(2);
    expect(count(rows, 'brand', 'Sonora')).toBe(2);
    expect(count(rows, 'brand', null)).toBe(1); // dropped by toFacets, as the SQL's null group is
    expect(count(rows, 'price', '0')).toBe(1); // < 2,500
    expect(count(rows, 'price', '1')).toBe(1); // 2,500 is the first bound, inclusive
    expect(count(rows, 'price', '2')).toBe(1); // 5,000 ≤ 9,999 < 10,000
    expect(count(rows, 'price', '5')).toBe(1); // ≥ 50,000
  });

  it('filters like the SQL: category set, inclusive prices, case-insensitive values, availability', () => {
    expect(count(countFacets(entries, filter({ categoryIds: ['c2'] })), 'total', null)).toBe(2);
    // A subtree is scanned through the per-category groups: each category once, unknown ones empty.
    expect(count(countFacets(entries, filter({ categoryIds: ['c2', 'c2', 'c-none'] })), 'total', null)).toBe(2);
    expect(count(countFacets(entries, filter({ categoryIds: ['c1', 'c2'] })), 'total', null)).toBe(4);
    expect(count(countFacets(entries, filter({ categoryIds: [] })), 'total', null)).toBe(0);
    expect(count(countFacets(entries, filter({ minPrice: 2_500, maxPrice: 9_999 })), 'total', null)).toBe(2);
    expect(count(countFacets(entries, filter({ brand: ['voltex', 'sonora'] })), 'total', null)).toBe(3);
    expect(count(countFacets(entries, filter({ colour: ['black'], inStock: true })), 'total', null)).toBe(1);
    expect(count(countFacets(entries, filter({ inStock: false })), 'total', null)).toBe(1);
    expect(count(countFacets(entries, filter({ colour: ['black'], brand: ['nobody'] })), 'total', null)).toBe(0);
  });
});

describe('bulk changes, per product', () => {
  it('changes a price by a percentage in integer cents, rounded half up', () => {
    expect(changedPrice(1_000, -10)).toBe(900);
    expect(changedPrice(999, 12.5)).toBe(1_124); // 1123.875
    expect(changedPrice(5, -10)).toBe(5); // 4.5 → 5 (half up)
    expect(changedPrice(15, -10)).toBe(14); // 13.5 → 14
    expect(changedPrice(1, -60)).toBe(0); // 0.4
    expect(changedPrice(12_999, 0.01)).toBe(13_000); // 13000.2999
    expect(changedPrice(100_000_000, 1_000)).toBe(1_100_000_000);
    expect(changedPrice(199, 33.33)).toBe(265); // 265.3267
  });

  it('plans each action: the change, nothing to do, or a refusal with its reason', () => {
    const product = { priceAmount: 1_000, status: 'active' as const, categoryId: 'c1' };
    expect(planBulkChange(product, { kind: 'change_price', percent: 10 })).toEqual({ outcome: 'change', reason: null, after: { ...product, priceAmount: 1_100 } });
    expect(planBulkChange(product, { kind: 'change_price', percent: 0.01 })).toMatchObject({ outcome: 'unchanged' }); // 1000.1 → 1000
    expect(planBulkChange({ ...product, priceAmount: 1 }, { kind: 'change_price', percent: -99.99 })).toEqual({
      outcome: 'refused',
      reason: 'The new price would be $0.00: a price must be at least $0.01',
      after: { ...product, priceAmount: 1 },
    });
    expect(planBulkChange({ ...product, priceAmount: 99_000_000 }, { kind: 'change_price', percent: 5 }).reason).toBe(
      'The new price would be $1,039,500.00: above the highest price, $1,000,000.00',
    );
    expect(planBulkChange(product, { kind: 'set_status', status: 'archived' })).toMatchObject({ outcome: 'change', after: { status: 'archived' } });
    expect(planBulkChange(product, { kind: 'set_status', status: 'active' })).toMatchObject({ outcome: 'unchanged' });
    expect(planBulkChange(product, { kind: 'move_category', category: 'pens' }, 'c2')).toMatchObject({ outcome: 'change', after: { categoryId: 'c2' } });
    expect(planBulkChange(product, { kind: 'move_category', category: 'pens' }, 'c1')).toMatchObject({ outcome: 'unchanged' });
  });
});
