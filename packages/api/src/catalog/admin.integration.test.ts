import { PERMISSIONS, ROLE_PERMISSIONS } from '@omnicart/contracts';
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
import { createCatalogDb, createCatalogRepository, type CatalogDb } from './repository.js';
import { createCatalogRouter, type CatalogRouter } from './router.js';
import type { ProductDto, ProductListItem } from './schemas.js';
import { createCatalogService, type CatalogService } from './service.js';

// The staff side of the catalog: the admin table (catalog.search), restore, bulk changes with a
// preview, the audit entries every product write records, and who may do what.

const OWNER: AuthUser = { id: '00000000-0000-4000-8000-000000000001', email: 'admin@omnicart.test', role: 'admin', staffRole: 'owner', permissions: PERMISSIONS };
const ORDER_MANAGER: AuthUser = {
  id: '00000000-0000-4000-8000-000000000003',
  email: 'orders@omnicart.test',
  role: 'admin',
  staffRole: 'order_manager',
  permissions: ROLE_PERMISSIONS.order_manager,
};
const CUSTOMER: AuthUser = { id: '00000000-0000-4000-8000-000000000002', email: 'demo@omnicart.test', role: 'customer', staffRole: null, permissions: [] };

let database: TestDatabase;
let pool: pg.Pool;
let db: CatalogDb;
let service: CatalogService;
let router: CatalogRouter;
const callerFor = (r: CatalogRouter) => createCallerFactory(r);
let call: ReturnType<typeof callerFor>;

const context = (user: AuthUser | null): RequestContext => ({ requestId: 'req-admin-test', ip: '127.0.0.1', user, authError: null, service: null, idempotencyKey: null });
const owner = () => call(context(OWNER));
const orderManager = () => call(context(ORDER_MANAGER));

async function failure(promise: Promise<unknown>): Promise<{ code: DomainErrorCode; message: string; details?: Record<string, unknown> | undefined }> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCError);
    const trpcError = error as TRPCError;
    if (trpcError.cause instanceof DomainError) return { code: trpcError.cause.code, message: trpcError.cause.message, details: trpcError.cause.details };
    return { code: domainCodeFromTrpc(trpcError.code), message: trpcError.message };
  }
  throw new Error('expected the call to fail');
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await pool.query<{ count: string }>(sql, params);
  return Number(rows[0]!.count);
}

let skuCounter = 0;
const nextSku = () => `ADM-${Date.now().toString(36).toUpperCase()}-${++skuCounter}`;
const newProduct = (overrides: { name?: string; amount?: number; status?: 'draft' | 'active' | 'archived'; category?: string; brand?: string } = {}) =>
  owner().create({
    sku: nextSku(),
    name: overrides.name ?? `Admin Lamp ${skuCounter}`,
    description: 'A lamp',
    price: { amount: overrides.amount ?? 1_000, currency: 'USD' },
    status: overrides.status ?? 'active',
    category: overrides.category ?? 'pens',
    ...(overrides.brand ? { brand: overrides.brand } : {}),
  });

beforeAll(async () => {
  database = await createTestDatabase('catalog_admin', { poolMax: 8 });
  pool = database.pool;
  await migrateDomain(pool, 'catalog');
  await seedCatalog(pool, { products: 400 });
  // Some drafts and archived products, and stock for half the catalog (the availability read model).
  await pool.query(`UPDATE catalog.products SET status = 'draft' WHERE sku IN (SELECT sku FROM catalog.products ORDER BY sku LIMIT 30)`);
  await pool.query(`UPDATE catalog.products SET status = 'archived' WHERE sku IN (SELECT sku FROM catalog.products ORDER BY sku DESC LIMIT 20)`);
  await pool.query(`INSERT INTO catalog.stock_levels (sku, available, version, updated_at)
    SELECT sku, 5, 1, now() FROM catalog.products WHERE (abs(hashtext(sku)) % 2) = 0`);
  db = createCatalogDb(pool);
  service = createCatalogService(createCatalogRepository(db), { cacheTtlMs: 0 });
  router = createCatalogRouter(service);
  call = callerFor(router);
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe('catalog.search (the admin table)', () => {
  it('pages every status by number, 20 by default, newest change first, with the total', async () => {
    const all = await count('SELECT count(*) FROM catalog.products');
    const page = await owner().search({});
    expect(page).toMatchObject({ total: all, page: 1, pageSize: 20 });
    expect(page.items).toHaveLength(20);
    const times = page.items.map((item) => item.updatedAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(page.items[0]).toHaveProperty('stockQuantity');

    // Every page of 100 once: no duplicates, no gaps.
    const seen = new Set<string>();
    for (let number = 1; number <= Math.ceil(all / 100); number++) {
      const next = await owner().search({ sort: 'name_asc', page: number, pageSize: 100 });
      for (const item of next.items) seen.add(item.id);
    }
    expect(seen.size).toBe(all);
    expect((await owner().search({ page: 99, pageSize: 100 })).items).toEqual([]);
  });

  it('filters by status, name/SKU/brand, category with its sub-categories, stock and price, and sorts', async () => {
    for (const status of ['draft', 'active', 'archived'] as const) {
      const page = await owner().search({ status, pageSize: 100 });
      expect(page.total).toBe(await count('SELECT count(*) FROM catalog.products WHERE status = $1', [status]));
      expect(page.items.every((item) => item.status === status)).toBe(true);
    }
    const marker = await newProduct({ name: 'Zebrawood Desk Organiser', brand: 'Quillcraft', amount: 4_321 });
    expect((await owner().search({ q: 'zebrawood' })).items.map((i) => i.id)).toEqual([marker.id]);
    expect((await owner().search({ q: marker.sku.toLowerCase() })).items.map((i) => i.id)).toEqual([marker.id]);
    expect((await owner().search({ q: 'quillcraft' })).items.map((i) => i.id)).toContain(marker.id);
    expect((await owner().search({ q: '100%_' })).total).toBe(0); // LIKE wildcards are taken literally

    const electronics = await owner().search({ category: 'electronics', pageSize: 100 });
    const { rows: subtree } = await pool.query<{ id: string }>(
      "SELECT id::text FROM catalog.categories WHERE slug = 'electronics' OR parent_id = (SELECT id FROM catalog.categories WHERE slug = 'electronics')",
    );
    expect(subtree.length).toBeGreaterThan(1);
    expect(electronics.total).toBe(await count('SELECT count(*) FROM catalog.products WHERE category_id = ANY($1::uuid[])', [subtree.map((r) => r.id)]));
    expect(electronics.total).toBeGreaterThan(0);

    const inStock = await owner().search({ inStock: true, pageSize: 100 });
    expect(inStock.total).toBe(await count('SELECT count(*) FROM catalog.products p JOIN catalog.stock_levels s USING (sku) WHERE s.available > 0'));
    expect(inStock.items.every((item) => item.inStock && item.stockQuantity === 5)).toBe(true);
    const soldOut = await owner().search({ inStock: false, pageSize: 10 });
    expect(soldOut.total + inStock.total).toBe(await count('SELECT count(*) FROM catalog.products'));

    const priced = await owner().search({ minPrice: 2_000, maxPrice: 5_000, sort: 'price_desc', pageSize: 100 });
    expect(priced.total).toBe(await count('SELECT count(*) FROM catalog.products WHERE price_amount BETWEEN 2000 AND 5000'));
    const prices = priced.items.map((item) => item.price.amount);
    expect(prices.every((p) => p >= 2_000 && p <= 5_000)).toBe(true);
    expect([...prices].sort((a, b) => b - a)).toEqual(prices);

    const names = (await owner().search({ sort: 'name_asc', pageSize: 50 })).items.map((item) => item.name);
    const { rows: expected } = await pool.query<{ name: string }>('SELECT name FROM catalog.products ORDER BY name, id LIMIT 50');
    expect(names).toEqual(expected.map((r) => r.name));

    const combined = await owner().search({ q: 'zebrawood', status: 'active', category: 'pens', minPrice: 4_000, maxPrice: 5_000, inStock: false });
    expect(combined.items.map((i) => i.id)).toEqual([marker.id]);
  });

  it('refuses bad filters with 400 and a message', async () => {
    expect(await failure(owner().search({ minPrice: 500, maxPrice: 100 }))).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/^minPrice/) });
    expect(await failure(owner().search({ category: 'no-such-category' }))).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/category/) });
    expect((await failure(owner().search({ pageSize: 15 }))).code).toBe('VALIDATION_FAILED');
    expect((await failure(owner().search({ page: 0 }))).code).toBe('VALIDATION_FAILED');
    expect((await failure(owner().search({ sort: 'random' as never }))).code).toBe('VALIDATION_FAILED');
  });
});

describe('restore and the audit trail of product writes', () => {
  it('archives and restores as a draft, each write with one audit entry in its transaction', async () => {
    const product = await newProduct({ name: 'Audit Lamp', amount: 2_500 });
    await owner().update({ id: product.id, price: { amount: 2_000, currency: 'USD' }, description: 'Brighter' });
    await owner().update({ id: product.id, name: 'Audit Lamp' }); // no change: no entry
    await owner().archive({ id: product.id });
    const restored = await owner().restore({ id: product.id });
    expect(restored).toMatchObject({ id: product.id, status: 'draft' });
    expect(await failure(owner().restore({ id: product.id }))).toMatchObject({ code: 'INVALID_STATE', message: 'Only an archived product can be restored; this one is draft' });
    expect((await failure(owner().restore({ id: '00000000-0000-4000-8000-00000000beef' }))).code).toBe('NOT_FOUND');

    const audit = await outboxRows(pool, 'catalog', product.id, 'catalog.audit_recorded');
    expect(audit.map((row) => row.payload.action)).toEqual(['created', 'updated', 'archived', 'restored']);
    expect(audit[0]!.payload).toMatchObject({ entityType: 'product', entityId: product.id, label: 'Audit Lamp' });
    expect(audit[1]!.payload.changes).toEqual([
      { field: 'description', before: 'A lamp', after: 'Brighter' },
      { field: 'price', before: 2_500, after: 2_000 },
    ]);
    expect(audit[2]!.payload.changes).toEqual([{ field: 'status', before: 'active', after: 'archived' }]);
    expect(audit[3]!.payload.changes).toEqual([{ field: 'status', before: 'archived', after: 'draft' }]);
    const rows = await outboxRows(pool, 'catalog', product.id);
    expectDeclared(rows, catalogEvents);
    // The restore also announces the status change (storefront caches follow product_updated).
    expect(rows.filter((row) => row.type === 'catalog.product_updated').at(-1)!.payload).toMatchObject({ status: 'draft', previousStatus: 'archived' });
  });
});

describe('bulk changes: preview, then apply all or nothing', () => {
  async function three(amounts: [number, number, number]): Promise<ProductDto[]> {
    return Promise.all(amounts.map((amount) => newProduct({ amount })));
  }
  const versions = (items: { id: string; updatedAt: string }[]) => items.map(({ id, updatedAt }) => ({ id, updatedAt }));
  const prices = async (ids: string[]) => {
    const { rows } = await pool.query<{ id: string; price: number }>('SELECT id::text, price_amount AS price FROM catalog.products WHERE id = ANY($1::uuid[])', [ids]);
    return Object.fromEntries(rows.map((r) => [r.id, r.price]));
  };

  it('previews a price change per product (rounded half up to the cent) with refusals, writing nothing', async () => {
    const [a, b, c] = await three([999, 1, 99_999_999]);
    const missing = '00000000-0000-4000-8000-00000000dead';
    const preview = await owner().bulkPreview({ ids: [a!.id, b!.id, c!.id, missing], action: { kind: 'change_price', percent: 12.5 } });
    expect(preview).toMatchObject({ changes: 1, unchanged: 1, refused: 1, missing: [missing] });
    expect(preview.items.map((i) => [i.id, i.before.price.amount, i.after.price.amount, i.outcome])).toEqual([
      [a!.id, 999, 1_124, 'change'], // 1123.875 → 1124
      [b!.id, 1, 1, 'unchanged'], // 1.125 → 1
      [c!.id, 99_999_999, 99_999_999, 'refused'],
    ]);
    expect(preview.items[2]!.reason).toBe('The new price would be $1,124,999.99: above the highest price, $1,000,000.00');
    expect(preview.items[0]).toMatchObject({ sku: a!.sku, name: a!.name, updatedAt: a!.updatedAt, before: { status: 'active', category: { name: expect.any(String) } } });

    const cheaper = await owner().bulkPreview({ ids: [a!.id, b!.id], action: { kind: 'change_price', percent: -60 } });
    expect(cheaper.items.map((i) => [i.after.price.amount, i.outcome, i.reason])).toEqual([
      [400, 'change', null], // 399.6 → 400
      [1, 'refused', 'The new price would be $0.00: a price must be at least $0.01'],
    ]);
    expect(await prices([a!.id, b!.id, c!.id])).toEqual({ [a!.id]: 999, [b!.id]: 1, [c!.id]: 99_999_999 });

    expect((await failure(owner().bulkPreview({ ids: [a!.id], action: { kind: 'change_price', percent: 0.001 } }))).code).toBe('VALIDATION_FAILED');
    expect((await failure(owner().bulkPreview({ ids: [a!.id], action: { kind: 'change_price', percent: -100 } }))).code).toBe('VALIDATION_FAILED');
    expect((await failure(owner().bulkPreview({ ids: [a!.id], action: { kind: 'move_category', category: 'nowhere' } }))).code).toBe('VALIDATION_FAILED');
    const tooMany = Array.from({ length: 501 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    expect((await failure(owner().bulkPreview({ ids: tooMany, action: { kind: 'set_status', status: 'draft' } }))).code).toBe('VALIDATION_FAILED');
  });

  it('applies a previewed price change to every product in one go, with events and audit entries', async () => {
    const products = await three([1_000, 2_000, 3_000]);
    const preview = await owner().bulkPreview({ ids: products.map((p) => p.id), action: { kind: 'change_price', percent: -10 } });
    const result = await owner().bulkApply({ action: preview.action, items: versions(preview.items) });
    expect(result).toEqual({ changed: 3, unchanged: 0 });
    expect(await prices(products.map((p) => p.id))).toEqual({ [products[0]!.id]: 900, [products[1]!.id]: 1_800, [products[2]!.id]: 2_700 });
    for (const product of products) {
      const rows = await outboxRows(pool, 'catalog', product.id);
      expectDeclared(rows, catalogEvents);
      expect(rows.map((r) => r.type)).toEqual(['catalog.product_created', 'catalog.audit_recorded', 'catalog.product_updated', 'catalog.audit_recorded']);
      expect(rows[3]!.payload).toMatchObject({
        action: 'updated',
        changes: [{ field: 'price', before: product.price.amount, after: product.price.amount * 0.9 }],
      });
    }
  });

  it('refuses the whole apply when one product is refused, and when the selection changed since the preview (409)', async () => {
    const [a, b, c] = await three([1_000, 1, 5_000]);
    const ids = [a!.id, b!.id, c!.id];
    const refused = await owner().bulkPreview({ ids, action: { kind: 'change_price', percent: -60 } });
    const refusal = await failure(owner().bulkApply({ action: refused.action, items: versions(refused.items) }));
    expect(refusal.code).toBe('VALIDATION_FAILED');
    expect(refusal.message).toContain(`${b!.sku}: The new price would be $0.00`);
    expect(await prices(ids)).toEqual({ [a!.id]: 1_000, [b!.id]: 1, [c!.id]: 5_000 });

    const preview = await owner().bulkPreview({ ids: [a!.id, c!.id], action: { kind: 'set_status', status: 'archived' } });
    await owner().update({ id: c!.id, description: 'Edited meanwhile' });
    const stale = await failure(owner().bulkApply({ action: preview.action, items: versions(preview.items) }));
    expect(stale).toMatchObject({ code: 'CONFLICT', message: '1 of the selected products changed since the preview; preview the change again', details: { stale: [c!.id] } });
    expect(await count("SELECT count(*) FROM catalog.products WHERE id = ANY($1::uuid[]) AND status = 'archived'", [ids])).toBe(0);

    const gone = await failure(owner().bulkApply({ action: preview.action, items: [...versions(preview.items), { id: '00000000-0000-4000-8000-00000000dead', updatedAt: a!.updatedAt }] }));
    expect(gone.code).toBe('CONFLICT');
    const twice = await failure(owner().bulkApply({ action: preview.action, items: [versions(preview.items)[0]!, versions(preview.items)[0]!] }));
    expect(twice.code).toBe('VALIDATION_FAILED');
    expect(await count("SELECT count(*) FROM catalog.outbox_events WHERE aggregate_id = ANY($1::text[]) AND payload->>'action' = 'archived'", [ids])).toBe(0);
  });

  it('sets a status (archiving announces product_archived) and moves to a category, skipping products already so', async () => {
    const [a, b] = await Promise.all([newProduct({ status: 'active' }), newProduct({ status: 'archived' })]);
    const preview = await owner().bulkPreview({ ids: [a!.id, b!.id], action: { kind: 'set_status', status: 'archived' } });
    expect(preview.items.map((i) => i.outcome)).toEqual(['change', 'unchanged']);
    expect(await owner().bulkApply({ action: preview.action, items: versions(preview.items) })).toEqual({ changed: 1, unchanged: 1 });
    expect((await outboxRows(pool, 'catalog', a!.id)).map((r) => r.type)).toContain('catalog.product_archived');
    expect((await outboxRows(pool, 'catalog', b!.id, 'catalog.audit_recorded')).map((r) => r.payload.action)).toEqual(['created']);

    const move = await owner().bulkPreview({ ids: [a!.id, b!.id], action: { kind: 'move_category', category: 'headphones' } });
    expect(move.items.map((i) => [i.before.category.name, i.after.category.name])).toEqual([
      [a!.category.name, 'Headphones'],
      [b!.category.name, 'Headphones'],
    ]);
    expect(await owner().bulkApply({ action: move.action, items: versions(move.items) })).toEqual({ changed: 2, unchanged: 0 });
    const moved = await owner().search({ q: a!.sku });
    expect(moved.items.map((i: ProductListItem) => i.category.slug)).toEqual(['headphones']);
    const entry = (await outboxRows(pool, 'catalog', b!.id, 'catalog.audit_recorded')).at(-1)!;
    expect(entry.payload).toMatchObject({ action: 'updated', changes: [{ field: 'categoryId', before: b!.category.id }] });
  });
});

describe('who may do what', () => {
  it('lets an order manager read the table but refuses every product write, at the procedure and in the service', async () => {
    const product = await newProduct({ status: 'archived' });
    expect((await orderManager().search({ pageSize: 10 })).items).toHaveLength(10);
    const refusals = await Promise.all([
      failure(orderManager().restore({ id: product.id })),
      failure(orderManager().bulkPreview({ ids: [product.id], action: { kind: 'set_status', status: 'active' } })),
      failure(orderManager().bulkApply({ action: { kind: 'set_status', status: 'active' }, items: [{ id: product.id, updatedAt: product.updatedAt }] })),
      failure(orderManager().update({ id: product.id, name: 'Nope' })),
      failure(orderManager().create({ sku: nextSku(), name: 'Nope', description: '', price: { amount: 100, currency: 'USD' }, status: 'active', category: 'pens' })),
    ]);
    for (const refusal of refusals) expect(refusal).toMatchObject({ code: 'FORBIDDEN', message: 'This operation requires the products:write permission' });
    // The service checks on its own, whatever called it.
    await expect(service.restore(ORDER_MANAGER, product.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(service.bulkApply(ORDER_MANAGER, { action: { kind: 'set_status', status: 'active' }, items: [{ id: product.id, updatedAt: product.updatedAt }] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(service.search(CUSTOMER, { sort: 'updated_desc', page: 1, pageSize: 20 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(service.search(null, { sort: 'updated_desc', page: 1, pageSize: 20 })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await failure(call(context(CUSTOMER)).search({}))).code).toBe('FORBIDDEN');
    expect((await failure(call(context(null)).search({}))).code).toBe('UNAUTHORIZED');
    expect(await count("SELECT count(*) FROM catalog.products WHERE id = $1 AND status = 'archived'", [product.id])).toBe(1);
  });
});
