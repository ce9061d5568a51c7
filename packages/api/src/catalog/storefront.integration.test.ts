import { PERMISSIONS } from '@omnicart/contracts';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDomain } from '@omnicart/db';
import { seedCatalog } from '@omnicart/db/seed';
import { createTestDatabase, type TestDatabase } from '@omnicart/db/testing';
import type { AuthUser } from '../runtime/auth.js';
import type { RequestContext } from '../runtime/context.js';
import { createCallerFactory } from '../runtime/trpc.js';
import { createCatalogDb, createCatalogRepository, type CatalogDb } from './repository.js';
import { createCatalogRouter, type CatalogRouter } from './router.js';
import type { ProductChange } from './schemas.js';
import { createCatalogService, type CatalogService } from './service.js';

// catalog.byIds and catalog.changesSince (the storefront's cache revalidation feed) against a
// seeded throwaway database, through the router (input/output validation included).

const ADMIN: AuthUser = { id: '00000000-0000-4000-8000-000000000001', email: 'admin@omnicart.test', role: 'admin', staffRole: 'owner', permissions: PERMISSIONS };

let database: TestDatabase;
let pool: pg.Pool;
let db: CatalogDb;
let service: CatalogService;
const callerFor = (r: CatalogRouter) => createCallerFactory(r);
let call: ReturnType<typeof callerFor>;

const context = (user: AuthUser | null): RequestContext => ({ requestId: 'test', ip: '127.0.0.1', user, authError: null, service: null, idempotencyKey: null });
const anonymous = () => call(context(null));
const admin = () => call(context(ADMIN));

async function activeIds(n: number): Promise<{ id: string; sku: string; slug: string }[]> {
  const { rows } = await pool.query<{ id: string; sku: string; slug: string }>(
    `SELECT id::text AS id, sku, slug FROM catalog.products WHERE status = 'active' ORDER BY sku LIMIT $1`,
    [n],
  );
  return rows;
}

/** Every change after `cursor`, following `hasMore`, with the cursors handed out. */
async function drain(cursor: string, limit = 200): Promise<{ changes: ProductChange[]; cursor: string; pages: number }> {
  const changes: ProductChange[] = [];
  let pages = 0;
  for (;;) {
    const page = await anonymous().changesSince({ cursor, limit });
    pages++;
    changes.push(...page.changes);
    cursor = page.cursor;
    if (!page.hasMore) return { changes, cursor, pages };
    if (pages > 1_000) throw new Error('changes did not end');
  }
}

beforeAll(async () => {
  database = await createTestDatabase('catalog_storefront', { poolMax: 8 });
  pool = database.pool;
  await migrateDomain(pool, 'catalog');
  await seedCatalog(pool, { products: 300 });
  db = createCatalogDb(pool);
  service = createCatalogService(createCatalogRepository(db, pool), { cacheTtlMs: 0 });
  call = callerFor(createCatalogRouter(service));
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe('byIds', () => {
  it('answers active products in the order asked, once each, without unknown or archived ones', async () => {
    const [a, b, c, archived] = await activeIds(4);
    await admin().archive({ id: archived!.id });
    const unknown = randomUUID();
    const { items } = await anonymous().byIds({ ids: [c!.id, unknown, a!.id, archived!.id, b!.id, a!.id] });
    expect(items.map((item) => item.id)).toEqual([c!.id, a!.id, b!.id]);
    expect(items.every((item) => item.status === 'active' && !('stockQuantity' in item))).toBe(true);
    expect(items[0]).toMatchObject({ slug: c!.slug, price: { currency: 'USD' }, category: { slug: expect.any(String) }, images: [expect.anything()] });
    // Admins see the stock quantity, as in the list.
    expect((await admin().byIds({ ids: [a!.id] })).items[0]!.stockQuantity).toEqual(expect.any(Number));
  });

  it('refuses no ids, more than 50, and ids that are not uuids (400)', async () => {
    await expect(anonymous().byIds({ ids: [] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(anonymous().byIds({ ids: Array.from({ length: 51 }, () => randomUUID()) })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(anonymous().byIds({ ids: ['not-a-uuid'] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('changesSince', () => {
  it('starts with no changes and a cursor; then reports an update, a slug change, an archive and a creation', async () => {
    const start = await anonymous().changesSince({});
    expect(start).toEqual({ changes: [], cursor: expect.stringMatching(/^\d+\.\d+$/), hasMore: false });
    expect((await anonymous().changesSince({ cursor: start.cursor })).changes).toEqual([]);

    const [updated, renamed, archived] = await activeIds(8).then((rows) => rows.slice(5));
    await admin().update({ id: updated!.id, price: { amount: 4_242, currency: 'USD' } });
    await admin().update({ id: renamed!.id, slug: `${renamed!.slug}-renamed` });
    await admin().archive({ id: archived!.id });
    const created = await admin().create({ sku: `CHG-${Date.now()}`, name: 'Changefeed Lamp', price: { amount: 1_999 }, category: 'electronics' });

    const { changes, cursor } = await drain(start.cursor);
    expect(changes).toEqual([
      { id: updated!.id, slug: updated!.slug, previousSlug: null, kind: 'updated', updatedAt: expect.any(String) },
      { id: renamed!.id, slug: `${renamed!.slug}-renamed`, previousSlug: renamed!.slug, kind: 'updated', updatedAt: expect.any(String) },
      { id: archived!.id, slug: archived!.slug, previousSlug: null, kind: 'archived', updatedAt: expect.any(String) },
      { id: created.id, slug: created.slug, previousSlug: null, kind: 'created', updatedAt: expect.any(String) },
    ]);
    expect(Number.isNaN(Date.parse(changes[0]!.updatedAt))).toBe(false);
    // Nothing comes twice.
    expect((await anonymous().changesSince({ cursor })).changes).toEqual([]);
    // Archiving an archived product changes nothing (no row).
    await admin().archive({ id: archived!.id });
    expect((await anonymous().changesSince({ cursor })).changes).toEqual([]);
  });

  it('reports in-stock flips of the availability read model, not mere quantity changes', async () => {
    const [product] = await activeIds(12).then((rows) => rows.slice(11));
    const { cursor } = await anonymous().changesSince({});
    const apply = (available: number, version: number) => service.applyStockChanged({ sku: product!.sku, available, version });
    await apply(5, 1000); // unknown SKU → in stock: a flip
    await apply(3, 1001); // still in stock
    await apply(0, 1002); // sold out: a flip
    await apply(0, 1003); // still sold out
    await service.applyStockChangedBatch([{ sku: product!.sku, available: 7, version: 1004 }]); // back in stock
    const { changes } = await drain(cursor);
    expect(changes.map((change) => [change.id, change.kind])).toEqual([
      [product!.id, 'stock'],
      [product!.id, 'stock'],
      [product!.id, 'stock'],
    ]);
    expect(changes[0]).toMatchObject({ slug: product!.slug, previousSlug: null });
  });

  it('pages with limit and loses nothing: every change of a 250-product batch exactly once', async () => {
    const { cursor } = await anonymous().changesSince({});
    const rows = await activeIds(250);
    await pool.query(`UPDATE catalog.products SET description = description || ' (revised)', updated_at = now() WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
    const { changes, pages } = await drain(cursor, 7);
    expect(pages).toBeGreaterThanOrEqual(36);
    expect(changes).toHaveLength(250);
    expect(new Set(changes.map((c) => c.id))).toEqual(new Set(rows.map((r) => r.id)));
  });

  it('never hands out a cursor past a transaction that commits late', async () => {
    const [early, late] = await activeIds(20).then((rows) => rows.slice(18));
    const { cursor } = await anonymous().changesSince({});
    // A transaction takes its id first and commits last.
    const slow = await pool.connect();
    try {
      await slow.query('BEGIN');
      await slow.query(`UPDATE catalog.products SET name = name || ' (late)' WHERE id = $1::uuid`, [late!.id]);
      await admin().update({ id: early!.id, description: 'changed while another transaction is open' });
      const during = await drain(cursor);
      // The early, committed change is held back too: handing it out would move the cursor past the open transaction.
      expect(during.changes).toEqual([]);
      await slow.query('COMMIT');
      const after = await drain(during.cursor);
      expect(after.changes.map((c) => c.id).sort()).toEqual([early!.id, late!.id].sort());
    } finally {
      slow.release();
    }
  });

  it('refuses a malformed cursor (400) and works through the Prisma transport too', async () => {
    await expect(anonymous().changesSince({ cursor: '2026-01-01T00:00:00Z' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const viaPrisma = createCatalogService(createCatalogRepository(db), { cacheTtlMs: 0 });
    const start = await viaPrisma.changesSince({ limit: 200 });
    const [product] = await activeIds(1);
    await admin().update({ id: product!.id, description: 'prisma transport' });
    const page = await viaPrisma.changesSince({ cursor: start.cursor, limit: 200 });
    expect(page.changes.map((c) => c.id)).toEqual([product!.id]);
  });
});
