// Test support only: a throwaway database with identity migrated.
// Stop-gap until @omnicart/db exports createTestDatabase()/migrateDomain() from its public entry.
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const MIGRATIONS = fileURLToPath(new URL('../../../db/prisma/identity/migrations/', import.meta.url));

export interface IdentityTestDatabase {
  pool: pg.Pool;
  drop(): Promise<void>;
}

export async function createIdentityTestDatabase(serverUrl: string): Promise<IdentityTestDatabase> {
  const name = `omnicart_identity_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();

  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 8 });
  const client = await pool.connect();
  try {
    await client.query('CREATE SCHEMA identity');
    for (const folder of readdirSync(MIGRATIONS, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()) {
      await client.query('BEGIN');
      await client.query('SET LOCAL search_path TO identity');
      await client.query(readFileSync(`${MIGRATIONS}${folder}/migration.sql`, 'utf8'));
      await client.query('COMMIT');
    }
  } finally {
    client.release();
  }

  return {
    pool,
    async drop() {
      await pool.end();
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await dropper.end();
    },
  };
}
