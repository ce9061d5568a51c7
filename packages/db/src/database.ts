import pg from 'pg';

export interface CreatePoolOptions {
  /** Maximum connections in the pool (DB_POOL_MAX). Default 10. */
  max?: number;
  /** Shows up in pg_stat_activity; helps tell services apart on a shared server. */
  applicationName?: string;
  /** Give up acquiring a connection after this long. Default 10 s. */
  connectionTimeoutMillis?: number;
  /** Close idle connections after this long. Default 30 s. */
  idleTimeoutMillis?: number;
  /** Server-side statement timeout in ms (0 = none). Default 0. */
  statementTimeoutMillis?: number;
  /**
   * Called when an idle client errors (e.g. the server restarted). Without a listener pg would
   * crash the process; the pool discards the broken client and reconnects on demand.
   */
  onError?: (error: Error) => void;
}

/** A pg.Pool with sensible timeouts and an application_name. */
export function createPool(url: string, options: CreatePoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'omnicart',
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000,
    idleTimeoutMillis: options.idleTimeoutMillis ?? 30_000,
    keepAlive: true,
    ...(options.statementTimeoutMillis ? { statement_timeout: options.statementTimeoutMillis } : {}),
  });
  pool.on('error', options.onError ?? ((error) => console.error(`[db] idle client error: ${error.message}`)));
  return pool;
}

/** Quote an identifier for SQL (`"name"`, inner quotes doubled). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The database name a connection URL points at (`postgres` when the path is empty). */
export function databaseNameOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  return name || 'postgres';
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/**
 * The URL with Prisma's `schema` parameter, e.g. for `prisma migrate deploy` against one domain:
 * Prisma then looks for `_prisma_migrations` inside that schema, where our runner records it.
 */
export function withPrismaSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('schema', schema);
  return parsed.toString();
}

/**
 * The URL with a libpq `options` parameter setting search_path, for plain pg clients that should
 * resolve unqualified names in one domain schema first (then `public`, where extensions live).
 */
export function withSchemaSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${quoteIdent(schema)},public`);
  return parsed.toString();
}

// SQLSTATEs meaning "someone else created it first".
const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505';

function sqlState(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/**
 * Create the database named in `url` if it does not exist, by connecting to the server's
 * `postgres` database. Safe when several processes race: losing the race is not an error.
 * Returns true when this call created it.
 */
export async function ensureDatabase(url: string): Promise<boolean> {
  const name = databaseNameOf(url);
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres'), application_name: 'omnicart-ensure-database' });
  await admin.connect();
  try {
    const existing = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount) return false;
    try {
      await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
      return true;
    } catch (error) {
      const state = sqlState(error);
      // Two creators at once: one gets 42P04, or 23505 from pg_database's unique index.
      if (state === DUPLICATE_DATABASE || state === UNIQUE_VIOLATION) return false;
      throw error;
    }
  } finally {
    await admin.end();
  }
}

/** Drop a database (terminating its connections). No error when it does not exist. */
export async function dropDatabase(url: string): Promise<void> {
  const name = databaseNameOf(url);
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres'), application_name: 'omnicart-drop-database' });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

export { sqlState };
