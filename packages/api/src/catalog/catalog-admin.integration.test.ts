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
import { runWithWork, setActor, workFrom } from '../runtime/trace.js';
import { createCallerFactory } from '../runtime/trpc.js';
import { expectDeclared, outboxRows } from '../testing/outbox.test-support.js';
import { catalogEvents } from './events.js';
import { createCatalogDb, createCatalogRepository, type CatalogDb } from './repository.js';
import { createCatalogRouter, type CatalogRouter } from './router.js';
import { createCatalogService } from './service.js';

/** Staff maintenance of the catalog: the category tree and the product CSV import/export. */

const OWNER: AuthUser = { id: '00000000-0000-4000-8000-000000000001', email: 'admin@omnicart.test', role: 'admin', staffRole: 'owner', permissions: PERMISSIONS };
const ANALYST: AuthUser = {
  id: '00000000-0000-4000-8000-000000000003',
  email: 'analyst@omnicart.test',
  role: 'admin',
  staffRole: 'analyst',
  permissions: ROLE_PERMISSIONS.analyst,
};

let database: TestDatabase;
let pool: pg.Pool;
let db: CatalogDb;
const callerFor = (r: CatalogRouter) => createCallerFactory(r);
let call: ReturnType<typeof callerFor>;

const context = (user: AuthUser | null): RequestContext => ({ requestId: 'req-admin-test', ip: '127.0.0.1', user, authError: null, service: null, idempotencyKey: null });
const owner = () => call(context(OWNER));
const anonymous = () => call(context(null));
/** Runs `fn` as a request of the owner does (the actor's e-mail and the request id the audit entries record). */
const asRequest = <T>(fn: () => Promise<T>): Promise<T> =>
  runWithWork(workFrom(null, null, null), () => {
    setActor({ type: 'user', id: OWNER.id }, { email: OWNER.email, requestId: 'req-admin-test' });
    return fn();
  });

async function failure(promise: Promise<unknown>): Promise<{ code: DomainErrorCode; message: string; details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCError);
    const trpcError = error as TRPCError;
    if (trpcError.cause instanceof DomainError) return { code: trpcError.cause.code, message: trpcError.cause.message, ...(trpcError.cause.details ? { details: trpcError.cause.details } : {}) };
    return { code: domainCodeFromTrpc(trpcError.code), message: trpcError.message };
  }
  throw new Error('expected the call to fail');
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await pool.query<{ count: string }>(sql, params);
  return Number(rows[0]!.count);
}

const auditCount = () => count(`SELECT count(*) FROM catalog.outbox_events WHERE type = 'catalog.audit_recorded'`);

beforeAll(async () => {
  database = await createTestDatabase('catalog_admin', { poolMax: 8 });
  pool = database.pool;
  await migrateDomain(pool, 'catalog');
  await seedCatalog(pool, { products: 120 });
  db = createCatalogDb(pool);
  // The default 2 s read cache stays on: writes must clear it for the public tree to follow.
  call = callerFor(createCatalogRouter(createCatalogService(createCatalogRepository(db))));
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe('categories', () => {
  it('creates, renames and moves categories; the public tree follows at once; each write is audited', async () => {
    await anonymous().categories(); // warm the read cache
    const top = await owner().createCategory({ name: 'Garden & Patio' });
    expect(top).toMatchObject({ slug: 'garden-and-patio', parentId: null, products: 0, children: 0 });
    const child = await owner().createCategory({ name: 'Planters', parentId: top.id });
    expect(child).toMatchObject({ slug: 'planters', parentId: top.id, position: 0 });

    let tree = await anonymous().categories();
    expect(tree.find((node) => node.id === top.id)?.children.map((c) => c.slug)).toEqual(['planters']);

    const renamed = await asRequest(() => owner().updateCategory({ id: child.id, name: 'Pots & Planters', slug: 'pots-planters' }));
    expect(renamed).toMatchObject({ name: 'Pots & Planters', slug: 'pots-planters' });
    const electronics = (await owner().staffCategories()).categories.find((c) => c.slug === 'electronics')!;
    const moved = await owner().moveCategory({ id: child.id, parentId: electronics.id });
    expect(moved.parentId).toBe(electronics.id);
    tree = await anonymous().categories();
    expect(tree.find((node) => node.id === top.id)?.children).toEqual([]);
    expect(tree.find((node) => node.id === electronics.id)?.children.at(-1)?.slug).toBe('pots-planters');

    const entries = await outboxRows(pool, 'catalog', child.id, 'catalog.audit_recorded');
    expectDeclared(entries, catalogEvents);
    expect(entries.map((row) => row.payload.action)).toEqual(['created', 'updated', 'moved']);
    expect(entries[1]!.payload).toMatchObject({
      entityType: 'category',
      label: 'Pots & Planters',
      actorEmail: OWNER.email,
      requestId: 'req-admin-test',
      changes: [
        { field: 'name', before: 'Planters', after: 'Pots & Planters' },
        { field: 'slug', before: 'planters', after: 'pots-planters' },
      ],
    });
    expect(entries[2]!.payload.changes).toContainEqual({ field: 'parentId', before: top.id, after: electronics.id });

    // Tidy up for the tests below.
    await owner().moveCategory({ id: child.id, parentId: null });
    await owner().deleteCategory({ id: child.id });
    await owner().deleteCategory({ id: top.id });
  });

  it('keeps the tree two levels deep: no parent that is a sub-category, no parent for a category with children, not itself', async () => {
    const { categories } = await owner().staffCategories();
    const electronics = categories.find((c) => c.slug === 'electronics')!;
    const headphones = categories.find((c) => c.slug === 'headphones')!;
    const clothing = categories.find((c) => c.slug === 'clothing')!;
    expect(await failure(owner().createCategory({ name: 'In-ear', parentId: headphones.id }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('at most two levels'),
    });
    expect(await failure(owner().moveCategory({ id: electronics.id, parentId: clothing.id }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('sub-categories'),
    });
    expect(await failure(owner().moveCategory({ id: clothing.id, parentId: clothing.id }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await failure(owner().moveCategory({ id: headphones.id, parentId: headphones.id }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await failure(owner().createCategory({ name: 'Again', slug: 'headphones' }))).toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses to delete a category that still has products or sub-categories, saying what to do', async () => {
    const { categories } = await owner().staffCategories();
    const withProducts = categories.find((c) => c.parentId !== null && c.products > 0)!;
    const before = await auditCount();
    const refusal = await failure(owner().deleteCategory({ id: withProducts.id }));
    expect(refusal.code).toBe('INVALID_STATE');
    expect(refusal.message).toContain(`Move its ${withProducts.products} product${withProducts.products === 1 ? '' : 's'} to another category first`);
    const parent = categories.find((c) => c.slug === 'electronics')!;
    expect((await failure(owner().deleteCategory({ id: parent.id }))).message).toContain(`Move or delete its ${parent.children} sub-categories first`);
    expect(await count('SELECT count(*) FROM catalog.categories WHERE id = ANY($1::uuid[])', [[withProducts.id, parent.id]])).toBe(2);
    expect(await auditCount()).toBe(before);
  });

  it('reorders siblings; concurrent reorders leave positions 0..n-1 without ties', async () => {
    const parent = (await owner().staffCategories()).categories.find((c) => c.slug === 'home-kitchen')!;
    const siblings = () => owner().staffCategories().then(({ categories }) => categories.filter((c) => c.parentId === parent.id));
    const initial = await siblings();
    const last = initial.at(-1)!;
    await owner().reorderCategory({ id: last.id, position: 0 });
    const after = await siblings();
    expect(after.map((c) => c.id)).toEqual([last.id, ...initial.slice(0, -1).map((c) => c.id)]);
    expect(after.map((c) => c.position)).toEqual(after.map((_, index) => index));
    const reordered = await outboxRows(pool, 'catalog', initial[0]!.id, 'catalog.audit_recorded');
    expect(reordered.at(-1)!.payload).toMatchObject({ action: 'reordered', changes: [{ field: 'position', before: 0, after: 1 }] });

    await Promise.all(initial.flatMap((c, index) => [owner().reorderCategory({ id: c.id, position: (index * 3) % initial.length }), owner().reorderCategory({ id: c.id, position: 99 })]));
    const final = await siblings();
    expect(final.map((c) => c.position).sort((a, b) => a - b)).toEqual(initial.map((_, index) => index));
    expect(new Set(final.map((c) => c.id))).toEqual(new Set(initial.map((c) => c.id)));
  });

  it('refuses staff without categories:write and anonymous callers', async () => {
    expect((await failure(call(context(ANALYST)).createCategory({ name: 'Nope' }))).code).toBe('FORBIDDEN');
    expect((await failure(anonymous().createCategory({ name: 'Nope' }))).code).toBe('UNAUTHORIZED');
    expect(await count(`SELECT count(*) FROM catalog.categories WHERE name = 'Nope'`)).toBe(0);
    expect((await call(context(ANALYST)).staffCategories()).categories.length).toBeGreaterThan(0);
  });
});

describe('product CSV import', () => {
  const header = 'sku,name,description,price,currency,category,brand,status,attributes';
  const good = [
    header,
    'IMP-0001,Trail Lantern,"Bright, light; waterproof",24.50,USD,lighting,Lumio,active,colour=Green; size=M',
    'IMP-0002,"Desk ""Pro"" Lamp","Two\nlines",89.00,,lighting,,draft,',
  ];
  const broken = [...good.slice(0, 2), 'IMP-0002,"Desk ""Pro"" Lamp","Two\nlines",eighty,,lighting,,draft,', 'IMP-0003,Patio Chair,,45,,garden-furniture,,,'];
  const fixed = [...good, 'IMP-0003,Patio Chair,,45,,bedding,,,'];

  it('reports every bad row with its line and writes nothing', async () => {
    const before = { products: await count('SELECT count(*) FROM catalog.products'), outbox: await count('SELECT count(*) FROM catalog.outbox_events') };
    const csv = broken.join('\r\n');
    const preview = await owner().importPreview({ csv });
    expect(preview.errors).toEqual([
      { line: 3, field: 'price', message: expect.stringContaining('"eighty" is not a price') },
      { line: 5, field: 'category', message: expect.stringContaining('Unknown category "garden-furniture"') },
    ]);
    expect(preview.counts).toEqual({ create: 1, update: 0, unchanged: 0, invalid: 2 });

    const refusal = await failure(owner().importApply({ csv }));
    expect(refusal.code).toBe('VALIDATION_FAILED');
    expect(refusal.message).toContain('2 problems');
    expect((refusal.details?.errors as unknown[]).length).toBe(2);
    expect(await count('SELECT count(*) FROM catalog.products')).toBe(before.products);
    expect(await count('SELECT count(*) FROM catalog.outbox_events')).toBe(before.outbox);
  });

  it('imports the corrected file with events and audit entries; the same file again changes nothing', async () => {
    const csv = fixed.join('\n');
    const preview = await owner().importPreview({ csv });
    expect(preview.errors).toEqual([]);
    expect(preview.rows.map((row) => [row.line, row.action])).toEqual([
      [2, 'create'],
      [3, 'create'],
      [5, 'create'],
    ]);
    const importId = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
    expect(await asRequest(() => owner().importApply({ csv, importId }))).toEqual({ created: 3, updated: 0, unchanged: 0 });
    expect(await owner().importProgress({ importId })).toEqual({ state: 'done', processed: 3, total: 3 });

    const lamp = await owner().byIdOrSlug({ idOrSlug: 'desk-pro-lamp' });
    expect(lamp).toMatchObject({ sku: 'IMP-0002', name: 'Desk "Pro" Lamp', description: 'Two\nlines', price: { amount: 8900 }, status: 'draft', brand: null });
    const lantern = await owner().byIdOrSlug({ idOrSlug: 'trail-lantern' });
    expect(lantern.attributes).toEqual({ colour: 'Green', size: 'M' });
    const rows = await outboxRows(pool, 'catalog', lantern.id);
    expectDeclared(rows, catalogEvents);
    expect(rows.map((row) => row.type).sort()).toEqual(['catalog.audit_recorded', 'catalog.product_created']);
    expect(rows.find((row) => row.type === 'catalog.audit_recorded')!.payload).toMatchObject({ entityType: 'product', action: 'created', actorEmail: OWNER.email, requestId: 'req-admin-test' });

    const audits = await auditCount();
    const outbox = await count('SELECT count(*) FROM catalog.outbox_events');
    const again = await owner().importPreview({ csv });
    expect(again.counts).toEqual({ create: 0, update: 0, unchanged: 3, invalid: 0 });
    expect(await owner().importApply({ csv })).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect(await auditCount()).toBe(audits);
    expect(await count('SELECT count(*) FROM catalog.outbox_events')).toBe(outbox);
  });

  it('updates only the fields that differ, with the product event and a field diff in the audit entry', async () => {
    const csv = [header, 'IMP-0001,Trail Lantern,"Bright, light; waterproof",19.99,USD,lighting,Lumio,active,colour=Green; size=M'].join('\n');
    const preview = await owner().importPreview({ csv });
    expect(preview.rows).toEqual([{ line: 2, sku: 'IMP-0001', name: 'Trail Lantern', action: 'update', changed: ['price'] }]);
    expect(await owner().importApply({ csv })).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const lantern = await owner().byIdOrSlug({ idOrSlug: 'trail-lantern' });
    const events = await outboxRows(pool, 'catalog', lantern.id);
    expect(events.at(-2)!.type === 'catalog.product_updated' || events.at(-1)!.type === 'catalog.product_updated').toBe(true);
    const audit = events.filter((row) => row.type === 'catalog.audit_recorded').at(-1)!;
    expect(audit.payload).toMatchObject({ action: 'updated', changes: [{ field: 'price', before: 2450, after: 1999 }] });
  });

  it('refuses a file over the size limit with 413 and without auth', async () => {
    expect((await failure(owner().importPreview({ csv: `${header}\n${'x'.repeat(950 * 1024)}` }))).code).toBe('PAYLOAD_TOO_LARGE');
    expect((await failure(call(context(ANALYST)).importApply({ csv: fixed.join('\n') }))).code).toBe('FORBIDDEN');
  });

  it('exports pages in the import format that import back unchanged', async () => {
    let csv = '';
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await owner().exportPage({ limit: 50, ...(after ? { after } : {}) });
      if (!csv) csv = page.header;
      csv += page.csv;
      after = page.next ?? undefined;
      pages++;
    } while (after);
    const total = await count('SELECT count(*) FROM catalog.products');
    expect(pages).toBe(Math.ceil(total / 50));
    const preview = await owner().importPreview({ csv });
    expect(preview.errors).toEqual([]);
    expect(preview.counts).toEqual({ create: 0, update: 0, unchanged: total, invalid: 0 });

    const drafts = await owner().exportPage({ status: 'draft', category: 'home-kitchen' });
    const lines = drafts.csv.split('\r\n').filter(Boolean);
    expect(lines).toContain('IMP-0002,"Desk ""Pro"" Lamp","Two\nlines",89.00,USD,lighting,,draft,');
    expect(lines.every((line) => line.includes(',draft,'))).toBe(true);
    expect(lines.length).toBe(await count(`SELECT count(*) FROM catalog.products p JOIN catalog.categories c ON c.id = p.category_id
      LEFT JOIN catalog.categories t ON t.id = c.parent_id WHERE p.status = 'draft' AND 'home-kitchen' IN (c.slug, t.slug)`));
  });
});
