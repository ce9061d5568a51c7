import type pg from 'pg';
import { prismaAdapter } from '@omnicart/db/prisma';
import { PrismaClient } from '@omnicart/db/inventory';
import { OUTBOX_COLUMNS, outboxRowValues, type OutboxEventRow } from '../events/index.js';
import { currentWork } from '../runtime/trace.js';
import {
  type MovementDto,
  type ReservationDto,
  type ReservationLine,
  type ReservationStatus,
  type StockDto,
  type StockLevelDto,
  type StockListSort,
} from './schemas.js';
import type { StockChanged as StockChangedEvent } from './events.js';

export type InventoryDb = PrismaClient;

/** Inventory's Prisma client on the shared pool, bound to the `inventory` schema. */
export function createInventoryDb(pool: pg.Pool): InventoryDb {
  return new PrismaClient({ adapter: prismaAdapter(pool, 'inventory') });
}

/**
 * The only code that touches inventory's tables. Reads go through the Prisma client; every
 * change is ONE statement: a call of a PL/pgSQL function (migration `stock_functions`) that
 * locks what it changes in a stable order (the reservation row first, then stock rows ORDER BY
 * sku), writes the movements and the outbox events, and returns its result as jsonb. A single
 * statement outside an explicit transaction is atomic, so each change is one round trip to
 * PostgreSQL instead of BEGIN ... COMMIT; concurrent reservations still serialize per SKU,
 * never oversell, and never deadlock each other.
 */

/** Who made a change, as kept in the movement history. */
export type Actor = string;

export type Shortage = { sku: string; requested: number; available: number };

export type ReserveResult =
  | { kind: 'created'; reservation: ReservationDto; changed: StockChangedEvent[] }
  | { kind: 'existing'; reservation: ReservationDto }
  | ({ kind: 'insufficient' } & Shortage);

export type TransitionResult<S extends ReservationStatus> =
  | { kind: 'done'; status: S; changed: StockChangedEvent[] }
  | { kind: 'not_found' }
  | { kind: 'invalid_state'; status: ReservationStatus }
  | ({ kind: 'insufficient' } & Shortage);

/** What one `commit_sales` statement did with a batch of paid orders' reservations. */
export interface SalesResult {
  committed: number;
  changed: StockChangedEvent[];
  /** Reservations whose hold expired and whose units are gone: their orders must be refunded. */
  shortages: Array<{ reservationId: string } & Shortage>;
  /** Reservations not taken: unknown, or given back already (returned). */
  skipped: Array<{ reservationId: string; status: string }>;
}

/** A SKU's stock row as the audit trail compares it (null: it had none yet). */
export type StockAuditState = {
  onHand: number;
  lowStockThreshold: number;
};

export type SetStockResult =
  | { kind: 'done'; stock: StockDto; changed: StockChangedEvent[]; audited: boolean }
  | { kind: 'unknown_sku' }
  | { kind: 'below_reserved'; reserved: number };

/** SQLSTATE the functions raise when stock cannot cover a line; DETAIL is the Shortage as JSON. */
const INSUFFICIENT_STOCK_SQLSTATE = 'INSTK';
/** Deadlock / serialization failure: the statement rolled back as a whole, so it is safe to repeat. */
const RETRYABLE = new Set(['40P01', '40001']);

interface PgError {
  code?: string;
  detail?: string;
}

/**
 * Runs one function call as a named prepared statement (parsed once per connection) and returns
 * its jsonb result. The lock order makes deadlocks impossible between our own calls; retry
 * anyway if the server reports one (e.g. an operator's manual transaction), a few times.
 */
async function call<T>(pool: pg.Pool | pg.PoolClient, name: string, expression: string, values: unknown[]): Promise<T> {
  // The stock functions write the outbox rows: they read the trace context of the request or job
  // making the change from these transaction-local settings, set by the same statement first (a
  // MATERIALIZED CTE in FROM is evaluated before the select list).
  const n = values.length;
  const text = `WITH trace AS MATERIALIZED (SELECT set_config('omnicart.traceparent', $${n + 1}::text, true), set_config('omnicart.tracestate', $${n + 2}::text, true))
    SELECT ${expression} AS result FROM trace`;
  const work = currentWork();
  const traced = [...values, work?.traceparent ?? '', work?.tracestate ?? ''];
  for (let attempt = 1; ; attempt++) {
    try {
      const { rows } = await pool.query<{ result: T }>({ name: `inventory.${name}`, text, values: traced });
      const row = rows[0];
      if (!row || row.result === null) throw new Error(`inventory.${name} returned no result`);
      return row.result;
    } catch (error) {
      const code = (error as PgError).code;
      if (attempt < 3 && code && RETRYABLE.has(code)) continue;
      throw error;
    }
  }
}

/** The shortage a function raised, or null for any other error. */
function shortageOf(error: unknown): Shortage | null {
  const { code, detail } = error as PgError;
  if (code !== INSUFFICIENT_STOCK_SQLSTATE || !detail) return null;
  const { sku, requested, available } = JSON.parse(detail) as Shortage;
  return { sku, requested, available };
}

/** Calls a function whose only failure we expect is a shortage, which becomes a result. */
async function orShortage<T>(run: () => Promise<T>): Promise<T | ({ kind: 'insufficient' } & Shortage)> {
  try {
    return await run();
  } catch (error) {
    const short = shortageOf(error);
    if (short) return { kind: 'insufficient', ...short };
    throw error;
  }
}

/** Sums quantities per SKU and sorts by SKU (the lock order). */
export function mergeLines(lines: readonly ReservationLine[]): ReservationLine[] {
  const bySku = new Map<string, number>();
  for (const line of lines) bySku.set(line.sku, (bySku.get(line.sku) ?? 0) + line.quantity);
  return [...bySku.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([sku, quantity]) => ({ sku, quantity }));
}

/** jsonb timestamps arrive as "2026-11-22T02:18:25.277+00:00"; the API speaks toISOString(). */
const iso = (timestamp: string): string => new Date(timestamp).toISOString();

type ReservationJson = { status: ReservationStatus; expiresAt: string; lines: ReservationLine[] };

const toReservation = (id: string, r: ReservationJson): ReservationDto => ({
  reservationId: id,
  status: r.status,
  expiresAt: iso(r.expiresAt),
  lines: r.lines,
});

const S = 'inventory';

/** Each sort ends with the SKU (unique), so numbered pages neither repeat nor skip a row. */
const STOCK_ORDER: Record<StockListSort, string> = {
  sku_asc: 'sku ASC',
  available_asc: 'on_hand - reserved ASC, sku ASC',
  available_desc: 'on_hand - reserved DESC, sku ASC',
};

export function createInventoryRepository(db: InventoryDb, pool: pg.Pool) {
  return {
    async getStock(sku: string): Promise<StockDto | null> {
      const row = await db.stockItem.findUnique({ where: { sku }, select: { sku: true, onHand: true, reserved: true } });
      return row ? { sku: row.sku, onHand: row.onHand, reserved: row.reserved, available: row.onHand - row.reserved } : null;
    },

    /** Newest first; `before` is the id of the last movement of the previous page. */
    async listMovements(sku: string, limit: number, before: string | null): Promise<{ items: MovementDto[]; nextCursor: string | null }> {
      const rows = await db.movement.findMany({
        where: { sku, ...(before ? { id: { lt: BigInt(before) } } : {}) },
        orderBy: { id: 'desc' },
        take: limit + 1,
      });
      const page = rows.slice(0, limit);
      const items = page.map((m) => ({
        id: m.id.toString(),
        sku: m.sku,
        kind: m.kind,
        quantity: m.quantity,
        onHandAfter: m.onHandAfter,
        reservedAfter: m.reservedAfter,
        reason: m.reason,
        actor: m.actor,
        reservationId: m.reservationId,
        createdAt: m.createdAt.toISOString(),
      }));
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > limit && last ? last.id : null };
    },

    /**
     * All-or-nothing reservation, idempotent on the id (`reserve_stock`): the reservation row is
     * inserted first, so a concurrent duplicate waits on it and then gets the winner's
     * reservation; the stock rows are then locked in SKU order and each line checked against
     * on_hand - reserved. A shortage raises inside the function and rolls everything back.
     */
    async reserve(input: { reservationId: string; lines: ReservationLine[]; ttlSeconds: number; actor: Actor }): Promise<ReserveResult> {
      const lines = mergeLines(input.lines);
      return orShortage(async (): Promise<ReserveResult> => {
        const result = await call<
          ({ kind: 'created'; changed: StockChangedEvent[] } & ReservationJson) | ({ kind: 'existing' } & ReservationJson)
        >(pool, 'reserve', `${S}.reserve_stock($1::uuid, $2::text[], $3::int[], $4::int, $5::text)`, [
          input.reservationId,
          lines.map((l) => l.sku),
          lines.map((l) => l.quantity),
          input.ttlSeconds,
          input.actor,
        ]);
        if (result.kind === 'existing') return { kind: 'existing', reservation: toReservation(input.reservationId, result) };
        return {
          kind: 'created',
          reservation: toReservation(input.reservationId, { ...result, status: 'active' }),
          changed: result.changed,
        };
      });
    },

    /**
     * Takes the reserved units out of stock (`commit_reservation`). An active reservation turns
     * its hold into the sale (available does not move: no event); an expired or released one has
     * given its hold back, so its units are taken again from what is available now (all or nothing).
     */
    async commit(id: string, actor: Actor): Promise<TransitionResult<'committed'>> {
      return orShortage(() =>
        call<TransitionResult<'committed'>>(pool, 'commit', `${S}.commit_reservation($1::uuid, $2::text)`, [id, actor]),
      );
    },

    /**
     * Takes the sale of many paid orders at once (`commit_sales`, one statement): each reservation
     * as `commit` would, except that a shortage or a reservation already given back is reported
     * instead of failing the others.
     */
    async commitSales(ids: readonly string[], actor: Actor): Promise<SalesResult> {
      return call<SalesResult>(pool, 'commit_sales', `${S}.commit_sales($1::uuid[], $2::text)`, [ids, actor]);
    },

    /**
     * Gives an active reservation's units back (`release_reservation`). Releasing an unknown id
     * records it as released (no lines), so a reserve for that id arriving late (a retried or
     * slow call) cannot hold stock any more: it gets the released reservation back.
     */
    async release(id: string, reason: string, actor: Actor): Promise<TransitionResult<'released' | 'expired'>> {
      return call(pool, 'release', `${S}.release_reservation($1::uuid, $2::text, $3::text)`, [id, reason, actor]);
    },

    /**
     * Gives an order's units back (order cancelled or refunded before shipping): a committed
     * reservation's units go back on hand, a hold whose sale was not taken yet goes back to
     * available; either way the reservation ends `returned`, so a late sale cannot take it.
     */
    async restock(id: string, reason: string, actor: Actor): Promise<TransitionResult<'returned'>> {
      return call(pool, 'restock', `${S}.restock_reservation($1::uuid, $2::text, $3::text)`, [id, reason, actor]);
    },

    /**
     * Expires up to `limit` active reservations past their expiry (`expire_reservations`). FOR
     * UPDATE SKIP LOCKED: several replicas sweep side by side without waiting on each other or on
     * a commit in flight.
     */
    async sweepExpired(limit: number): Promise<{ expired: number; changed: StockChangedEvent[] }> {
      return call(pool, 'expire', `${S}.expire_reservations($1::int)`, [limit]);
    },

    /**
     * Sets the units on hand (`set_stock`). `createIfMissing` (the catalog knows the SKU) starts
     * a stock row at 0 first. Refuses to go below the units held by active reservations.
     */
    async setStock(
      input: {
        sku: string;
        /** null: keep the units on hand as they are (read under the row lock, so no sale in between is overwritten). */
        onHand: number | null;
        reason: string | null;
        actor: Actor;
        createIfMissing: boolean;
        /** null: the SKU's threshold stays as it is. */
        lowStockThreshold: number | null;
      },
      /** The audit entry of the change (null: nothing worth recording), written in the same transaction. */
      audit: (before: StockAuditState | null, after: StockAuditState) => OutboxEventRow | null,
    ): Promise<SetStockResult> {
      // An explicit transaction (not the one-statement call of the other changes): the audit entry
      // needs the row before and after, and must commit or roll back with the change.
      const client = await pool.connect();
      const state = async (): Promise<StockAuditState | null> =>
        (
          await client.query<StockAuditState>(
            `SELECT on_hand AS "onHand", low_stock_threshold AS "lowStockThreshold" FROM ${S}.stock_items WHERE sku = $1 FOR UPDATE`,
            [input.sku],
          )
        ).rows[0] ?? null;
      try {
        await client.query('BEGIN');
        const before = await state();
        const onHand = input.onHand ?? before?.onHand ?? 0;
        const result = await call<Omit<Extract<SetStockResult, { kind: 'done' }>, 'audited'> | Exclude<SetStockResult, { kind: 'done' }>>(
          client,
          'set_stock',
          `${S}.set_stock($1::text, $2::int, $3::text, $4::text, $5::boolean, $6::int)`,
          [input.sku, onHand, input.reason, input.actor, input.createIfMissing, input.lowStockThreshold],
        );
        let audited = false;
        if (result.kind === 'done') {
          const after = await state();
          const entry = after ? audit(before, after) : null;
          if (entry) {
            await client.query(`INSERT INTO ${S}.outbox_events (${OUTBOX_COLUMNS}) VALUES ($1::uuid, $2, $3, $4, $5::jsonb, $6, $7, $8::jsonb)`, outboxRowValues(entry));
            audited = true;
          }
        }
        await client.query('COMMIT');
        return result.kind === 'done' ? { ...result, audited } : result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },

    /**
     * The admin's stock table: a page of SKUs (optionally a case-insensitive SKU prefix, only those
     * at or below their low-stock threshold) and how many match. Plain SQL: the sort and the filter
     * compare computed values (on_hand - reserved), which the Prisma client cannot express.
     */
    async listStock(filter: { prefix: string | null; lowStock: boolean; sort: StockListSort; limit: number; offset: number }): Promise<{ items: StockLevelDto[]; total: number }> {
      const conditions: string[] = ['true'];
      const values: unknown[] = [];
      if (filter.prefix) {
        values.push(`${filter.prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
        conditions.push(`sku ILIKE $${values.length}::text`);
      }
      if (filter.lowStock) conditions.push('on_hand - reserved <= low_stock_threshold');
      const where = conditions.join(' AND ');
      const order = STOCK_ORDER[filter.sort];
      const [page, count] = await Promise.all([
        pool.query<StockLevelDto>(
          `SELECT sku, on_hand AS "onHand", reserved, on_hand - reserved AS available, low_stock_threshold AS "lowStockThreshold",
                  to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"
             FROM ${S}.stock_items WHERE ${where}
            ORDER BY ${order} LIMIT $${values.length + 1}::int OFFSET $${values.length + 2}::int`,
          [...values, filter.limit, filter.offset],
        ),
        pool.query<{ total: number }>(`SELECT count(*)::int AS total FROM ${S}.stock_items WHERE ${where}`, values),
      ]);
      return { items: page.rows, total: count.rows[0]?.total ?? 0 };
    },
  };
}

export type InventoryRepository = ReturnType<typeof createInventoryRepository>;
