import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { PrismaClient } from './generated/cart/client.js';

export { Prisma, CartStatus } from './generated/cart/client.js';
export type { Cart, CartLine } from './generated/cart/client.js';

/** The PostgreSQL schema that holds every cart table. Raw SQL qualifies tables with it. */
export const CART_SCHEMA = 'cart';

export type CartDb = PrismaClient;

/** Cart's Prisma client on the shared pool, bound to the `cart` schema. */
export function createCartDb(pool: pg.Pool): CartDb {
  return new PrismaClient({ adapter: new PrismaPg(pool, { schema: CART_SCHEMA }) });
}
