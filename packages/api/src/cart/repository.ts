import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { prismaAdapter } from '@omnicart/db/prisma';
import { Prisma, PrismaClient } from '@omnicart/db/cart';
import { outboxRowData, type OutboxEventRow } from '../events/index.js';
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from './schemas.js';

/**
 * The only code that touches cart's Prisma client. Hand-written SQL (every value a bound
 * parameter, tables qualified with the `cart` schema).
 *
 * Concurrency: every write runs in a transaction that first locks the cart row
 * (SELECT … FOR UPDATE), so all changes to one cart are serialized: the 100-line limit is
 * counted under that lock, and a quantity is always changed in SQL (`quantity = quantity + n`,
 * refused past 99 by the upsert's WHERE and by a CHECK constraint) — never read-modify-write in
 * JavaScript. Merge locks the guest cart, then the customer's cart; nothing locks them in the
 * other order, so the two cannot deadlock.
 */

export type CartStatus = 'open' | 'checked_out' | 'merged';

/** Guest carts are dropped after this many days without a change. */
export const GUEST_CART_TTL_DAYS = 30;

export interface CartRecord {
  /** Internal row id (never shown to clients). */
  id: string;
  /** The opaque public id. */
  token: string;
  customerId: string | null;
  status: CartStatus;
  orderId: string | null;
  updatedAt: string;
  /** A guest cart past its expires_at (treated as gone until the sweep deletes it). */
  expired: boolean;
}

export interface CartLineRecord {
  productId: string;
  quantity: number;
  addedAt: string;
}

export interface CartSnapshot {
  cart: CartRecord;
  /** Oldest first. */
  lines: CartLineRecord[];
}

/** Which cart a request means. */
export type CartRef =
  /** A signed-in customer's open cart (created by the first add). */
  | { by: 'customer'; customerId: string }
  /** A cart addressed by its public id; callerId is the signed-in caller or null for a guest. */
  | { by: 'token'; token: string; callerId: string | null }
  /** A new guest cart (a guest's first add). */
  | { by: 'new-guest' };

export type LineChange =
  /** `max`: the line's cap when lower than MAX_LINE_QUANTITY (the product's maxPerOrder). */
  | { kind: 'add'; productId: string; quantity: number; max?: number }
  | { kind: 'set'; productId: string; quantity: number }
  | { kind: 'remove'; productId: string }
  | { kind: 'clear' };

/** snapshot null: a signed-in customer who has no cart (yet). */
export type CartResult = { ok: true; snapshot: CartSnapshot | null } | { ok: false; reason: 'cart_not_found' };

export type ChangeResult =
  | CartResult
  | { ok: false; reason: 'line_not_found' }
  | { ok: false; reason: 'too_many_lines' }
  | { ok: false; reason: 'quantity_exceeded'; currentQuantity: number };

export type MergeResult = CartResult | { ok: false; reason: 'checked_out' };

export type CheckoutResult =
  | { ok: true; token: string; orderId: string }
  | { ok: false; reason: 'cart_not_found' }
  | { ok: false; reason: 'merged' }
  | { ok: false; reason: 'other_order'; orderId: string };

/**
 * The events a change announces, built from the carts as they are after it, inside its
 * transaction (so they commit or roll back with it). Several snapshots: a merge changes two carts.
 */
export type Announce = (changed: CartSnapshot[]) => OutboxEventRow[];
const nothing: Announce = () => [];

export type CartDb = PrismaClient;

/** The cart's Prisma client on the shared pool, bound to the `cart` schema. */
export function createCartDb(pool: pg.Pool): CartDb {
  return new PrismaClient({ adapter: prismaAdapter(pool, 'cart') });
}

export interface CartRepository {
  load(ref: Exclude<CartRef, { by: 'new-guest' }>): Promise<CartResult>;
  change(ref: CartRef, change: LineChange, announce?: Announce): Promise<ChangeResult>;
  /** Moves a guest cart's lines into the customer's open cart and marks the guest cart merged. */
  merge(customerId: string, guestToken: string, announce?: Announce): Promise<MergeResult>;
  /** The open cart an order is placed from (no lock: orders snapshot the lines themselves). */
  forCheckout(ref: { token?: string | undefined; customerId?: string | undefined }): Promise<CartSnapshot | null>;
  markCheckedOut(token: string, orderId: string, announce?: Announce): Promise<CheckoutResult>;
  /** Deletes guest carts past their expiry; returns how many. */
  sweepExpired(): Promise<number>;
}

/**
 * May `callerId` (null: a guest) use this cart by its public id? Only an open, unexpired cart;
 * a customer's cart only by that customer (anyone else gets "not found": no IDOR); a guest cart
 * by whoever holds its id.
 */
export function isAddressable(cart: Pick<CartRecord, 'status' | 'expired' | 'customerId'>, callerId: string | null): boolean {
  if (cart.status !== 'open' || cart.expired) return false;
  return cart.customerId === null || cart.customerId === callerId;
}

/** 24 random bytes, base64url (32 characters): unguessable, unlike a sequential id. */
export function newCartToken(): string {
  return randomBytes(24).toString('base64url');
}

type Tx = Prisma.TransactionClient;

const CARTS = Prisma.raw('cart.carts');
const LINES = Prisma.raw('cart.cart_lines');
const ISO = (column: string) => Prisma.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

const CART_COLUMNS = Prisma.sql`c.id::text AS id, c.token, c.customer_id::text AS "customerId", c.status::text AS status,
  c.order_id::text AS "orderId", ${ISO('c.updated_at')} AS "updatedAt",
  (c.expires_at IS NOT NULL AND c.expires_at <= now()) AS expired`;

/** The cart and its lines in one statement (one consistent snapshot). */
const SNAPSHOT_COLUMNS = Prisma.sql`${CART_COLUMNS},
  COALESCE((SELECT json_agg(json_build_object('productId', l.product_id::text, 'quantity', l.quantity, 'addedAt', ${ISO('l.added_at')})
                            ORDER BY l.added_at, l.product_id)
            FROM ${LINES} l WHERE l.cart_id = c.id), '[]'::json) AS lines`;

type SnapshotRow = CartRecord & { lines: CartLineRecord[] };

const toSnapshot = ({ lines, ...cart }: SnapshotRow): CartSnapshot => ({ cart, lines });

const TX_OPTIONS = { maxWait: 20_000, timeout: 30_000 };

export function createCartRepository(db: CartDb): CartRepository {
  const transaction = <T>(fn: (tx: Tx) => Promise<T>): Promise<T> => db.$transaction(fn, TX_OPTIONS);
  const announceIn = async (tx: Tx, announce: Announce, changed: CartSnapshot[]) => {
    const rows = announce(changed);
    if (rows.length) await tx.outboxEvent.createMany({ data: rows.map(outboxRowData) });
  };

  async function snapshotById(tx: Tx | CartDb, id: string): Promise<CartSnapshot> {
    const rows = await tx.$queryRaw<SnapshotRow[]>`SELECT ${SNAPSHOT_COLUMNS} FROM ${CARTS} c WHERE c.id = ${id}::uuid`;
    return toSnapshot(rows[0]!);
  }

  /** A customer's open cart with its lines (null: none yet). */
  async function customerSnapshot(tx: Tx | CartDb, customerId: string): Promise<CartSnapshot | null> {
    const rows = await tx.$queryRaw<SnapshotRow[]>`SELECT ${SNAPSHOT_COLUMNS} FROM ${CARTS} c WHERE c.open_customer_id = ${customerId}::uuid`;
    return rows[0] ? toSnapshot(rows[0]) : null;
  }

  async function lockByToken(tx: Tx, token: string): Promise<CartRecord | null> {
    const rows = await tx.$queryRaw<CartRecord[]>`SELECT ${CART_COLUMNS} FROM ${CARTS} c WHERE c.token = ${token} FOR UPDATE`;
    return rows[0] ?? null;
  }

  /** Locks the customer's open cart, creating it first when `create` (one per customer: unique open_customer_id). */
  async function lockCustomerCart(tx: Tx, customerId: string, create: boolean): Promise<CartRecord | null> {
    // A cart checked out between the insert and the lock leaves nothing to lock: try again.
    for (let attempt = 0; attempt < 3; attempt++) {
      if (create) {
        await tx.$executeRaw`INSERT INTO ${CARTS} (id, token, customer_id, open_customer_id)
          VALUES (${randomUUID()}::uuid, ${newCartToken()}, ${customerId}::uuid, ${customerId}::uuid)
          ON CONFLICT (open_customer_id) DO NOTHING`;
      }
      const rows = await tx.$queryRaw<CartRecord[]>`SELECT ${CART_COLUMNS} FROM ${CARTS} c WHERE c.open_customer_id = ${customerId}::uuid FOR UPDATE`;
      if (rows[0] || !create) return rows[0] ?? null;
    }
    throw new Error(`could not create or lock the open cart of customer ${customerId}`);
  }

  async function insertGuestCart(tx: Tx): Promise<CartRecord> {
    const rows = await tx.$queryRaw<CartRecord[]>`INSERT INTO ${CARTS} AS c (id, token, expires_at)
      VALUES (${randomUUID()}::uuid, ${newCartToken()}, now() + make_interval(days => ${GUEST_CART_TTL_DAYS}::int))
      RETURNING ${CART_COLUMNS}`;
    return rows[0]!;
  }

  /** Records activity: updated_at, and a guest cart's expiry moves 30 days ahead. */
  async function touch(tx: Tx, id: string): Promise<void> {
    await tx.$executeRaw`UPDATE ${CARTS} SET updated_at = now(),
        expires_at = CASE WHEN customer_id IS NULL THEN now() + make_interval(days => ${GUEST_CART_TTL_DAYS}::int) ELSE expires_at END
      WHERE id = ${id}::uuid`;
  }

  async function applyChange(tx: Tx, cartId: string, change: LineChange): Promise<ChangeResult | null> {
    switch (change.kind) {
      case 'add': {
        const [stats] = await tx.$queryRaw<{ lines: number; present: boolean }[]>`
          SELECT count(*)::int AS lines, COALESCE(bool_or(product_id = ${change.productId}::uuid), false) AS present
          FROM ${LINES} WHERE cart_id = ${cartId}::uuid`;
        if (stats && !stats.present && stats.lines >= MAX_CART_LINES) return { ok: false, reason: 'too_many_lines' };
        // Atomic: concurrent adds to one line all count; past the cap the row is left unchanged.
        const added = await tx.$queryRaw<{ quantity: number }[]>`
          INSERT INTO ${LINES} AS l (cart_id, product_id, quantity) VALUES (${cartId}::uuid, ${change.productId}::uuid, ${change.quantity}::int)
          ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = l.quantity + EXCLUDED.quantity
            WHERE l.quantity + EXCLUDED.quantity <= ${Math.min(MAX_LINE_QUANTITY, change.max ?? MAX_LINE_QUANTITY)}::int
          RETURNING l.quantity`;
        if (added.length === 0) {
          const [line] = await tx.$queryRaw<{ quantity: number }[]>`
            SELECT quantity FROM ${LINES} WHERE cart_id = ${cartId}::uuid AND product_id = ${change.productId}::uuid`;
          return { ok: false, reason: 'quantity_exceeded', currentQuantity: line?.quantity ?? 0 };
        }
        return null;
      }
      case 'set': {
        const updated = await tx.$executeRaw`UPDATE ${LINES} SET quantity = ${change.quantity}::int
          WHERE cart_id = ${cartId}::uuid AND product_id = ${change.productId}::uuid`;
        return updated === 0 ? { ok: false, reason: 'line_not_found' } : null;
      }
      case 'remove':
        await tx.$executeRaw`DELETE FROM ${LINES} WHERE cart_id = ${cartId}::uuid AND product_id = ${change.productId}::uuid`;
        return null;
      case 'clear':
        await tx.$executeRaw`DELETE FROM ${LINES} WHERE cart_id = ${cartId}::uuid`;
        return null;
    }
  }

  return {
    async load(ref) {
      if (ref.by === 'customer') return { ok: true, snapshot: await customerSnapshot(db, ref.customerId) };
      const rows = await db.$queryRaw<SnapshotRow[]>`SELECT ${SNAPSHOT_COLUMNS} FROM ${CARTS} c WHERE c.token = ${ref.token}`;
      const row = rows[0];
      if (!row || !isAddressable(row, ref.callerId)) return { ok: false, reason: 'cart_not_found' };
      if (row.customerId === null) {
        // Looking at a guest cart is activity too; written at most once a day per cart.
        await db.$executeRaw`UPDATE ${CARTS} SET expires_at = now() + make_interval(days => ${GUEST_CART_TTL_DAYS}::int)
          WHERE id = ${row.id}::uuid AND customer_id IS NULL AND status = 'open'
            AND expires_at < now() + make_interval(days => ${GUEST_CART_TTL_DAYS - 1}::int)`;
      }
      return { ok: true, snapshot: toSnapshot(row) };
    },

    change(ref, change, announce = nothing) {
      return transaction(async (tx): Promise<ChangeResult> => {
        let cart: CartRecord | null;
        if (ref.by === 'new-guest') {
          if (change.kind !== 'add') return { ok: false, reason: 'cart_not_found' };
          cart = await insertGuestCart(tx);
        } else if (ref.by === 'customer') {
          cart = await lockCustomerCart(tx, ref.customerId, change.kind === 'add');
          if (!cart) return change.kind === 'set' ? { ok: false, reason: 'line_not_found' } : { ok: true, snapshot: null };
        } else {
          cart = await lockByToken(tx, ref.token);
          if (!cart || !isAddressable(cart, ref.callerId)) return { ok: false, reason: 'cart_not_found' };
        }
        const refused = await applyChange(tx, cart.id, change);
        // A refusal rolls nothing back that matters (a new guest cart is only created by an add
        // that cannot be refused: an empty cart has room and the quantity is within 1-99).
        if (refused) return refused;
        await touch(tx, cart.id);
        const snapshot = await snapshotById(tx, cart.id);
        await announceIn(tx, announce, [snapshot]);
        return { ok: true, snapshot };
      });
    },

    merge(customerId, guestToken, announce = nothing) {
      return transaction(async (tx): Promise<MergeResult> => {
        const guest = await lockByToken(tx, guestToken);
        if (!guest || guest.expired) return { ok: false, reason: 'cart_not_found' };
        // Another customer's cart (open, or a guest cart they already merged): not yours to see.
        if (guest.customerId !== null && guest.customerId !== customerId) return { ok: false, reason: 'cart_not_found' };
        if (guest.status === 'checked_out') return { ok: false, reason: 'checked_out' };
        if (guest.customerId === customerId) {
          // Already merged by this customer, or their own cart: merging again changes nothing.
          if (guest.status === 'open') return { ok: true, snapshot: await snapshotById(tx, guest.id) };
          return { ok: true, snapshot: await customerSnapshot(tx, customerId) };
        }
        const target = await lockCustomerCart(tx, customerId, true);
        if (!target) throw new Error('customer cart vanished under its lock');
        // Lines both carts hold: quantities summed, capped at 99.
        await tx.$executeRaw`UPDATE ${LINES} AS l SET quantity = LEAST(${MAX_LINE_QUANTITY}::int, l.quantity + g.quantity)
          FROM ${LINES} AS g
          WHERE l.cart_id = ${target.id}::uuid AND g.cart_id = ${guest.id}::uuid AND g.product_id = l.product_id`;
        // The guest's other lines, oldest first, as far as the 100-line limit allows.
        await tx.$executeRaw`INSERT INTO ${LINES} (cart_id, product_id, quantity, added_at)
          SELECT ${target.id}::uuid, g.product_id, g.quantity, g.added_at FROM ${LINES} AS g
          WHERE g.cart_id = ${guest.id}::uuid
            AND NOT EXISTS (SELECT 1 FROM ${LINES} AS l WHERE l.cart_id = ${target.id}::uuid AND l.product_id = g.product_id)
          ORDER BY g.added_at, g.product_id
          LIMIT GREATEST(0, ${MAX_CART_LINES}::int - (SELECT count(*)::int FROM ${LINES} WHERE cart_id = ${target.id}::uuid))`;
        // Claimed by the customer: no one else can address or merge it any more.
        await tx.$executeRaw`UPDATE ${CARTS} SET status = 'merged', customer_id = ${customerId}::uuid, updated_at = now()
          WHERE id = ${guest.id}::uuid`;
        await touch(tx, target.id);
        const snapshot = await snapshotById(tx, target.id);
        await announceIn(tx, announce, [snapshot, await snapshotById(tx, guest.id)]);
        return { ok: true, snapshot };
      });
    },

    async forCheckout({ token, customerId }) {
      if (token === undefined) return customerId === undefined ? null : customerSnapshot(db, customerId);
      const [row] = await db.$queryRaw<SnapshotRow[]>`SELECT ${SNAPSHOT_COLUMNS} FROM ${CARTS} c WHERE c.token = ${token}`;
      // A trusted caller without a customer may name any open cart; with one, it must be theirs or a guest's.
      if (row && customerId === undefined && row.status === 'open' && !row.expired) return toSnapshot(row);
      return row && isAddressable(row, customerId ?? null) ? toSnapshot(row) : null;
    },

    markCheckedOut(token, orderId, announce = nothing) {
      return transaction(async (tx): Promise<CheckoutResult> => {
        const cart = await lockByToken(tx, token);
        if (!cart) return { ok: false, reason: 'cart_not_found' };
        if (cart.status === 'merged') return { ok: false, reason: 'merged' };
        if (cart.status === 'checked_out') {
          return cart.orderId === orderId ? { ok: true, token, orderId } : { ok: false, reason: 'other_order', orderId: cart.orderId ?? '' };
        }
        await tx.$executeRaw`UPDATE ${CARTS} SET status = 'checked_out', order_id = ${orderId}::uuid, open_customer_id = NULL, updated_at = now()
          WHERE id = ${cart.id}::uuid`;
        await announceIn(tx, announce, [await snapshotById(tx, cart.id)]);
        return { ok: true, token, orderId };
      });
    },

    async sweepExpired() {
      let total = 0;
      for (;;) {
        const deleted = await db.$executeRaw`DELETE FROM ${CARTS} WHERE id IN (
          SELECT id FROM ${CARTS} WHERE expires_at <= now() ORDER BY expires_at LIMIT 1000 FOR UPDATE SKIP LOCKED)`;
        total += deleted;
        if (deleted < 1000) return total;
      }
    },
  };
}
