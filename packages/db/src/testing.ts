// Throwaway databases for integration tests: `@omnicart/db/testing`.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { createPool, dropDatabase, ensureDatabase, withDatabase } from './database.js';
import { DEFAULT_TEST_SERVER_URL, databaseUrlFromEnv } from './env.js';

export interface TestDatabase {
  /** Connection URL of the new database. */
  url: string;
  /** Its name (`<prefix>_<time>_<random>`). */
  name: string;
  /** A small pool on it (closed by drop()). */
  pool: pg.Pool;
  /** Close the pool and drop the database, terminating leftover connections. Idempotent. */
  drop(): Promise<void>;
}

/** The server tests run against: DATABASE_URL, or the machine's PostgreSQL on 5432. */
export function testServerUrl(): string {
  return databaseUrlFromEnv() ?? DEFAULT_TEST_SERVER_URL;
}

/** Create a uniquely named, empty database on the test server. */
export async function createTestDatabase(prefix = 'omnicart_test', options: { poolMax?: number } = {}): Promise<TestDatabase> {
  const safePrefix = prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 30);
  const name = `${safePrefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const url = withDatabase(testServerUrl(), name);
  await ensureDatabase(url);
  const pool = createPool(url, { max: options.poolMax ?? 5, applicationName: `omnicart-test-${safePrefix}` });
  let dropped: Promise<void> | undefined;
  return {
    url,
    name,
    pool,
    drop() {
      dropped ??= (async () => {
        await pool.end().catch(() => undefined);
        await dropDatabase(url);
      })();
      return dropped;
    },
  };
}
