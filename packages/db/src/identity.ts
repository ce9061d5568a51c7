import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { PrismaClient } from './generated/identity/client.js';

export { Prisma, Role } from './generated/identity/client.js';
export type { User, RefreshToken, LoginFailure, SigningKey } from './generated/identity/client.js';

/** The PostgreSQL schema that holds every identity table. */
export const IDENTITY_SCHEMA = 'identity';

export type IdentityDb = PrismaClient;

/** Identity's Prisma client on the shared pool, bound to the `identity` schema. */
export function createIdentityDb(pool: pg.Pool): IdentityDb {
  return new PrismaClient({ adapter: new PrismaPg(pool, { schema: IDENTITY_SCHEMA }) });
}
