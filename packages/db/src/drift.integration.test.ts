import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareSchema, introspectSchema, loadDatamodel, prismaDefaultName, type Datamodel } from './drift.js';
import { listDomainsWithMigrations, migrateDomain } from './migrate.js';
import { PRISMA_ROOT } from './paths.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

const FIXTURES = fileURLToPath(new URL('./__fixtures__/prisma', import.meta.url));
const domains = listDomainsWithMigrations().filter((domain) => existsSync(join(PRISMA_ROOT, domain, 'schema.prisma')));

// THE drift test: every domain's Prisma schema matches what its SQL migrations build.
describe('every Prisma schema matches its migrated database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('db_drift');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('has domains to check', () => {
    expect(domains.length).toBeGreaterThan(0);
  });

  it.each(domains)('%s: tables, columns, types, nullability, defaults, enums, keys and indexes', async (domain) => {
    await migrateDomain(db.pool, domain);
    const datamodel = await loadDatamodel(join(PRISMA_ROOT, domain, 'schema.prisma'));
    expect(datamodel.models.length).toBeGreaterThan(0);
    const issues = compareSchema(datamodel, await introspectSchema(db.pool, domain));
    expect(issues, `drift in ${domain}:\n${issues.join('\n')}`).toEqual([]);
  });
});

// Proof that the comparer is not blind: break a correct fixture database in known ways.
describe('the drift comparer', () => {
  let db: TestDatabase;
  let datamodel: Datamodel;
  beforeAll(async () => {
    db = await createTestDatabase('db_drift_fixture');
    await migrateDomain(db.pool, 'shop', { migrationsRoot: FIXTURES });
    datamodel = await loadDatamodel(join(FIXTURES, 'shop', 'schema.prisma'));
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('reads Unsupported fields that the DMMF leaves out', () => {
    const order = datamodel.models.find((model) => model.name === 'Order');
    expect(order?.fields.find((field) => field.name === 'search')).toMatchObject({ kind: 'unsupported', type: 'tsvector', isRequired: false });
  });

  it('finds no drift in a database built by the matching migrations', async () => {
    expect(compareSchema(datamodel, await introspectSchema(db.pool, 'shop'))).toEqual([]);
  });

  it('reports a missing column, wrong nullability, wrong type, a missing index, changed enum labels and a stray table', async () => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL search_path TO shop, public');
      await client.query('ALTER TABLE orders DROP COLUMN paid');
      await client.query('ALTER TABLE customers ALTER COLUMN name SET NOT NULL');
      await client.query('ALTER TABLE orders ALTER COLUMN total_cents TYPE bigint');
      await client.query('DROP INDEX customers_name_trgm_idx');
      await client.query('DROP INDEX orders_customer_id_reference_key');
      await client.query(`ALTER TYPE order_status RENAME VALUE 'cancelled' TO 'canceled'`);
      await client.query('ALTER TABLE orders ALTER COLUMN status DROP DEFAULT');
      await client.query('ALTER TABLE orders DROP CONSTRAINT orders_customer_id_fkey');
      await client.query('CREATE TABLE leftovers (id integer)');
      const issues = compareSchema(datamodel, await introspectSchema(client, 'shop'));
      await client.query('ROLLBACK');

      const expected = [
        'Order.paid (column orders.paid): column is missing',
        'Customer.name (column customers.name): column is NOT NULL, the schema says optional',
        'Order.totalCents (column orders.total_cents): type is bigint, the schema says integer',
        'model Customer: index "customers_name_trgm_idx" on (name) is missing',
        'model Order: unique index "orders_customer_id_reference_key" on (customer_id, reference) is missing',
        'enum OrderStatus: labels are [pending, paid, canceled], the schema says [pending, paid, cancelled]',
        'Order.status (column orders.status): the schema declares a database default, the column has none',
        'Order.customer: foreign key (customer_id) -> customers(id) is missing',
        'table "leftovers" exists in the database but has no model',
      ];
      for (const issue of expected) expect(issues).toContain(issue);
      expect(issues).toHaveLength(expected.length);
    } finally {
      client.release();
    }
  });

  it('reports a GIN index rebuilt as btree and a missing unique flag', async () => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL search_path TO shop, public');
      await client.query('DROP INDEX customers_name_trgm_idx');
      await client.query('CREATE INDEX customers_name_trgm_idx ON customers (name)');
      await client.query('DROP INDEX customers_email_key');
      await client.query('CREATE INDEX customers_email_key ON customers (email)');
      const issues = compareSchema(datamodel, await introspectSchema(client, 'shop'));
      await client.query('ROLLBACK');
      expect(issues).toContain('model Customer: index "customers_name_trgm_idx" on (name): uses btree, the schema says gin');
      expect(issues).toContain('model Customer: unique index "customers_email_key" on (email): not unique in the database');
    } finally {
      client.release();
    }
  });

  it('names constraints the way Prisma does, cut to 63 characters', () => {
    expect(prismaDefaultName('orders', ['customer_id', 'reference'], 'key')).toBe('orders_customer_id_reference_key');
    expect(prismaDefaultName('orders', [], 'pkey')).toBe('orders_pkey');
    const long = prismaDefaultName('a_very_long_table_name_for_testing', ['first_long_column', 'second_long_column'], 'idx');
    expect(long).toHaveLength(63);
    expect(long.endsWith('_idx')).toBe(true);
  });
});
