import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { quoteIdent, sqlState } from './database.js';
import { PRISMA_ROOT } from './paths.js';

/** Extensions every domain may rely on; created in `public` before any migration runs. */
export const REQUIRED_EXTENSIONS = ['pg_trgm'] as const;

export interface MigrateOptions {
  /** Folder with `<domain>/migrations/<name>/migration.sql`. Default: this package's `prisma/`. */
  migrationsRoot?: string;
  /** Progress lines ("applied identity/20250101000000_init"). Default: silent. */
  log?: (message: string) => void;
}

export interface MigrationFile {
  name: string;
  sql: string;
  /** sha256 hex of the file's bytes: what Prisma stores in `_prisma_migrations.checksum`. */
  checksum: string;
  /** Checksums of the same script with LF and CRLF line endings (a checkout may convert them). */
  equivalentChecksums: string[];
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

export interface MigrateResult {
  domain: string;
  /** Migrations this call applied, in order. */
  applied: string[];
  /** Migrations that were already recorded. */
  alreadyApplied: string[];
}

/** Thrown when a migration cannot be applied or the recorded history does not match the files. */
export class MigrationError extends Error {
  constructor(
    message: string,
    readonly domain: string,
    readonly migration: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

const DOMAIN_NAME = /^[a-z][a-z0-9_]{0,62}$/;

function assertDomainName(domain: string): void {
  if (!DOMAIN_NAME.test(domain)) {
    throw new MigrationError(`Invalid domain name "${domain}": use lower-case letters, digits and underscores`, domain, undefined);
  }
}

/**
 * Domains that have a `migrations/` folder, in release order: by the name of their first migration
 * (a timestamp first), so a domain added later comes later. Which domains a process migrates is the
 * platform registry's business (packages/api/src/platform); this is the default for tools and tests.
 */
export function listDomainsWithMigrations(migrationsRoot: string = PRISMA_ROOT): string[] {
  if (!existsSync(migrationsRoot)) return [];
  const found = readdirSync(migrationsRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(migrationsRoot, entry.name, 'migrations')))
    .map((entry) => entry.name);
  const firstMigration = (domain: string): string =>
    readdirSync(join(migrationsRoot, domain, 'migrations'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort()[0] ?? '~';
  const first = new Map(found.map((domain) => [domain, firstMigration(domain)]));
  return found.sort((a, b) => first.get(a)!.localeCompare(first.get(b)!) || a.localeCompare(b));
}

/** A domain's migration files in application order (folder names start with a timestamp). */
export function readMigrations(domain: string, migrationsRoot: string = PRISMA_ROOT): MigrationFile[] {
  assertDomainName(domain);
  const folder = join(migrationsRoot, domain, 'migrations');
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(folder, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(folder, name, 'migration.sql'));
      const sql = bytes.toString('utf8');
      const lf = sql.replaceAll('\r\n', '\n');
      // Like Prisma, accept a recorded checksum of the script with either line ending.
      return { name, sql, checksum: sha256(bytes), equivalentChecksums: [sha256(lf), sha256(lf.replaceAll('\n', '\r\n'))] };
    });
}

/**
 * A stable signed 64-bit advisory lock key for a name (first 8 bytes of its sha256), passed as a
 * string so pg sends it as bigint without precision loss.
 */
export function advisoryLockKey(name: string): string {
  return createHash('sha256').update(`omnicart:${name}`).digest().readBigInt64BE(0).toString();
}

// Prisma's own DDL for the history table (schema-engine, PostgreSQL flavour), created inside the
// domain schema so `prisma migrate deploy` with `?schema=<domain>` reads the same history.
const MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Create the extensions the domains need, in `public`. Serialised by an advisory lock, and a lost
 * race (two creators in different processes) is tolerated.
 */
export async function ensureExtensions(client: pg.ClientBase, extensions: readonly string[] = REQUIRED_EXTENSIONS): Promise<void> {
  const key = advisoryLockKey('extensions');
  await client.query('SELECT pg_advisory_lock($1::bigint)', [key]);
  try {
    for (const extension of extensions) {
      const present = await client.query('SELECT 1 FROM pg_extension WHERE extname = $1', [extension]);
      if (present.rowCount) continue;
      try {
        await client.query(`CREATE EXTENSION IF NOT EXISTS ${quoteIdent(extension)} WITH SCHEMA public`);
      } catch (error) {
        // Another creator that does not take our lock (e.g. psql) won between check and create.
        if (sqlState(error) !== '23505' && sqlState(error) !== '42710') throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
  }
}

/**
 * Apply a domain's pending migrations into the PostgreSQL schema named after it.
 *
 * Guarantees: one transaction per migration (a failure leaves neither its changes nor a history
 * row); history in Prisma's `_prisma_migrations` (inside the domain schema, sha256 checksums);
 * refuses to run when an applied migration's file changed or a failed migration is recorded;
 * an advisory lock per domain so concurrent starters apply each migration exactly once.
 */
export async function migrateDomain(pool: pg.Pool, domain: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  assertDomainName(domain);
  const migrations = readMigrations(domain, options.migrationsRoot);
  const log = options.log ?? (() => undefined);
  const schema = quoteIdent(domain);
  const lockKey = advisoryLockKey(`migrate:${domain}`);

  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await ensureExtensions(client);
    await client.query('SELECT pg_advisory_lock($1::bigint)', [lockKey]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query(MIGRATIONS_TABLE_DDL.replace('"_prisma_migrations"', `${schema}."_prisma_migrations"`));
      const history = await client.query<HistoryRow>(
        `SELECT migration_name, checksum, finished_at, rolled_back_at FROM ${schema}."_prisma_migrations" ORDER BY started_at`,
      );
      const applied = new Map<string, HistoryRow>();
      for (const row of history.rows) {
        if (row.rolled_back_at !== null) continue; // Prisma ignores rolled-back attempts.
        if (row.finished_at === null) {
          throw new MigrationError(
            `Migration ${domain}/${row.migration_name} is recorded as started but not finished (a failed attempt outside this runner). ` +
              `Fix the database by hand and mark it rolled back before migrating again.`,
            domain,
            row.migration_name,
          );
        }
        applied.set(row.migration_name, row);
      }
      for (const migration of migrations) {
        const row = applied.get(migration.name);
        if (row && row.checksum !== migration.checksum && !migration.equivalentChecksums.includes(row.checksum)) {
          throw new MigrationError(
            `Migration ${domain}/${migration.name} was changed after it was applied ` +
              `(recorded checksum ${row.checksum}, file checksum ${migration.checksum}). ` +
              `Never edit an applied migration: restore the file and add a new migration instead.`,
            domain,
            migration.name,
          );
        }
      }

      const result: MigrateResult = { domain, applied: [], alreadyApplied: [] };
      for (const migration of migrations) {
        if (applied.has(migration.name)) {
          result.alreadyApplied.push(migration.name);
          continue;
        }
        const startedAt = new Date();
        await client.query('BEGIN');
        try {
          await client.query(`SET LOCAL search_path TO ${schema}, public`);
          await client.query(migration.sql);
          await client.query(
            `INSERT INTO ${schema}."_prisma_migrations"
               (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
             VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, $4, 1)`,
            [randomUUID(), migration.checksum, migration.name, startedAt],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch((rollbackError: Error) => {
            broken = rollbackError;
          });
          const detail = error instanceof Error ? error.message : String(error);
          const position = typeof error === 'object' && error !== null && 'position' in error && error.position ? ` (at character ${String(error.position)})` : '';
          throw new MigrationError(`Migration ${domain}/${migration.name} failed and was rolled back: ${detail}${position}`, domain, migration.name, {
            cause: error,
          });
        }
        result.applied.push(migration.name);
        log(`applied ${domain}/${migration.name}`);
      }
      return result;
    } finally {
      if (!broken) await client.query('SELECT pg_advisory_unlock($1::bigint)', [lockKey]).catch((error: Error) => (broken = error));
    }
  } finally {
    // A connection in an unknown state is destroyed rather than returned to the pool.
    client.release(broken);
  }
}

/** Migrate several domains (default: every domain with a migrations folder), one after another. */
export async function migrateAll(pool: pg.Pool, domains?: readonly string[], options: MigrateOptions = {}): Promise<MigrateResult[]> {
  const results: MigrateResult[] = [];
  for (const domain of domains ?? listDomainsWithMigrations(options.migrationsRoot)) {
    results.push(await migrateDomain(pool, domain, options));
  }
  return results;
}
