import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPool } from './database.js';
import { MigrationError, listDomainsWithMigrations, migrateAll, migrateDomain, readMigrations } from './migrate.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

const FIXTURES = fileURLToPath(new URL('./__fixtures__/prisma', import.meta.url));
const MIGRATION_NAMES = ['20240101000000_customers', '20240102000000_orders'];

interface HistoryRow {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
  logs: string | null;
}

describe('migration runner', () => {
  let db: TestDatabase;
  let root: string;

  beforeEach(async () => {
    db = await createTestDatabase('db_migrate');
    // A private copy of the fixture folder: some tests edit or add migrations.
    root = mkdtempSync(join(tmpdir(), 'omnicart-migrations-'));
    cpSync(FIXTURES, root, { recursive: true });
  });
  afterEach(async () => {
    await db.drop();
    rmSync(root, { recursive: true, force: true });
  });

  const history = async (domain = 'shop'): Promise<HistoryRow[]> =>
    (await db.pool.query<HistoryRow>(`SELECT * FROM "${domain}"._prisma_migrations ORDER BY started_at, migration_name`)).rows;

  it('applies migrations in order into the domain schema and records them like Prisma', async () => {
    const result = await migrateDomain(db.pool, 'shop', { migrationsRoot: root });
    expect(result).toEqual({ domain: 'shop', applied: MIGRATION_NAMES, alreadyApplied: [] });

    const tables = await db.pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'shop' ORDER BY table_name`,
    );
    expect(tables.rows.map((row) => row.table_name)).toEqual(['_prisma_migrations', 'customers', 'orders']);
    const inPublic = await db.pool.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = 'public'`);
    expect(inPublic.rowCount).toBe(0);

    const rows = await history();
    expect(rows.map((row) => row.migration_name)).toEqual(MIGRATION_NAMES);
    for (const row of rows) {
      const file = readFileSync(join(root, 'shop', 'migrations', row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(file).digest('hex'));
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
    }
  });

  it('creates _prisma_migrations with Prisma’s exact columns', async () => {
    await migrateDomain(db.pool, 'shop', { migrationsRoot: root });
    const columns = await db.pool.query<{ column_name: string; data_type: string; character_maximum_length: number | null; is_nullable: string }>(
      `SELECT column_name, data_type, character_maximum_length, is_nullable FROM information_schema.columns
        WHERE table_schema = 'shop' AND table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns.rows.map((column) => [column.column_name, column.data_type, column.character_maximum_length, column.is_nullable])).toEqual([
      ['id', 'character varying', 36, 'NO'],
      ['checksum', 'character varying', 64, 'NO'],
      ['finished_at', 'timestamp with time zone', null, 'YES'],
      ['migration_name', 'character varying', 255, 'NO'],
      ['logs', 'text', null, 'YES'],
      ['rolled_back_at', 'timestamp with time zone', null, 'YES'],
      ['started_at', 'timestamp with time zone', null, 'NO'],
      ['applied_steps_count', 'integer', null, 'NO'],
    ]);
  });

  it('is idempotent: a second run applies nothing', async () => {
    await migrateDomain(db.pool, 'shop', { migrationsRoot: root });
    const again = await migrateDomain(db.pool, 'shop', { migrationsRoot: root });
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toEqual(MIGRATION_NAMES);
    expect(await history()).toHaveLength(2);
  });

  it('applies only the new migration when one is added later', async () => {
    await migrateDomain(db.pool, 'shop', { migrationsRoot: root });
    const folder = join(root, 'shop', 'migrations', '20240103000000_order_note');
    mkdirSync(folder);
    writeFileSync(join(folder, 'migration.sql'), 'ALTER TABLE "orders" ADD COLUMN "note" TEXT;\n');
    const result = await migrateDomain(db.pool, 'shop', { migrationsRoot: root });
    expect(result.applied).toEqual(['20240103000000_order_note']);
    const column = await db.pool.query(`SELECT 1 FROM information_schema.columns WHERE table_schema = 'shop' AND table_name = 'orders' AND column_name = 'note'`);
    expect(column.rowCount).toBe(1);
  });

  it('refuses to run when an applied migration was changed, naming it', async () => {
    await migrateDomain(db.pool, 'shop', { migrationsRoot: root });
    appendFileSync(join(root, 'shop', 'migrations', MIGRATION_NAMES[0]!, 'migration.sql'), '\n-- an innocent-looking edit\n');
    const error = await migrateDomain(db.pool, 'shop', { migrationsRoot: root }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).migration).toBe(MIGRATION_NAMES[0]);
    expect((error as MigrationError).message).toContain(`shop/${MIGRATION_NAMES[0]} was changed after it was applied`);
  });

  it('accepts an applied migration whose file only changed line endings, as Prisma does', async () => {
    await migrateDomain(db.pool, 'shop', { migrationsRoot: root });
    const file = join(root, 'shop', 'migrations', MIGRATION_NAMES[1]!, 'migration.sql');
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll('\n', '\r\n'));
    expect((await migrateDomain(db.pool, 'shop', { migrationsRoot: root })).applied).toEqual([]);
  });

  it('rolls a failing migration back entirely and records no row for it', async () => {
    const folder = join(root, 'shop', 'migrations', '20240103000000_broken');
    mkdirSync(folder);
    // The first statement succeeds, the second fails: the table must not survive.
    writeFileSync(join(folder, 'migration.sql'), 'CREATE TABLE "half_done" ("id" INTEGER);\nALTER TABLE "no_such_table" ADD COLUMN "x" TEXT;\n');

    const error = await migrateDomain(db.pool, 'shop', { migrationsRoot: root }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).migration).toBe('20240103000000_broken');
    expect((error as MigrationError).message).toMatch(/shop\/20240103000000_broken failed and was rolled back: .*no_such_table/);

    expect((await history()).map((row) => row.migration_name)).toEqual(MIGRATION_NAMES);
    const halfDone = await db.pool.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = 'shop' AND table_name = 'half_done'`);
    expect(halfDone.rowCount).toBe(0);

    // Fixing the file lets the next run apply it.
    writeFileSync(join(folder, 'migration.sql'), 'CREATE TABLE "half_done" ("id" INTEGER);\n');
    expect((await migrateDomain(db.pool, 'shop', { migrationsRoot: root })).applied).toEqual(['20240103000000_broken']);
  });

  it('refuses a history row left unfinished by a failed Prisma attempt', async () => {
    await migrateDomain(db.pool, 'shop', { migrationsRoot: root });
    await db.pool.query(
      `INSERT INTO shop._prisma_migrations (id, checksum, migration_name, started_at) VALUES (gen_random_uuid()::text, 'x', '20240109000000_half', now())`,
    );
    await expect(migrateDomain(db.pool, 'shop', { migrationsRoot: root })).rejects.toThrow(/20240109000000_half is recorded as started but not finished/);
  });

  it('applies each migration once when two processes migrate at the same time', async () => {
    const pools = [createPool(db.url, { max: 2 }), createPool(db.url, { max: 2 })];
    try {
      const results = await Promise.all(pools.map((pool) => migrateDomain(pool, 'shop', { migrationsRoot: root })));
      const appliedCounts = results.map((result) => result.applied.length).sort();
      expect(appliedCounts).toEqual([0, 2]);
      expect((await history()).map((row) => row.migration_name)).toEqual(MIGRATION_NAMES);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('creates pg_trgm once even when several runners race on a fresh database', async () => {
    const pools = [1, 2, 3].map(() => createPool(db.url, { max: 1 }));
    try {
      await Promise.all(pools.map((pool) => migrateAll(pool, ['shop'], { migrationsRoot: root })));
      const extension = await db.pool.query<{ nspname: string }>(
        `SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'`,
      );
      expect(extension.rows).toEqual([{ nspname: 'public' }]);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('discovers domains and reads migrations in name order with sha256 checksums', () => {
    expect(listDomainsWithMigrations(root)).toEqual(['shop']);
    const migrations = readMigrations('shop', root);
    expect(migrations.map((migration) => migration.name)).toEqual(MIGRATION_NAMES);
    expect(migrations[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects a domain name that is not a plain identifier', async () => {
    await expect(migrateDomain(db.pool, 'shop"; DROP SCHEMA public; --', { migrationsRoot: root })).rejects.toThrow(/Invalid domain name/);
  });

  it('discovers the real domains in prisma/ in release order', () => {
    const domains = listDomainsWithMigrations();
    expect(domains.slice(0, 2)).toEqual(['identity', 'catalog']);
  });
});
