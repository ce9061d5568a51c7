// Test support only: a throwaway database with identity migrated by the real runner.
import type pg from 'pg';
import { migrateDomain } from '@omnicart/db';
import { createTestDatabase } from '@omnicart/db/testing';

export interface IdentityTestDatabase {
  pool: pg.Pool;
  drop(): Promise<void>;
}

export async function createIdentityTestDatabase(): Promise<IdentityTestDatabase> {
  const database = await createTestDatabase('identity', { poolMax: 8 });
  try {
    await migrateDomain(database.pool, 'identity');
  } catch (error) {
    await database.drop();
    throw error;
  }
  return { pool: database.pool, drop: () => database.drop() };
}
