import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';

/**
 * The driver adapter a domain's Prisma client runs on: the shared pool, bound to the domain's
 * PostgreSQL schema (its tables live in the schema named after the domain).
 *
 *   import { PrismaClient } from '@omnicart/db/catalog';
 *   const db = new PrismaClient({ adapter: prismaAdapter(pool, 'catalog') });
 */
export function prismaAdapter(pool: pg.Pool, schema: string): PrismaPg {
  return new PrismaPg(pool, { schema });
}
