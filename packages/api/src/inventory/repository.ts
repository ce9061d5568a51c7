import type pg from 'pg';
import type { InventoryDb } from '@omnicart/db/inventory';
import { newOutboxEvent } from '../events/index.js';
import {
  STOCK_CHANGED,
  type MovementDto,
  type MovementKind,
  type ReservationDto,
  type ReservationLine,
  type ReservationStatus,
  type StockChangedEvent,
  type StockDto,
} from './schemas.js';

/**
 * The only code that touches inventory's tables. Reads go through the Prisma client; every
 * change runs as hand-written SQL in one pg transaction that locks what it changes in a stable
 * order (the reservation row first, then stock rows ORDER BY sku), writes the movements and the
 * outbox events, and commits — so concurrent reservations serialize per SKU, never oversell,
 * and never deadlock each other.
 */

/** Who made a change, as kept in the movement history. */
export type Actor = string;

interface StockChange {
  sku: string;
  onHandDelta: number;
  reservedDelta: number;
}

interface LockedStock {
  sku: string;
  onHand: number;
  reserved: number;
}

export type ReserveResult =
  | { kind: 'created'; reservation: ReservationDto; changed: StockChangedEvent[] }
  | { kind: 'existing'; reservation: ReservationDto }
  | { kind: 'insufficient'; sku: string; requested: number; available: number };

export type TransitionResult<S extends ReservationStatus> =
  | { kind: 'done'; status: S; changed: StockChangedEvent[] }
  | { kind: 'not_found' }
  | { kind: 'invalid_state'; status: ReservationStatus }
  | { kind: 'insufficient'; sku: string; requested: number; available: number };

export type SetStockResult =
  | { kind: 'done'; stock: StockDto; changed: StockChangedEvent[] }
  | { kind: 'unknown_sku' }
  | { kind: 'below_reserved'; reserved: number };

const RETRYABLE = new Set(['40P01', '40001']);

async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      // Lock order makes deadlocks impossible between our own statements; retry anyway if the
      // server reports one (e.g. an operator's manual transaction), a few times.
      const code = (error as { code?: string }).code;
      if (attempt < 3 && code && RETRYABLE.has(code)) continue;
      throw error;
    } finally {
      client.release();
    }
  }
}

/** Thrown inside a transaction to roll it back and hand a result out. */
class Abort<T> {
  constructor(readonly result: T) {}
}

async function abortable<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Abort) return error.result as T;
    throw error;
  }
}

/** Sums quantities per SKU and sorts by SKU (the lock order). */
export function mergeLines(lines: readonly ReservationLine[]): ReservationLine[] {
  const bySku = new Map<string, number>();
  for (const line of lines) bySku.set(line.sku, (bySku.get(line.sku) ?? 0) + line.quantity);
  return [...bySku.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([sku, quantity]) => ({ sku, quantity }));
}

async function lockStock(client: pg.PoolClient, skus: string[]): Promise<Map<string, LockedStock>> {
  const { rows } = await client.query<LockedStock>(
    `SELECT sku, on_hand AS "onHand", reserved FROM inventory.stock_items
     WHERE sku = ANY($1::text[]) ORDER BY sku FOR UPDATE`,
    [skus],
  );
  return new Map(rows.map((row) => [row.sku, row]));
}

/** The first line that cannot be taken from available stock, or null when all can. */
function shortage(lines: ReservationLine[], stock: Map<string, LockedStock>): { sku: string; requested: number; available: number } | null {
  for (const line of lines) {
    const row = stock.get(line.sku);
    const available = row ? row.onHand - row.reserved : 0;
    if (available < line.quantity) return { sku: line.sku, requested: line.quantity, available: Math.max(available, 0) };
  }
  return null;
}

/**
 * Applies stock deltas to rows the caller already locked, then writes one movement and one
 * outbox `inventory.stock_changed` per SKU, all in the caller's transaction.
 */
async function applyChanges(
  client: pg.PoolClient,
  changes: StockChange[],
  movement: { kind: MovementKind; actor: Actor; reason: string | null; reservationId: string | null },
): Promise<StockChangedEvent[]> {
  if (changes.length === 0) return [];
  const { rows } = await client.query<{ sku: string; onHand: number; reserved: number; version: number }>(
    `UPDATE inventory.stock_items s
        SET on_hand = s.on_hand + t.dh, reserved = s.reserved + t.dr, version = s.version + 1, updated_at = now()
       FROM unnest($1::text[], $2::int[], $3::int[]) AS t(sku, dh, dr)
      WHERE s.sku = t.sku
      RETURNING s.sku, s.on_hand AS "onHand", s.reserved, s.version`,
    [changes.map((c) => c.sku), changes.map((c) => c.onHandDelta), changes.map((c) => c.reservedDelta)],
  );
  const after = new Map(rows.map((row) => [row.sku, row]));
  const reservedKinds: MovementKind[] = ['reserve', 'release', 'expire'];
  const quantities = changes.map((c) => (reservedKinds.includes(movement.kind) ? c.reservedDelta : c.onHandDelta));
  const events: StockChangedEvent[] = changes.map((c) => {
    const row = after.get(c.sku);
    if (!row) throw new Error(`stock row ${c.sku} vanished inside its transaction`);
    return { sku: row.sku, onHand: row.onHand, reserved: row.reserved, available: row.onHand - row.reserved, version: row.version };
  });
  await client.query(
    `INSERT INTO inventory.movements (sku, kind, quantity, on_hand_after, reserved_after, reason, actor, reservation_id)
     SELECT t.sku, $4::inventory.movement_kind, t.quantity, t.on_hand, t.reserved, $5, $6, $7::uuid
     FROM unnest($1::text[], $2::int[], $3::int[], $8::int[]) AS t(sku, quantity, on_hand, reserved)`,
    [
      events.map((e) => e.sku),
      quantities,
      events.map((e) => e.onHand),
      movement.kind,
      movement.reason,
      movement.actor,
      movement.reservationId,
      events.map((e) => e.reserved),
    ],
  );
  const outbox = events.map((e) => newOutboxEvent(STOCK_CHANGED, { ...e }));
  await client.query(
    `INSERT INTO inventory.outbox_events (id, type, payload)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[])`,
    [outbox.map((o) => o.id), outbox.map((o) => o.type), outbox.map((o) => JSON.stringify(o.payload))],
  );
  return events;
}

async function loadReservation(client: pg.PoolClient | pg.Pool, id: string, lock: boolean) {
  const { rows } = await client.query<{ status: ReservationStatus; expiresAt: Date }>(
    `SELECT status::text AS status, expires_at AS "expiresAt" FROM inventory.reservations WHERE id = $1::uuid ${lock ? 'FOR UPDATE' : ''}`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  const { rows: lines } = await client.query<ReservationLine>(
    `SELECT sku, quantity FROM inventory.reservation_lines WHERE reservation_id = $1::uuid ORDER BY sku`,
    [id],
  );
  return { status: row.status, expiresAt: row.expiresAt, lines };
}

async function setStatus(client: pg.PoolClient, id: string, status: ReservationStatus): Promise<void> {
  await client.query(`UPDATE inventory.reservations SET status = $2::inventory.reservation_status, updated_at = now() WHERE id = $1::uuid`, [id, status]);
}

const toReservation = (id: string, r: { status: ReservationStatus; expiresAt: Date; lines: ReservationLine[] }): ReservationDto => ({
  reservationId: id,
  status: r.status,
  expiresAt: r.expiresAt.toISOString(),
  lines: r.lines,
});

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
     * All-or-nothing reservation. The reservation row is inserted first (ON CONFLICT DO NOTHING):
     * a concurrent duplicate waits on it and then sees the winner's reservation; the stock rows
     * are then locked in SKU order and each line checked against on_hand - reserved.
     */
    async reserve(input: { reservationId: string; lines: ReservationLine[]; ttlSeconds: number; actor: Actor }): Promise<ReserveResult> {
      const lines = mergeLines(input.lines);
      return abortable(() =>
        inTransaction(pool, async (client): Promise<ReserveResult> => {
          const inserted = await client.query<{ expiresAt: Date }>(
            `INSERT INTO inventory.reservations (id, status, expires_at)
             VALUES ($1::uuid, 'active', now() + make_interval(secs => $2::int))
             ON CONFLICT (id) DO NOTHING RETURNING expires_at AS "expiresAt"`,
            [input.reservationId, input.ttlSeconds],
          );
          const created = inserted.rows[0];
          if (!created) {
            const existing = await loadReservation(client, input.reservationId, false);
            if (!existing) throw new Error('reservation conflict without a row');
            return { kind: 'existing', reservation: toReservation(input.reservationId, existing) };
          }
          const stock = await lockStock(client, lines.map((l) => l.sku));
          const short = shortage(lines, stock);
          if (short) throw new Abort<ReserveResult>({ kind: 'insufficient', ...short });
          await client.query(
            `INSERT INTO inventory.reservation_lines (reservation_id, sku, quantity)
             SELECT $1::uuid, * FROM unnest($2::text[], $3::int[])`,
            [input.reservationId, lines.map((l) => l.sku), lines.map((l) => l.quantity)],
          );
          const changed = await applyChanges(
            client,
            lines.map((l) => ({ sku: l.sku, onHandDelta: 0, reservedDelta: l.quantity })),
            { kind: 'reserve', actor: input.actor, reason: null, reservationId: input.reservationId },
          );
          return {
            kind: 'created',
            reservation: { reservationId: input.reservationId, status: 'active', expiresAt: created.expiresAt.toISOString(), lines },
            changed,
          };
        }),
      );
    },

    /**
     * Takes the reserved units out of stock. An active reservation turns its hold into the sale;
     * an expired or released one has given its hold back, so its units are taken again from what
     * is available now (all or nothing).
     */
    async commit(id: string, actor: Actor): Promise<TransitionResult<'committed'>> {
      return abortable(() =>
        inTransaction(pool, async (client): Promise<TransitionResult<'committed'>> => {
          const reservation = await loadReservation(client, id, true);
          if (!reservation) return { kind: 'not_found' };
          if (reservation.status === 'committed') return { kind: 'done', status: 'committed', changed: [] };
          if (reservation.status === 'returned') return { kind: 'invalid_state', status: reservation.status };
          const stock = await lockStock(client, reservation.lines.map((l) => l.sku));
          const held = reservation.status === 'active';
          if (!held) {
            const short = shortage(reservation.lines, stock);
            if (short) throw new Abort<TransitionResult<'committed'>>({ kind: 'insufficient', ...short });
          }
          const changed = await applyChanges(
            client,
            reservation.lines.map((l) => ({ sku: l.sku, onHandDelta: -l.quantity, reservedDelta: held ? -l.quantity : 0 })),
            { kind: 'commit', actor, reason: held ? null : `re-taken after ${reservation.status}`, reservationId: id },
          );
          await setStatus(client, id, 'committed');
          return { kind: 'done', status: 'committed', changed };
        }),
      );
    },

    /**
     * Gives an active reservation's units back. Releasing an unknown id records it as released
     * (no lines), so a reserve for that id arriving late (a retried or slow call) cannot hold
     * stock any more: it gets the released reservation back.
     */
    async release(id: string, reason: string, actor: Actor): Promise<TransitionResult<'released' | 'expired'>> {
      return inTransaction(pool, async (client): Promise<TransitionResult<'released' | 'expired'>> => {
        await client.query(
          `INSERT INTO inventory.reservations (id, status, expires_at) VALUES ($1::uuid, 'released', now()) ON CONFLICT (id) DO NOTHING`,
          [id],
        );
        const reservation = await loadReservation(client, id, true);
        if (!reservation) throw new Error('reservation vanished');
        if (reservation.status === 'released' || reservation.status === 'expired') return { kind: 'done', status: reservation.status, changed: [] };
        if (reservation.status !== 'active') return { kind: 'invalid_state', status: reservation.status };
        await lockStock(client, reservation.lines.map((l) => l.sku));
        const changed = await applyChanges(
          client,
          reservation.lines.map((l) => ({ sku: l.sku, onHandDelta: 0, reservedDelta: -l.quantity })),
          { kind: 'release', actor, reason, reservationId: id },
        );
        await setStatus(client, id, 'released');
        return { kind: 'done', status: 'released', changed };
      });
    },

    /** Puts a committed reservation's units back on hand (order cancelled or refunded before shipping). */
    async restock(id: string, reason: string, actor: Actor): Promise<TransitionResult<'returned'>> {
      return inTransaction(pool, async (client): Promise<TransitionResult<'returned'>> => {
        const reservation = await loadReservation(client, id, true);
        if (!reservation) return { kind: 'not_found' };
        if (reservation.status === 'returned') return { kind: 'done', status: 'returned', changed: [] };
        if (reservation.status !== 'committed') return { kind: 'invalid_state', status: reservation.status };
        await lockStock(client, reservation.lines.map((l) => l.sku));
        const changed = await applyChanges(
          client,
          reservation.lines.map((l) => ({ sku: l.sku, onHandDelta: l.quantity, reservedDelta: 0 })),
          { kind: 'return', actor, reason, reservationId: id },
        );
        await setStatus(client, id, 'returned');
        return { kind: 'done', status: 'returned', changed };
      });
    },

    /**
     * Expires up to `limit` active reservations past their expiry. FOR UPDATE SKIP LOCKED: several
     * replicas sweep side by side without waiting on each other or on a commit in flight.
     */
    async sweepExpired(limit: number): Promise<{ expired: number; changed: StockChangedEvent[] }> {
      return inTransaction(pool, async (client) => {
        const { rows } = await client.query<{ id: string }>(
          `SELECT id::text AS id FROM inventory.reservations
           WHERE status = 'active' AND expires_at <= now()
           ORDER BY expires_at LIMIT $1::int FOR UPDATE SKIP LOCKED`,
          [limit],
        );
        if (rows.length === 0) return { expired: 0, changed: [] };
        const ids = rows.map((r) => r.id);
        const { rows: lines } = await client.query<ReservationLine & { reservationId: string }>(
          `SELECT reservation_id::text AS "reservationId", sku, quantity FROM inventory.reservation_lines
           WHERE reservation_id = ANY($1::uuid[])`,
          [ids],
        );
        await lockStock(client, [...new Set(lines.map((l) => l.sku))]);
        const changed: StockChangedEvent[] = [];
        for (const id of ids) {
          const own = mergeLines(lines.filter((l) => l.reservationId === id));
          changed.push(
            ...(await applyChanges(
              client,
              own.map((l) => ({ sku: l.sku, onHandDelta: 0, reservedDelta: -l.quantity })),
              { kind: 'expire', actor: 'sweeper', reason: 'reservation expired', reservationId: id },
            )),
          );
        }
        await client.query(
          `UPDATE inventory.reservations SET status = 'expired', updated_at = now() WHERE id = ANY($1::uuid[])`,
          [ids],
        );
        return { expired: ids.length, changed };
      });
    },

    /**
     * Sets the units on hand. `createIfMissing` (the catalog knows the SKU) starts a stock row
     * at 0 first. Refuses to go below the units held by active reservations.
     */
    async setStock(input: { sku: string; onHand: number; reason: string | null; actor: Actor; createIfMissing: boolean }): Promise<SetStockResult> {
      return abortable(() =>
        inTransaction(pool, async (client): Promise<SetStockResult> => {
          if (input.createIfMissing) {
            await client.query(`INSERT INTO inventory.stock_items (sku) VALUES ($1) ON CONFLICT (sku) DO NOTHING`, [input.sku]);
          }
          const row = (await lockStock(client, [input.sku])).get(input.sku);
          if (!row) return { kind: 'unknown_sku' };
          if (input.onHand < row.reserved) throw new Abort<SetStockResult>({ kind: 'below_reserved', reserved: row.reserved });
          const delta = input.onHand - row.onHand;
          if (delta === 0 && !input.createIfMissing) {
            return { kind: 'done', stock: { sku: row.sku, onHand: row.onHand, reserved: row.reserved, available: row.onHand - row.reserved }, changed: [] };
          }
          const changed = await applyChanges(client, [{ sku: input.sku, onHandDelta: delta, reservedDelta: 0 }], {
            kind: 'adjust',
            actor: input.actor,
            reason: input.reason,
            reservationId: null,
          });
          const after = changed[0]!;
          return { kind: 'done', stock: { sku: after.sku, onHand: after.onHand, reserved: after.reserved, available: after.available }, changed };
        }),
      );
    },
  };
}

export type InventoryRepository = ReturnType<typeof createInventoryRepository>;
