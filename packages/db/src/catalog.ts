import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { PrismaClient } from './generated/catalog/client.js';

export { Prisma, ProductStatus } from './generated/catalog/client.js';
export type { Category, Product, SearchTerm, StockLevel } from './generated/catalog/client.js';

/** The PostgreSQL schema that holds every catalog table. Raw SQL qualifies tables with it. */
export const CATALOG_SCHEMA = 'catalog';

export type CatalogDb = PrismaClient;

/** Catalog's Prisma client on the shared pool, bound to the `catalog` schema. */
export function createCatalogDb(pool: pg.Pool): CatalogDb {
  return new PrismaClient({ adapter: new PrismaPg(pool, { schema: CATALOG_SCHEMA }) });
}
