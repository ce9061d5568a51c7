import type pg from 'pg';
import { seedCatalog } from '@omnicart/db/seed';
import { ensureDemoAccounts } from '../identity/index.js';

export interface DemoDataOptions {
  /** Which domains' demo data to seed (a process hosting only catalog seeds only the catalog). */
  domains: ReadonlyArray<string>;
  adminPassword: string;
  demoPassword: string;
  /** Catalog size; the seed's default when absent. */
  products?: number;
}

/**
 * The demo data every way of starting the platform wants (npm start, one service with --seed,
 * the test platform, the bench): the two demo accounts and the catalog. Idempotent: accounts are
 * upserted and the catalog is seeded only into an empty schema.
 */
export async function seedDemoData(pool: pg.Pool, options: DemoDataOptions): Promise<{ catalogSeeded: boolean | null }> {
  if (options.domains.includes('identity')) {
    await ensureDemoAccounts({ pool, adminPassword: options.adminPassword, demoPassword: options.demoPassword });
  }
  if (!options.domains.includes('catalog')) return { catalogSeeded: null };
  const seeded = await seedCatalog(pool, options.products === undefined ? {} : { products: options.products });
  return { catalogSeeded: seeded.seeded };
}
