import { PERMISSIONS } from '@omnicart/contracts';
import { TRPCError } from '@trpc/server';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDomain } from '@omnicart/db';
import { seedCatalog } from '@omnicart/db/seed';
import { createTestDatabase, type TestDatabase } from '@omnicart/db/testing';
import type { AuthUser } from '../runtime/auth.js';
import type { RequestContext } from '../runtime/context.js';
import { DomainError, domainCodeFromTrpc, type DomainErrorCode } from '../runtime/errors.js';
import { createCallerFactory } from '../runtime/trpc.js';
import { expectDeclared, outboxRows } from '../testing/outbox.test-support.js';
import { catalogEvents } from './events.js';
import { createImageHandler } from './http.js';
import { createCatalogDb, createCatalogRepository, type CatalogDb } from './repository.js';
import { createCatalogRouter, type CatalogRouter } from './router.js';
import type { ProductListItem, ProductPage, ProductSort } from './schemas.js';
import { createCatalogService, type CatalogService } from './service.js';

const ADMIN: AuthUser = { id: '00000000-0000-4000-8000-000000000001', email: 'admin@omnicart.test', role: 'admin', staffRole: 'owner', permissions: PERMISSIONS };
const CUSTOMER: AuthUser = { id: '00000000-0000-4000-8000-000000000002', email: 'demo@omnicart.test', role: 'customer', staffRole: null, permissions: [] };

let database: TestDatabase;
let pool: pg.Pool;
let db: CatalogDb;
let service: CatalogService;
let router: CatalogRouter;

const context = (user: AuthUser | null): RequestContext => ({ requestId: 'test', ip: '127.0.0.1', user, authError: null, service: null, idempotencyKey: null });
const callerFor = (r: CatalogRouter) => createCallerFactory(r);
let call: ReturnType<typeof callerFor>;
const anonymous = () => call(context(null));
const customer = () => call(context(CUSTOMER));
const admin = () => call(context(ADMIN));

async function failure(promise: Promise<unknown>): Promise<{ code: DomainErrorCode; message: string }> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCError);
    const trpcError = error as TRPCError;
    if (trpcError.cause instanceof DomainError) return { code: trpcError.cause.code, message: trpcError.cause.message };
    return { code: domainCodeFromTrpc(trpcError.code), message: trpcError.message };
  }
  throw new Error('expected the call to fail');
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await pool.query<{ count: string }>(sql, params);
  return Number(rows[0]!.count);
}

/** Grid items carry no description: the searchable text of each (name, brand, description) from the table. */
async function searchable(items: ProductListItem[]): Promise<string[]> {
  const { rows } = await pool.query<{ id: string; description: string }>('SELECT id::text, description FROM catalog.products WHERE id = ANY($1::uuid[])', [
    items.map((item) => item.id),
  ]);
  const descriptions = new Map(rows.map((row) => [row.id, row.description]));
  return items.map((item) => `${item.name} ${item.brand} ${descriptions.get(item.id)}`);
}

/** Every page of a list request, following nextCursor to the end. */
async function walk(input: Parameters<CatalogService['list']>[0], onPage?: (page: ProductPage, index: number) => Promise<void>) {
  const items: ProductListItem[] = [];
  let cursor: string | undefined;
  for (let index = 0; index < 1_000; index++) {
    const page = await anonymous().list({ ...input, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    await onPage?.(page, index);
    if (!page.nextCursor) return items;
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end');
}

let skuCounter = 0;
const nextSku = () => `TST-${Date.now().toString(36).toUpperCase()}-${++skuCounter}`;

beforeAll(async () => {
  database = await createTestDatabase('catalog', { poolMax: 8 });
  pool = database.pool;
  await migrateDomain(pool, 'catalog');
  const seeded = await seedCatalog(pool, { products: 2_400 });
  expect(seeded).toMatchObject({ seeded: true, products: 2_400 });
  db = createCatalogDb(pool);
  service = createCatalogService(createCatalogRepository(db));
  router = createCatalogRouter(service);
  call = callerFor(router);
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe('seed', () => {
  it('is idempotent', async () => {
    expect(await seedCatalog(pool, { products: 2_400 })).toMatchObject({ seeded: false });
    expect(await count('SELECT count(*) FROM catalog.products')).toBe(2_400);
  });
});

describe('list', () => {
  it('returns 20 active products newest first with a cursor and facets by default', async () => {
    const page = await anonymous().list({});
    expect(page.items).toHaveLength(20);
    expect(page.items.every((p) => p.status === 'active')).toBe(true);
    const times = page.items.map((p) => Date.parse(p.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(page.nextCursor).toEqual(expect.any(String));
    expect(page.facets.total).toBe(await count("SELECT count(*) FROM catalog.products WHERE status = 'active'"));
    const product = page.items[0]!;
    expect(product.price).toEqual({ amount: expect.any(Number), currency: 'USD' });
    expect(Number.isInteger(product.price.amount)).toBe(true);
    expect(product.category).toEqual({ id: expect.any(String), slug: expect.any(String), name: expect.any(String) });
    expect(product.images[0]!.url).toBe(`/images/products/${product.slug}.svg`);
  });

  it('answers grid items without the description (list, search, byIds) while the detail keeps it', async () => {
    // The purchase limits are in the grid too (two nullable numbers: a card can say "limit 2 per order").
    const gridKeys = ['attributes', 'brand', 'category', 'createdAt', 'id', 'images', 'inStock', 'maxPerCustomer', 'maxPerOrder', 'name', 'price', 'sku', 'slug', 'status', 'updatedAt'];
    const page = await anonymous().list({ limit: 5 });
    const search = await anonymous().list({ q: 'headphones', limit: 5 });
    const byIds = await anonymous().byIds({ ids: page.items.map((item) => item.id) });
    for (const item of [...page.items, ...search.items, ...byIds.items]) expect(Object.keys(item).sort()).toEqual(gridKeys);
    // Admins also see the stock quantity, still no description.
    const adminPage = await admin().list({ limit: 5 });
    for (const item of adminPage.items) expect(Object.keys(item).sort()).toEqual([...gridKeys, 'stockQuantity'].sort());
    const detail = await anonymous().byIdOrSlug({ idOrSlug: page.items[0]!.slug });
    expect(detail.description).toEqual(expect.any(String));
    expect(detail.description.length).toBeGreaterThan(0);
    expect(Object.keys(detail).sort()).toEqual([...gridKeys, 'description'].sort());
    expect({ ...detail, description: undefined }).toEqual({ ...page.items[0], description: undefined });
  });

  it('answers a repeated anonymous read with the cached object itself (validated once), and admins past the cache', async () => {
    expect(await service.list({ category: 'electronics', limit: 7 }, null)).toBe(await service.list({ category: 'electronics', limit: 7 }, null));
    expect(await service.list({ limit: 7 }, CUSTOMER)).toBe(await service.list({ limit: 7 }, null));
    const slug = (await service.list({ limit: 1 }, null)).items[0]!.slug;
    expect(await service.get(slug, null)).toBe(await service.get(slug, CUSTOMER));
    const ids = (await service.list({ limit: 3 }, null)).items.map((item) => item.id);
    expect(await service.byIds(ids, null)).toBe(await service.byIds(ids, null));
    // Never the admin's copy: cached answers carry no stock quantity.
    expect((await service.list({ limit: 7 }, ADMIN)).items[0]!.stockQuantity).toEqual(expect.any(Number));
    expect((await service.list({ limit: 7 }, null)).items[0]).not.toHaveProperty('stockQuantity');
    expect(await service.get(slug, ADMIN)).toHaveProperty('stockQuantity');
    expect(await service.get(slug, null)).not.toHaveProperty('stockQuantity');
  });

  it('includes sub-categories when filtering by a top-level category', async () => {
    const items = await walk({ category: 'electronics', limit: 100 });
    const expected = await count(
      `SELECT count(*) FROM catalog.products p JOIN catalog.categories c ON c.id = p.category_id
       JOIN catalog.categories parent ON parent.id = c.parent_id
       WHERE parent.slug = 'electronics' AND p.status = 'active'`,
    );
    expect(items).toHaveLength(expected);
    expect(new Set(items.map((p) => p.category.slug))).toEqual(new Set(['headphones', 'speakers', 'smartwatches', 'cameras', 'keyboards-mice']));
    const leaf = await anonymous().list({ category: 'headphones', limit: 5 });
    expect(leaf.items.every((p) => p.category.slug === 'headphones')).toBe(true);
  });

  it('answers 404 for an unknown category', async () => {
    expect((await failure(anonymous().list({ category: 'no-such-category' }))).code).toBe('NOT_FOUND');
  });

  it('filters by an inclusive price range in cents', async () => {
    const page = await anonymous().list({ minPrice: 5_000, maxPrice: 10_000, limit: 100 });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((p) => p.price.amount >= 5_000 && p.price.amount <= 10_000)).toBe(true);
    expect(page.facets.total).toBe(
      await count("SELECT count(*) FROM catalog.products WHERE status = 'active' AND price_amount BETWEEN 5000 AND 10000"),
    );
  });

  it('filters by several values of one attribute (OR) and across attributes (AND), case-insensitively', async () => {
    const page = await anonymous().list({ colour: ['Black', 'navy'], material: ['aluminium'], limit: 100 });
    expect(page.items.length).toBeGreaterThan(0);
    for (const p of page.items) {
      expect(['Black', 'Navy']).toContain(p.attributes.colour);
      expect(p.attributes.material).toBe('Aluminium');
    }
    expect(page.facets.total).toBe(
      await count(
        `SELECT count(*) FROM catalog.products WHERE status = 'active'
         AND attributes->>'colour' IN ('Black', 'Navy') AND attributes->>'material' = 'Aluminium'`,
      ),
    );
    const brand = page.facets.brand[0]!.value;
    const byBrand = await anonymous().list({ colour: ['Black', 'navy'], material: ['aluminium'], brand: [brand] });
    expect(byBrand.facets.total).toBe(page.facets.brand[0]!.count);
    expect(byBrand.items.every((p) => p.brand === brand)).toBe(true);
  });

  it('has facet counts that add up to the total for every dimension', async () => {
    for (const input of [{}, { category: 'clothing' }, { q: 'wireless' }, { minPrice: 2_000, maxPrice: 30_000, colour: ['Red'] }]) {
      const { facets } = await anonymous().list(input);
      const sum = (values: { count: number }[]) => values.reduce((s, v) => s + v.count, 0);
      expect(facets.total).toBeGreaterThan(0);
      expect(sum(facets.categories)).toBe(facets.total);
      expect(sum(facets.brand)).toBe(facets.total);
      expect(sum(facets.colour)).toBe(facets.total);
      expect(sum(facets.size)).toBe(facets.total);
      expect(sum(facets.material)).toBe(facets.total);
      expect(sum(facets.price)).toBe(facets.total);
    }
    const { facets } = await anonymous().list({ category: 'clothing' });
    expect(facets.categories.map((c) => c.slug).sort()).toEqual(['dresses', 'jackets', 'jeans-trousers', 'knitwear', 't-shirts']);
    expect(facets.price.every((band) => band.max === null || band.max > band.min)).toBe(true);
  });

  const ORDER_SQL: Record<Exclude<ProductSort, 'relevance'>, string> = {
    price_asc: 'price_amount ASC, id ASC',
    price_desc: 'price_amount DESC, id DESC',
    newest: 'created_at DESC, id DESC',
    name: 'name ASC, id ASC',
  };
  for (const [sort, orderBy] of Object.entries(ORDER_SQL) as [Exclude<ProductSort, 'relevance'>, string][]) {
    it(`sorts by ${sort} across every page without duplicates or gaps`, async () => {
      const items = await walk({ sort, limit: 100, category: 'home-kitchen' });
      const { rows } = await pool.query<{ id: string }>(
        `SELECT p.id FROM catalog.products p JOIN catalog.categories c ON c.id = p.category_id
         JOIN catalog.categories parent ON parent.id = c.parent_id
         WHERE parent.slug = 'home-kitchen' AND p.status = 'active' ORDER BY ${orderBy.replace(/(\w+) (ASC|DESC)/g, 'p.$1 $2')}`,
      );
      expect(items.map((p) => p.id)).toEqual(rows.map((r) => r.id));
    });
  }

  it('counts facets of keyword-free listings in memory exactly as the SQL aggregate does', async () => {
    // Reference: the same service with the in-memory facet index off (every facet set in SQL).
    const sql = createCatalogService(createCatalogRepository(db), { facetIndexMaxProducts: 0 });
    const memory = createCatalogService(createCatalogRepository(db));
    const page = await memory.list({ limit: 100 });
    const brands = [...new Set(page.items.map((item) => item.brand!))];
    const colours = [...new Set(page.items.map((item) => item.attributes.colour!))];
    const inputs: Parameters<CatalogService['list']>[0][] = [
      {},
      { category: 'electronics' },
      { category: 'headphones', brand: [brands[0]!.toUpperCase()] },
      { brand: brands.slice(0, 2), colour: [colours[0]!] },
      { minPrice: 2_500, maxPrice: 9_999 },
      { minPrice: 50_000 },
      { maxPrice: 2_500, inStock: true },
      { inStock: false },
      { category: 'electronics', size: ['one size'], material: [page.items[0]!.attributes.material!] },
      { colour: ['no such colour'] },
    ];
    for (const input of inputs) expect((await memory.list(input)).facets, JSON.stringify(input)).toEqual((await sql.list(input)).facets);
  });

  it('sorts by relevance across pages, best first, without duplicates', async () => {
    const items = await walk({ q: 'wireless', limit: 25 });
    expect(new Set(items.map((p) => p.id)).size).toBe(items.length);
    expect(items.length).toBeGreaterThan(25);
    // Name matches (weight A) come before products that only mention the word elsewhere.
    const firstNonName = items.findIndex((p) => !/wireless/i.test(p.name));
    if (firstNonName !== -1) expect(items.slice(firstNonName).every((p) => !/wireless/i.test(p.name))).toBe(true);
  });

  it('keeps cursor pagination stable when products are inserted mid-walk', async () => {
    const before = await walk({ sort: 'price_asc', limit: 100 });
    const existing = new Set(before.map((p) => p.id));
    const inserted: string[] = [];
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let index = 0; ; index++) {
      const page = await anonymous().list({ sort: 'price_asc', limit: 50, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((p) => p.id));
      if (index === 2) {
        // One product lands before the cursor's position, one after, one exactly on its price.
        const lastPrice = page.items[page.items.length - 1]!.price.amount;
        for (const amount of [100, lastPrice, 9_999_999]) {
          const created = await admin().create({ sku: nextSku(), name: `Midwalk Insert ${amount}`, price: { amount }, category: 'pens' });
          inserted.push(created.id);
        }
      }
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    const seenExisting = seen.filter((id) => existing.has(id));
    expect(seenExisting).toEqual(before.map((p) => p.id));
    // The one priced above every page already served is reached.
    expect(seen).toContain(inserted[2]);
    expect(seen).not.toContain(inserted[0]);
    for (const id of inserted) await admin().archive({ id });
  });

  it('refuses bad input with 400 and a message', async () => {
    const bad: Record<string, unknown>[] = [
      { limit: 0 },
      { limit: 101 },
      { limit: 2.5 },
      { minPrice: 5_000, maxPrice: 1_000 },
      { minPrice: -1 },
      { sort: 'cheapest' },
      { cursor: 'not a cursor!' },
      { cursor: 'eyJmb28iOjF9' },
      { cursor: Buffer.from(JSON.stringify(['newest', 'x', 'not-a-date', '00000000-0000-4000-8000-000000000000'])).toString('base64url') },
    ];
    for (const input of bad) {
      const error = await failure(anonymous().list(input as never));
      expect(error.code, JSON.stringify(input)).toBe('VALIDATION_FAILED');
      expect(error.message.length).toBeGreaterThan(0);
    }
    const first = await anonymous().list({ sort: 'price_asc' });
    expect((await failure(anonymous().list({ sort: 'price_desc', cursor: first.nextCursor! }))).message).toMatch(/cursor/);
    expect((await failure(anonymous().list({ sort: 'price_asc', colour: ['Red'], cursor: first.nextCursor! }))).code).toBe('VALIDATION_FAILED');
  });
});

describe('keyword search', () => {
  it('ranks a name match above a description-only match', async () => {
    const inName = await admin().create({
      sku: nextSku(),
      name: 'Quokkaphone Travel Speaker',
      description: 'A small speaker for trips.',
      price: { amount: 4_999 },
      category: 'speakers',
    });
    const inDescription = await admin().create({
      sku: nextSku(),
      name: 'Halcyon Compact Speaker',
      description: 'Sounds as cheerful as a quokkaphone on holiday. Pairs with anything.',
      price: { amount: 3_999 },
      category: 'speakers',
    });
    const page = await anonymous().list({ q: 'quokkaphone' });
    expect(page.items.map((p) => p.id)).toEqual([inName.id, inDescription.id]);
    // An explicit different sort still only returns matches.
    const byPrice = await anonymous().list({ q: 'quokkaphone', sort: 'price_asc' });
    expect(byPrice.items.map((p) => p.id)).toEqual([inDescription.id, inName.id]);
  });

  it('finds bluetooth headphones, best matches first', async () => {
    const page = await anonymous().list({ q: 'bluetooth headphones' });
    expect(page.items.length).toBeGreaterThan(3);
    expect(page.items[0]!.name).toMatch(/Bluetooth.*Headphones/);
    expect(page.correctedQuery).toBeNull();
  });

  it('tolerates typos: "bluetooth headphnes" and "hedphones"', async () => {
    const exact = await anonymous().list({ q: 'bluetooth headphones', limit: 100 });
    const typo = await anonymous().list({ q: 'bluetooth headphnes', limit: 100 });
    expect(typo.correctedQuery).toBe('bluetooth headphones');
    expect(typo.items.map((p) => p.id)).toEqual(exact.items.map((p) => p.id));
    const single = await anonymous().list({ q: 'hedphones' });
    expect(single.items.length).toBeGreaterThan(0);
    expect(single.items[0]!.name).toMatch(/Headphones/);
    expect(single.correctedQuery).toBe('headphones');
  });

  it('matches the last word as a prefix while typing', async () => {
    const page = await anonymous().list({ q: 'sonora headph' });
    expect(page.items.length).toBeGreaterThan(0);
    expect((await searchable(page.items)).every((text) => /sonora/i.test(text))).toBe(true);
  });

  it('falls back to trigram similarity on names when full text finds nothing', async () => {
    // A product the typo dictionary has not learnt yet (written behind the service's back), and
    // a misspelling of its name that no dictionary word is close to: only the name trigrams match.
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO catalog.products (id, sku, slug, name, description, price_amount, status, category_id)
       SELECT gen_random_uuid(), 'TST-ZANZIBAR', 'zanzibarian-teapot', 'Zanzibarian Teapot', 'A teapot.', 3900, 'active', id
       FROM catalog.categories WHERE slug = 'coffee-tea' RETURNING id`,
    );
    try {
      const page = await anonymous().list({ q: 'zanzibarien' });
      expect(page.correctedQuery).toBeNull();
      expect(page.items.map((p) => p.id)).toEqual([rows[0]!.id]);
    } finally {
      await pool.query('DELETE FROM catalog.products WHERE id = $1', [rows[0]!.id]);
    }
  });

  it('relaxes to any word when no product has them all, best matches first', async () => {
    const page = await anonymous().list({ q: 'quokkaphone headphones', limit: 100 });
    expect(page.items.length).toBeGreaterThan(1);
    expect((await searchable(page.items)).every((text) => /quokkaphone|headphone/i.test(text))).toBe(true);
    const walked = await walk({ q: 'quokkaphone headphones', limit: 7 });
    expect(new Set(walked.map((p) => p.id)).size).toBe(walked.length);
    expect(walked.length).toBe(page.facets.total);
  });

  it('corrects a word to the closest known one', async () => {
    const page = await anonymous().list({ q: 'sonorawireless' });
    expect(page.correctedQuery).toBe('wireless');
    expect((await searchable(page.items)).every((text) => /wireless/i.test(text))).toBe(true);
  });

  it('returns an empty page for nonsense', async () => {
    const page = await anonymous().list({ q: 'xqzvwk' });
    expect(page).toMatchObject({ items: [], nextCursor: null, facets: { total: 0 } });
  });
});

describe('detail and archive', () => {
  it('finds a product by id and by slug', async () => {
    const [first] = (await anonymous().list({ limit: 1 })).items;
    // The detail is the grid item plus its description.
    expect(await anonymous().byIdOrSlug({ idOrSlug: first!.id })).toEqual({ ...first, description: expect.any(String) });
    expect(await anonymous().byIdOrSlug({ idOrSlug: first!.slug })).toEqual({ ...first, description: expect.any(String) });
    expect((await failure(anonymous().byIdOrSlug({ idOrSlug: 'no-such-product' }))).code).toBe('NOT_FOUND');
    expect((await failure(anonymous().byIdOrSlug({ idOrSlug: '00000000-0000-4000-8000-00000000dead' }))).code).toBe('NOT_FOUND');
  });

  it('hides archived products from list and search but detail says archived', async () => {
    const product = await admin().create({
      sku: nextSku(),
      name: 'Wombatique Desk Lamp',
      description: 'A lamp.',
      price: { amount: 2_500 },
      category: 'lighting',
    });
    expect((await anonymous().list({ q: 'wombatique' })).items.map((p) => p.id)).toEqual([product.id]);
    await admin().archive({ id: product.id });
    expect((await anonymous().list({ q: 'wombatique' })).items).toEqual([]);
    const lighting = await walk({ category: 'lighting', limit: 100 });
    expect(lighting.map((p) => p.id)).not.toContain(product.id);
    expect(await anonymous().byIdOrSlug({ idOrSlug: product.slug })).toMatchObject({ id: product.id, status: 'archived' });
    // Archiving twice is fine.
    await expect(admin().archive({ id: product.id })).resolves.toBeUndefined();
  });

  it('hides drafts from everyone but admins', async () => {
    const { rows } = await pool.query<{ id: string; slug: string }>("SELECT id, slug FROM catalog.products WHERE status = 'draft' LIMIT 1");
    const draft = rows[0]!;
    expect((await failure(anonymous().byIdOrSlug({ idOrSlug: draft.slug }))).code).toBe('NOT_FOUND');
    expect((await failure(customer().byIdOrSlug({ idOrSlug: draft.id }))).code).toBe('NOT_FOUND');
    expect(await admin().byIdOrSlug({ idOrSlug: draft.slug })).toMatchObject({ id: draft.id, status: 'draft' });
    const all = await walk({ limit: 100 });
    expect(all.map((p) => p.id)).not.toContain(draft.id);
    expect(all.every((p) => p.status === 'active')).toBe(true);
  });
});

describe('categories', () => {
  it('answers the two-level tree with product counts that roll up', async () => {
    const tree = await anonymous().categories();
    expect(tree.length).toBeGreaterThanOrEqual(6);
    expect(tree.flatMap((c) => c.children).length).toBeGreaterThanOrEqual(20);
    for (const top of tree) expect(top.productCount).toBe(top.children.reduce((s, c) => s + c.productCount, 0));
    const total = tree.reduce((s, c) => s + c.productCount, 0);
    expect(total).toBe(await count("SELECT count(*) FROM catalog.products WHERE status = 'active'"));
  });
});

describe('admin writes', () => {
  it('creates a product (201 in REST) with defaults and finds it in list and search', async () => {
    const sku = nextSku();
    const created = await admin().create({
      sku,
      name: 'Sonora Aurora Over-Ear Headphones',
      description: 'Plush over-ear headphones.',
      price: { amount: 15_999, currency: 'USD' },
      category: 'headphones',
      brand: 'Sonora',
      attributes: { colour: 'Green', size: 'One Size', material: 'Leather' },
    });
    expect(created).toMatchObject({
      sku,
      slug: 'sonora-aurora-over-ear-headphones',
      status: 'active',
      price: { amount: 15_999, currency: 'USD' },
      category: { slug: 'headphones' },
      images: [{ url: '/images/products/sonora-aurora-over-ear-headphones.svg', alt: 'Sonora Aurora Over-Ear Headphones' }],
    });
    expect((await anonymous().list({ q: 'aurora headphones' })).items[0]!.id).toBe(created.id);
    expect((await anonymous().list({ limit: 1 })).items[0]!.id).toBe(created.id);
    // Same name again: the derived slug is disambiguated with the SKU.
    const twin = await admin().create({ sku: nextSku(), name: 'Sonora Aurora Over-Ear Headphones', price: { amount: 100 }, category: 'headphones' });
    expect(twin.slug).not.toBe(created.slug);
    expect(twin.slug.startsWith(created.slug)).toBe(true);
  });

  it('refuses duplicates with 409 and bad input with 400, writing nothing', async () => {
    const sku = nextSku();
    const base = { sku, slug: `slug-${sku.toLowerCase()}`, name: 'Conflict Test Pen', price: { amount: 500 }, category: 'pens' };
    await admin().create(base);
    const before = await count('SELECT count(*) FROM catalog.products');
    expect((await failure(admin().create({ ...base, slug: `${base.slug}-other` }))).code).toBe('CONFLICT');
    expect((await failure(admin().create({ ...base, sku: nextSku() }))).code).toBe('CONFLICT');
    const invalid: Record<string, unknown>[] = [
      { ...base, sku: nextSku(), slug: undefined, price: { amount: 0 } },
      { ...base, sku: nextSku(), slug: undefined, price: { amount: -5 } },
      { ...base, sku: nextSku(), slug: undefined, price: { amount: 12.5 } },
      { ...base, sku: nextSku(), slug: undefined, price: { amount: 100, currency: 'EUR' } },
      { ...base, sku: nextSku(), slug: 'Not A Slug' },
      { ...base, sku: '', slug: undefined },
      { ...base, sku: nextSku(), slug: undefined, name: '' },
      { ...base, sku: nextSku(), slug: undefined, images: [{ url: 'javascript:alert(1)', alt: 'x' }] },
      { ...base, sku: nextSku(), slug: undefined, images: [{ url: '//evil.example/x.svg', alt: 'x' }] },
      { ...base, sku: nextSku(), slug: undefined, attributes: { __proto__x: 'y', ['__proto__']: 'polluted' } },
    ];
    for (const input of invalid) expect((await failure(admin().create(input as never))).code, JSON.stringify(input)).toBe('VALIDATION_FAILED');
    const unknownCategory = await failure(admin().create({ ...base, sku: nextSku(), slug: undefined, category: 'no-such-category' }));
    expect(unknownCategory).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/category/) });
    expect(await count('SELECT count(*) FROM catalog.products')).toBe(before);
  });

  it('updates partially and keeps validation', async () => {
    const created = await admin().create({ sku: nextSku(), name: 'Update Test Notebook', price: { amount: 1_200 }, category: 'notebooks' });
    const other = await admin().create({ sku: nextSku(), name: 'Update Test Journal', price: { amount: 1_300 }, category: 'notebooks' });
    const updated = await admin().update({ id: created.id, price: { amount: 1_500 }, attributes: { colour: 'Red' } });
    expect(updated).toMatchObject({ id: created.id, name: 'Update Test Notebook', price: { amount: 1_500 }, attributes: { colour: 'Red' } });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
    expect((await anonymous().byIdOrSlug({ idOrSlug: created.id })).price.amount).toBe(1_500);
    const moved = await admin().update({ id: created.id, category: 'desk-accessories', slug: 'update-test-notebook-moved' });
    expect(moved).toMatchObject({ category: { slug: 'desk-accessories' }, images: [{ url: '/images/products/update-test-notebook-moved.svg' }] });
    expect((await failure(admin().update({ id: created.id, sku: other.sku }))).code).toBe('CONFLICT');
    expect((await failure(admin().update({ id: created.id, slug: other.slug }))).code).toBe('CONFLICT');
    expect((await failure(admin().update({ id: created.id, price: { amount: 0 } }))).code).toBe('VALIDATION_FAILED');
    expect((await failure(admin().update({ id: created.id, category: 'nope' }))).code).toBe('VALIDATION_FAILED');
    expect((await failure(admin().update({ id: '00000000-0000-4000-8000-00000000beef', name: 'x' }))).code).toBe('NOT_FOUND');
    expect((await failure(admin().update({ id: 'not-a-uuid', name: 'x' }))).code).toBe('VALIDATION_FAILED');
  });

  it('only lets admins write: customers get FORBIDDEN, anonymous callers UNAUTHORIZED', async () => {
    const input = { sku: nextSku(), name: 'Forbidden Product', price: { amount: 100 }, category: 'pens' };
    const [target] = (await anonymous().list({ limit: 1 })).items;
    expect((await failure(customer().create(input))).code).toBe('FORBIDDEN');
    expect((await failure(anonymous().create(input))).code).toBe('UNAUTHORIZED');
    expect((await failure(customer().update({ id: target!.id, name: 'x' }))).code).toBe('FORBIDDEN');
    expect((await failure(anonymous().update({ id: target!.id, name: 'x' }))).code).toBe('UNAUTHORIZED');
    expect((await failure(customer().archive({ id: target!.id }))).code).toBe('FORBIDDEN');
    expect((await failure(anonymous().archive({ id: target!.id }))).code).toBe('UNAUTHORIZED');
    expect((await failure(admin().archive({ id: '00000000-0000-4000-8000-00000000beef' }))).code).toBe('NOT_FOUND');
    // The service checks again even without the router's procedure ladder.
    await expect(service.create(CUSTOMER, { ...input, description: '', status: 'active', price: { amount: 100, currency: 'USD' } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await count('SELECT count(*) FROM catalog.products WHERE sku = $1', [input.sku])).toBe(0);
  });
});

describe('product images', () => {
  it('serves a deterministic SVG per product slug', async () => {
    const handle = createImageHandler(service);
    const [product] = (await anonymous().list({ limit: 1 })).items;
    const response = async (url: string, headers: Record<string, string> = {}) => {
      let status = 0;
      let head: Record<string, string> = {};
      let body = '';
      const res = {
        writeHead(code: number, h: Record<string, string>) {
          status = code;
          head = h;
        },
        end(chunk?: string) {
          body = chunk ?? '';
        },
      };
      const handled = await handle({ url, method: 'GET', headers } as never, res as never);
      return { handled, status, head, body };
    };
    const first = await response(product!.images[0]!.url);
    expect(first).toMatchObject({ handled: true, status: 200, head: { 'content-type': 'image/svg+xml; charset=utf-8' } });
    expect(first.body).toMatch(/^<svg /);
    expect((await response(product!.images[0]!.url)).body).toBe(first.body);
    expect((await response(product!.images[0]!.url, { 'if-none-match': first.head.etag! })).status).toBe(304);
    expect((await response('/images/products/no-such-product.svg')).status).toBe(404);
    expect((await response('/images/products/../../etc/passwd')).status).toBe(404);
    expect((await response('/products')).handled).toBe(false);
  });
});

describe('events, written in the same transaction as the change', () => {
  it('announces a created product, a price change (old and new), an archive, and nothing for a refused write', async () => {
    const product = await admin().create({ sku: nextSku(), name: 'Event Lamp', description: 'Bright', price: { amount: 4_000, currency: 'USD' }, status: 'active', category: 'pens' });
    await admin().update({ id: product.id, price: { amount: 3_500, currency: 'USD' } });
    await admin().update({ id: product.id, description: 'Brighter' }); // no announced fact changed: nothing
    await admin().archive({ id: product.id });
    const refused = await failure(admin().create({ sku: product.sku, name: 'Duplicate', description: '', price: { amount: 1, currency: 'USD' }, status: 'active', category: 'pens' }));
    expect(refused.code).toBe('CONFLICT');
    const rows = await outboxRows(pool, 'catalog', product.id);
    // Every write also records its audit entry (a description-only change too); admin.integration.test.ts covers them.
    expect(rows.filter((row) => row.type === 'catalog.audit_recorded').map((row) => row.payload.action)).toEqual(['created', 'updated', 'updated', 'archived']);
    expect(rows.filter((row) => row.type !== 'catalog.audit_recorded')).toMatchObject([
      { type: 'catalog.product_created', payload: { productId: product.id, price: { amount: 4_000 }, status: 'active' }, actor: { type: 'user', id: ADMIN.id } },
      { type: 'catalog.product_updated', payload: { changed: ['price'], price: { amount: 3_500 }, previousPrice: { amount: 4_000 }, status: 'active', previousStatus: 'active' } },
      { type: 'catalog.product_updated', payload: { changed: ['status'], status: 'archived', previousStatus: 'active' } },
      { type: 'catalog.product_archived', payload: { productId: product.id, sku: product.sku, previousStatus: 'active' } },
    ]);
    expectDeclared(rows, catalogEvents);
    expect(await count("SELECT count(*) FROM catalog.outbox_events WHERE payload->>'name' = 'Duplicate'")).toBe(0);
  });
});

