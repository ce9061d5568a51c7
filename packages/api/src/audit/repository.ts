import type pg from 'pg';
import { prismaAdapter } from '@omnicart/db/prisma';
import { PrismaClient, type Prisma } from '@omnicart/db/audit';
import type { AuditChange, AuditEntityType } from '@omnicart/contracts';
import type { AuditEntryDto } from './schemas.js';

/**
 * The only code that touches audit's tables (schema "audit"). It inserts entries and reads them;
 * it has no update or delete (and the table's trigger would refuse one).
 */

export type AuditDb = PrismaClient;

/** The Prisma client of audit on the shared pool, bound to the `audit` schema. */
export function createAuditDb(pool: pg.Pool): AuditDb {
  return new PrismaClient({ adapter: prismaAdapter(pool, 'audit') });
}

/** An entry as the consumer stores it (from one audit_recorded event). */
export interface NewAuditEntry {
  id: string;
  occurredAt: Date;
  domain: string;
  entityType: AuditEntityType;
  entityId: string;
  action: string;
  label: string;
  changes: AuditChange[];
  actorType: 'user' | 'service' | null;
  actorId: string | null;
  /** Lower-cased (the filter compares lower-cased e-mails). */
  actorEmail: string | null;
  requestId: string | null;
}

export interface AuditFilter {
  actorId: string | null;
  actorEmail: string | null;
  entityType: AuditEntityType | null;
  entityId: string | null;
  /** Inclusive. */
  from: Date | null;
  /** Exclusive. */
  toExclusive: Date | null;
  offset: number;
  limit: number;
}

const SELECT = {
  id: true,
  occurredAt: true,
  domain: true,
  entityType: true,
  entityId: true,
  action: true,
  label: true,
  changes: true,
  actorType: true,
  actorId: true,
  actorEmail: true,
  requestId: true,
} as const satisfies Prisma.AuditEntrySelect;

type EntryRow = Prisma.AuditEntryGetPayload<{ select: typeof SELECT }>;

const toDto = (row: EntryRow): AuditEntryDto => ({
  id: row.id,
  occurredAt: row.occurredAt.toISOString(),
  domain: row.domain,
  entityType: row.entityType as AuditEntityType,
  entityId: row.entityId,
  action: row.action,
  label: row.label,
  changes: row.changes as AuditChange[],
  actor: { type: row.actorType === 'user' || row.actorType === 'service' ? row.actorType : null, id: row.actorId, email: row.actorEmail },
  requestId: row.requestId,
});

/** Newest first; the id makes the order total (entries of one millisecond keep one order). */
const NEWEST_FIRST: Prisma.AuditEntryOrderByWithRelationInput[] = [{ occurredAt: 'desc' }, { id: 'desc' }];

/** Where an export page continues: the previous page's last entry. */
export interface AuditExportKey {
  occurredAt: Date;
  id: string;
}

function filterWhere(filter: Omit<AuditFilter, 'offset' | 'limit'>): Prisma.AuditEntryWhereInput {
  return {
    ...(filter.actorId === null ? {} : { actorId: filter.actorId }),
    ...(filter.actorEmail === null ? {} : { actorEmail: filter.actorEmail }),
    ...(filter.entityType === null ? {} : { entityType: filter.entityType }),
    ...(filter.entityId === null ? {} : { entityId: filter.entityId }),
    ...(filter.from === null && filter.toExclusive === null
      ? {}
      : { occurredAt: { ...(filter.from === null ? {} : { gte: filter.from }), ...(filter.toExclusive === null ? {} : { lt: filter.toExclusive }) } }),
  };
}

export function createAuditRepository(db: AuditDb) {
  return {
    /**
     * Stores entries once each: an event delivered again (at-least-once) hits its own id and is
     * skipped (INSERT … ON CONFLICT DO NOTHING). Resolves to how many were new.
     */
    async record(entries: NewAuditEntry[]): Promise<number> {
      if (entries.length === 0) return 0;
      const { count } = await db.auditEntry.createMany({
        data: entries.map((entry) => ({ ...entry, changes: entry.changes as Prisma.InputJsonValue })),
        skipDuplicates: true,
      });
      return count;
    },

    /** A numbered page, newest first (ties by id, so pages never overlap), and the total. */
    async list(filter: AuditFilter): Promise<{ items: AuditEntryDto[]; total: number }> {
      const where = filterWhere(filter);
      const [rows, total] = await db.$transaction([
        db.auditEntry.findMany({ where, select: SELECT, orderBy: NEWEST_FIRST, skip: filter.offset, take: filter.limit }),
        db.auditEntry.count({ where }),
      ]);
      return { items: rows.map(toDto), total };
    },

    /**
     * One page of the export: the list's filters, newest first, continued after `after` (the
     * previous page's last entry) rather than by OFFSET, so a walk over every page reads each entry
     * once. The `<=` on occurred_at lets the (occurred_at DESC, id DESC) index scan start at the key.
     */
    async exportPage(filter: Omit<AuditFilter, 'offset' | 'limit'>, after: AuditExportKey | null, take: number): Promise<AuditEntryDto[]> {
      const where: Prisma.AuditEntryWhereInput[] = [filterWhere(filter)];
      if (after) where.push({ occurredAt: { lte: after.occurredAt }, OR: [{ occurredAt: { lt: after.occurredAt } }, { id: { lt: after.id } }] });
      const rows = await db.auditEntry.findMany({ where: { AND: where }, select: SELECT, orderBy: NEWEST_FIRST, take });
      return rows.map(toDto);
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
