import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { PrismaClient } from './generated/payments/client.js';

export { Prisma, PaymentStatus } from './generated/payments/client.js';
export type { OutboxEvent, Payment, Refund, WebhookEvent } from './generated/payments/client.js';

/** The PostgreSQL schema that holds every payments table. Raw SQL qualifies tables with it. */
export const PAYMENTS_SCHEMA = 'payments';

export type PaymentsDb = PrismaClient;

/** Payments' Prisma client on the shared pool, bound to the `payments` schema. */
export function createPaymentsDb(pool: pg.Pool): PaymentsDb {
  return new PrismaClient({ adapter: new PrismaPg(pool, { schema: PAYMENTS_SCHEMA }) });
}
