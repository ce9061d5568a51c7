/**
 * The PostgreSQL schema of the event bus fallback (`prisma/events`). The bus is infrastructure and
 * talks to its two tables with raw SQL through pg, so there is no Prisma client here; the Prisma
 * schema exists for the drift test and documentation.
 */
export const EVENTS_SCHEMA = 'events';
