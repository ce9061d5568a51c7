import type pg from 'pg';
import { seedCatalog, seedInventory } from '@omnicart/db/seed';
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
 * the test platform, the bench): the two demo accounts, the catalog and its stock. Idempotent:
 * accounts are upserted, the catalog is seeded only into an empty schema, stock only into an
 * empty inventory (it needs the catalog's products, so it follows the catalog seed; it also
 * fills catalog's availability read model).
 */
export async function seedDemoData(
  pool: pg.Pool,
  options: DemoDataOptions,
): Promise<{ catalogSeeded: boolean | null; inventorySeeded: boolean | null }> {
  if (options.domains.includes('identity')) {
    await ensureDemoAccounts({ pool, adminPassword: options.adminPassword, demoPassword: options.demoPassword });
  }
  let catalogSeeded: boolean | null = null;
  if (options.domains.includes('catalog')) {
    catalogSeeded = (await seedCatalog(pool, options.products === undefined ? {} : { products: options.products })).seeded;
  }
  let inventorySeeded: boolean | null = null;
  if (options.domains.includes('inventory')) inventorySeeded = (await seedInventory(pool)).seeded;
  return { catalogSeeded, inventorySeeded };
}
