import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { insertOutboxRowsSql, type OutboxEventRow } from '../events/index.js';
import { inTransaction } from '../runtime/transaction.js';
import type { AppliedDiscount, DiscountType, PromotionRule, RefusalReason, Scope } from './models/discount.js';

/**
 * The only code that touches promotions' tables (schema "promotions"): plain SQL on the pg pool
 * (the Prisma schema in packages/db/prisma/promotions is the source of the migrations and the
 * drift test). Limits hold in any interleaving because every counter moves only through a
 * conditional UPDATE (`… WHERE used < usage_limit`) in the redemption's transaction, in a fixed
 * order (promotions by id, then the code, then the customer's usage), and a CHECK constraint
 * guards the counters besides.
 */

export interface PromotionRow extends PromotionRule {
  usageLimit: number | null;
  perCustomerLimit: number | null;
  used: number;
  version: number;
  updatedAt: Date;
  code: string | null;
  codeCount: number;
}

export interface PromotionStatsRow {
  redemptions: number;
  reserved: number;
  revenue: number;
  discountCost: number;
}

export interface CodeRow {
  id: string;
  promotionId: string;
  code: string;
  batchId: string | null;
  usageLimit: number | null;
  used: number;
  createdAt: Date;
}

export interface NewPromotion {
  id: string;
  kind: 'code' | 'automatic';
  name: string;
  discountType: DiscountType;
  value: number;
  scope: Scope;
  categoryIds: string[];
  productIds: string[];
  minSubtotal: number;
  startsAt: Date | null;
  endsAt: Date | null;
  usageLimit: number | null;
  perCustomerLimit: number | null;
  active: boolean;
}

/** What a reservation could not take: which limit, of which promotion. */
export interface LimitHit {
  reason: Extract<RefusalReason, 'usage_limit_reached' | 'already_used' | 'expired'>;
  promotionId: string;
  code: string | null;
}

export type ReserveResult<T> = { ok: true; evaluation: T; replay: boolean } | { ok: false; hit: LimitHit };

/** What evaluating an order needs (the checkout's hot path: no per-promotion subqueries). */
const RULE_COLUMNS = `p.id::text AS id, p.name, p.kind, p.discount_type AS "discountType", p.value, p.scope,
  p.category_ids::text[] AS "categoryIds", p.product_ids::text[] AS "productIds", p.min_subtotal AS "minSubtotal",
  p.starts_at AS "startsAt", p.ends_at AS "endsAt", p.usage_limit AS "usageLimit", p.per_customer_limit AS "perCustomerLimit",
  p.used, p.active, p.version, p.created_at AS "createdAt", p.updated_at AS "updatedAt", NULL AS code, 0 AS "codeCount"`;

/** The same plus the shared code and the number of codes (admin reads). */
const PROMOTION_COLUMNS = `p.id::text AS id, p.name, p.kind, p.discount_type AS "discountType", p.value, p.scope,
  p.category_ids::text[] AS "categoryIds", p.product_ids::text[] AS "productIds", p.min_subtotal AS "minSubtotal",
  p.starts_at AS "startsAt", p.ends_at AS "endsAt", p.usage_limit AS "usageLimit", p.per_customer_limit AS "perCustomerLimit",
  p.used, p.active, p.version, p.created_at AS "createdAt", p.updated_at AS "updatedAt",
  (SELECT c.code FROM promotions.codes c WHERE c.promotion_id = p.id AND c.batch_id IS NULL ORDER BY c.created_at LIMIT 1) AS code,
  (SELECT count(*)::int FROM promotions.codes c WHERE c.promotion_id = p.id) AS "codeCount"`;

const STATS_SQL = `SELECT l.promotion_id::text AS "promotionId",
    count(*) FILTER (WHERE r.state = 'committed')::int AS redemptions,
    count(*) FILTER (WHERE r.state = 'reserved')::int AS reserved,
    coalesce(sum(r.order_total) FILTER (WHERE r.state = 'committed'), 0)::bigint::float8 AS revenue,
    coalesce(sum(l.amount) FILTER (WHERE r.state = 'committed'), 0)::bigint::float8 AS "discountCost"
  FROM promotions.redemption_lines l JOIN promotions.redemptions r ON r.order_id = l.order_id
  WHERE l.promotion_id = ANY($1::uuid[]) GROUP BY l.promotion_id`;

/** Rows of a state, as SQL over `p` at `now()`. */
const STATE_SQL: Record<string, string> = {
  active: `p.active AND (p.starts_at IS NULL OR p.starts_at <= now()) AND (p.ends_at IS NULL OR p.ends_at > now())`,
  scheduled: `p.active AND p.starts_at > now()`,
  expired: `p.active AND p.ends_at <= now()`,
  inactive: `NOT p.active`,
};

const outboxValues = (events: OutboxEventRow[]) => [JSON.stringify(events)];
const INSERT_OUTBOX = insertOutboxRowsSql('promotions.outbox_events', '$1::jsonb');

export function createPromotionsRepository(pool: pg.Pool) {
  async function statsOf(ids: string[]): Promise<Map<string, PromotionStatsRow>> {
    if (ids.length === 0) return new Map();
    const { rows } = await pool.query<PromotionStatsRow & { promotionId: string }>(STATS_SQL, [ids]);
    return new Map(rows.map(({ promotionId, ...stats }) => [promotionId, stats]));
  }

  return {
    statsOf,

    async insert(promotion: NewPromotion, code: string | null, events: OutboxEventRow[]): Promise<'ok' | 'code_taken'> {
      return inTransaction(pool, async (client) => {
        await client.query(
          `INSERT INTO promotions.promotions (id, kind, name, discount_type, value, scope, category_ids, product_ids, min_subtotal, starts_at, ends_at, usage_limit, per_customer_limit, active)
           VALUES ($1, $2, $3, $4, $5, $6, $7::uuid[], $8::uuid[], $9, $10, $11, $12, $13, $14)`,
          [
            promotion.id,
            promotion.kind,
            promotion.name,
            promotion.discountType,
            promotion.value,
            promotion.scope,
            promotion.categoryIds,
            promotion.productIds,
            promotion.minSubtotal,
            promotion.startsAt,
            promotion.endsAt,
            promotion.usageLimit,
            promotion.perCustomerLimit,
            promotion.active,
          ],
        );
        if (code !== null) {
          const { rowCount } = await client.query(
            `INSERT INTO promotions.codes (id, promotion_id, code) VALUES (gen_random_uuid(), $1, $2) ON CONFLICT (code) DO NOTHING`,
            [promotion.id, code],
          );
          if (rowCount === 0) throw new CodeTaken();
        }
        if (events.length) await client.query(INSERT_OUTBOX, outboxValues(events));
        return 'ok' as const;
      }).catch((error: unknown) => {
        if (error instanceof CodeTaken) return 'code_taken' as const;
        throw error;
      });
    },

    /** Applies `changes` (column → value) when the row is at `version`; false when it moved on. */
    async update(id: string, version: number, changes: Partial<NewPromotion>, events: OutboxEventRow[]): Promise<boolean> {
      const columns: Record<keyof NewPromotion, string> = {
        id: 'id',
        kind: 'kind',
        name: 'name',
        discountType: 'discount_type',
        value: 'value',
        scope: 'scope',
        categoryIds: 'category_ids',
        productIds: 'product_ids',
        minSubtotal: 'min_subtotal',
        startsAt: 'starts_at',
        endsAt: 'ends_at',
        usageLimit: 'usage_limit',
        perCustomerLimit: 'per_customer_limit',
        active: 'active',
      };
      const entries = Object.entries(changes).filter(([key]) => key !== 'id' && key !== 'kind');
      const sets = entries.map(([key], index) => `${columns[key as keyof NewPromotion]} = $${index + 3}${key.endsWith('Ids') ? '::uuid[]' : ''}`);
      return inTransaction(pool, async (client) => {
        const { rowCount } = await client.query(
          `UPDATE promotions.promotions SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')} WHERE id = $1 AND version = $2`,
          [id, version, ...entries.map(([, value]) => value)],
        );
        if (rowCount === 0) return false;
        if (events.length) await client.query(INSERT_OUTBOX, outboxValues(events));
        return true;
      });
    },

    async find(id: string): Promise<PromotionRow | null> {
      const { rows } = await pool.query<PromotionRow>(`SELECT ${PROMOTION_COLUMNS} FROM promotions.promotions p WHERE p.id = $1`, [id]);
      return rows[0] ?? null;
    },

    async list(filter: { q: string | null; kind: string | null; state: string | null; offset: number; limit: number }): Promise<{ rows: PromotionRow[]; total: number }> {
      const where = ['($1::text IS NULL OR p.name ILIKE $1 OR EXISTS (SELECT 1 FROM promotions.codes c WHERE c.promotion_id = p.id AND c.code ILIKE $1))', '($2::text IS NULL OR p.kind = $2)'];
      if (filter.state) where.push(STATE_SQL[filter.state]!);
      const q = filter.q ? `%${filter.q.replace(/[\\%_]/g, (char) => `\\${char}`)}%` : null;
      const { rows } = await pool.query<PromotionRow & { total: number }>(
        `SELECT ${PROMOTION_COLUMNS}, count(*) OVER ()::int AS total FROM promotions.promotions p WHERE ${where.join(' AND ')}
         ORDER BY p.created_at DESC, p.id LIMIT $3 OFFSET $4`,
        [q, filter.kind, filter.limit, filter.offset],
      );
      return { rows, total: rows[0]?.total ?? 0 };
    },

    /** Automatic promotions that may apply now (active, within their window, not used up). */
    async liveAutomatic(): Promise<PromotionRow[]> {
      const { rows } = await pool.query<PromotionRow>({
        name: 'promotions_live_automatic',
        text: `SELECT ${RULE_COLUMNS} FROM promotions.promotions p WHERE p.kind = 'automatic' AND ${STATE_SQL.active}
               AND (p.usage_limit IS NULL OR p.used < p.usage_limit) ORDER BY p.created_at`,
      });
      return rows;
    },

    /** The code (normalised) and its promotion; null when unknown. */
    async findCode(code: string): Promise<{ code: CodeRow; promotion: PromotionRow } | null> {
      const { rows } = await pool.query<PromotionRow & { codeRow: Omit<CodeRow, 'createdAt'> & { createdAt: string } }>({
        name: 'promotions_find_code',
        text: `SELECT ${RULE_COLUMNS}, json_build_object('id', c.id, 'promotionId', c.promotion_id, 'code', c.code, 'batchId', c.batch_id,
                        'usageLimit', c.usage_limit, 'used', c.used, 'createdAt', c.created_at) AS "codeRow"
                 FROM promotions.codes c JOIN promotions.promotions p ON p.id = c.promotion_id WHERE c.code = $1`,
        values: [code],
      });
      const row = rows[0];
      if (!row) return null;
      const { codeRow, ...promotion } = row;
      return { code: { ...codeRow, createdAt: new Date(codeRow.createdAt) }, promotion };
    },

    async customerUses(promotionId: string, customerKey: string): Promise<number> {
      const { rows } = await pool.query<{ used: number }>(`SELECT used FROM promotions.customer_usage WHERE promotion_id = $1 AND customer_key = $2`, [promotionId, customerKey]);
      return rows[0]?.used ?? 0;
    },

    /** Inserts `codes` (already unique among themselves); answers how many were new (a clash with an existing code is skipped). */
    async insertCodes(promotionId: string, batchId: string, codes: string[], events: OutboxEventRow[]): Promise<string[]> {
      return inTransaction(pool, async (client) => {
        const { rows } = await client.query<{ code: string }>(
          `INSERT INTO promotions.codes (id, promotion_id, code, batch_id, usage_limit)
           SELECT gen_random_uuid(), $1, c, $2, 1 FROM unnest($3::text[]) AS c ON CONFLICT (code) DO NOTHING RETURNING code`,
          [promotionId, batchId, codes],
        );
        if (events.length) await client.query(INSERT_OUTBOX, outboxValues(events));
        return rows.map((row) => row.code);
      });
    },

    async listCodes(promotionId: string, batchId: string | null, offset: number, limit: number): Promise<{ rows: CodeRow[]; total: number }> {
      const { rows } = await pool.query<CodeRow & { total: number }>(
        `SELECT id::text, promotion_id::text AS "promotionId", code, batch_id::text AS "batchId", usage_limit AS "usageLimit", used, created_at AS "createdAt",
                count(*) OVER ()::int AS total
         FROM promotions.codes WHERE promotion_id = $1 AND ($2::uuid IS NULL OR batch_id = $2) ORDER BY created_at, code LIMIT $3 OFFSET $4`,
        [promotionId, batchId, limit, offset],
      );
      return { rows, total: rows[0]?.total ?? 0 };
    },

    async addSharedCode(promotionId: string, code: string): Promise<boolean> {
      const { rowCount } = await pool.query(`INSERT INTO promotions.codes (id, promotion_id, code) VALUES (gen_random_uuid(), $1, $2) ON CONFLICT (code) DO NOTHING`, [promotionId, code]);
      return rowCount === 1;
    },

    /**
     * Reserves the redemption of `orderId`: takes one use of every applied promotion, of the code
     * and of the customer's allowance, all or nothing, and keeps the evaluation. A second call for
     * the same order answers the first one's evaluation (idempotent; a released one stays released).
     */
    async reserve<T>(input: { orderId: string; customerKey: string; applied: readonly AppliedDiscount[]; discount: number; evaluation: T }, limits: ReadonlyMap<string, number | null>): Promise<ReserveResult<T>> {
      // One round trip (promotions.reserve_redemption, a function of the migrations): the counters' locks are held for microseconds.
      const query = {
        name: 'promotions_reserve_redemption',
        text: 'SELECT outcome, refused_promotion::text, stored FROM promotions.reserve_redemption($1, $2, $3, $4::jsonb, $5::uuid[], $6::uuid[], $7::int[], $8::int[])',
        values: [
          input.orderId,
          input.customerKey,
          input.discount,
          JSON.stringify(input.evaluation),
          input.applied.map((a) => a.promotionId),
          input.applied.map((a) => a.codeId),
          input.applied.map((a) => a.amount),
          input.applied.map((a) => limits.get(a.promotionId) ?? null),
        ],
      };
      // The function is one statement, all or nothing: a deadlock (a concurrent release of the same code) is retried.
      let rows: { outcome: string; refused_promotion: string | null; stored: T | null }[] = [];
      for (let attempt = 1; ; attempt++) {
        try {
          ({ rows } = await pool.query<{ outcome: string; refused_promotion: string | null; stored: T | null }>(query));
          break;
        } catch (error) {
          const code = (error as { code?: string }).code;
          if (attempt >= 3 || (code !== '40P01' && code !== '40001')) throw error;
        }
      }
      const row = rows[0];
      if (!row) throw new Error('reserve_redemption returned nothing');
      if (row.outcome === 'reserved') return { ok: true, evaluation: input.evaluation, replay: false };
      if (row.outcome === 'replay') return { ok: true, evaluation: row.stored as T, replay: true };
      const promotionId = row.refused_promotion ?? '';
      const reason = row.outcome === 'already_used' ? 'already_used' : 'usage_limit_reached';
      return { ok: false, hit: { reason, promotionId, code: input.applied.find((a) => a.promotionId === promotionId)?.code ?? null } };
    },

    /** Gives a reserved redemption's uses back (idempotent: a committed or released one is left as it is). */
    async release(orderId: string): Promise<'released' | 'committed' | 'none'> {
      return inTransaction(pool, async (client) => {
        const { rows } = await client.query<{ state: string; customerKey: string }>(
          `SELECT state, customer_key AS "customerKey" FROM promotions.redemptions WHERE order_id = $1 FOR UPDATE`,
          [orderId],
        );
        const row = rows[0];
        if (!row || row.state === 'released') return 'none';
        if (row.state === 'committed') return 'committed';
        await client.query(`UPDATE promotions.redemptions SET state = 'released', updated_at = now() WHERE order_id = $1`, [orderId]);
        // Uses go back in reserve_redemption's lock order (promotions by id, then codes, then the customer's
        // allowance), one row at a time: a release never deadlocks with a reservation of the same code.
        const lines = await client.query<{ promotionId: string; codeId: string | null }>(
          `SELECT promotion_id::text AS "promotionId", code_id::text AS "codeId" FROM promotions.redemption_lines WHERE order_id = $1 ORDER BY promotion_id`,
          [orderId],
        );
        for (const line of lines.rows) await client.query(`UPDATE promotions.promotions SET used = used - 1 WHERE id = $1`, [line.promotionId]);
        for (const line of lines.rows) {
          if (line.codeId) await client.query(`UPDATE promotions.codes SET used = used - 1 WHERE id = $1`, [line.codeId]);
        }
        for (const line of lines.rows) {
          await client.query(`UPDATE promotions.customer_usage SET used = used - 1 WHERE promotion_id = $1 AND customer_key = $2 AND used > 0`, [line.promotionId, row.customerKey]);
        }
        return 'released';
      });
    },

    /** The order was paid: the redemption is final (a full refund does not give it back); its revenue is the order's total. */
    async commit(orderId: string, orderTotal: number, amounts: ReadonlyMap<string, number>): Promise<'committed' | 'released' | 'none'> {
      return inTransaction(pool, async (client) => {
        const { rows } = await client.query<{ state: string }>(`SELECT state FROM promotions.redemptions WHERE order_id = $1 FOR UPDATE`, [orderId]);
        const state = rows[0]?.state;
        if (!state) return 'none';
        await client.query(`UPDATE promotions.redemptions SET state = 'committed', order_total = $2, updated_at = now() WHERE order_id = $1`, [orderId, orderTotal]);
        for (const [promotionId, amount] of amounts) {
          // The order's final amounts (shipping waived is only known to orders).
          await client.query(`UPDATE promotions.redemption_lines SET amount = $3 WHERE order_id = $1 AND promotion_id = $2`, [orderId, promotionId, amount]);
        }
        return state === 'released' ? 'released' : 'committed';
      });
    },

    /**
     * One single-use code per recipient of a campaign, exactly once: the campaign's advisory lock
     * serialises concurrent calls (two replicas, a retried send), recipients that have one get it
     * back, the others get `fresh` codes (a code that clashes with an existing one is left out and
     * the caller tries again with others). The unique (campaign_id, recipient_key) index holds
     * the rule besides.
     */
    async assignCodes(promotionId: string, campaignId: string, recipientKeys: readonly string[], fresh: (count: number) => string[]): Promise<Map<string, string>> {
      return inTransaction(pool, async (client) => {
        await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`promotions.campaign-codes:${campaignId}`]);
        const { rows } = await client.query<{ recipientKey: string; code: string }>(
          `SELECT recipient_key AS "recipientKey", code FROM promotions.codes WHERE campaign_id = $1 AND recipient_key = ANY($2::text[])`,
          [campaignId, recipientKeys],
        );
        const assigned = new Map(rows.map((row) => [row.recipientKey, row.code]));
        const batchId = randomUUID();
        for (let round = 0; round < 5; round++) {
          const missing = recipientKeys.filter((key) => !assigned.has(key));
          if (missing.length === 0) break;
          const codes = fresh(missing.length);
          const inserted = await client.query<{ recipientKey: string; code: string }>(
            `INSERT INTO promotions.codes (id, promotion_id, code, batch_id, usage_limit, campaign_id, recipient_key, assigned_at)
             SELECT gen_random_uuid(), $1, c, $2, 1, $3, k, now() FROM unnest($4::text[], $5::text[]) AS t(c, k)
             ON CONFLICT (code) DO NOTHING RETURNING recipient_key AS "recipientKey", code`,
            [promotionId, batchId, campaignId, codes, missing],
          );
          for (const row of inserted.rows) assigned.set(row.recipientKey, row.code);
        }
        return assigned;
      });
    },

    /**
     * Committed redemptions of a campaign: of the codes assigned to it, or (a shared-code campaign)
     * of its shared code since the campaign started going out.
     */
    async campaignResults(campaignId: string, shared: { code: string; since: Date | null } | null): Promise<{ redemptions: number; revenue: number; discountCost: number }> {
      const where = shared ? `c.code = $1 AND ($2::timestamptz IS NULL OR r.created_at >= $2)` : `c.campaign_id = $1`;
      const { rows } = await pool.query<{ redemptions: number; revenue: number; discountCost: number }>(
        `SELECT count(DISTINCT r.order_id)::int AS redemptions,
                coalesce(sum(r.order_total), 0)::bigint::float8 AS revenue,
                coalesce(sum(l.amount), 0)::bigint::float8 AS "discountCost"
           FROM promotions.codes c
           JOIN promotions.redemption_lines l ON l.code_id = c.id
           JOIN promotions.redemptions r ON r.order_id = l.order_id AND r.state = 'committed'
          WHERE ${where}`,
        shared ? [shared.code, shared.since] : [campaignId],
      );
      return rows[0] ?? { redemptions: 0, revenue: 0, discountCost: 0 };
    },

    /** A demo code promotion (seed), unless its code exists; true when it wrote one. */
    async seedCode(demo: { code: string; name: string; discountType: DiscountType; value: number; perCustomerLimit: number | null }): Promise<boolean> {
      const { rowCount } = await pool.query(
        `WITH p AS (
           INSERT INTO promotions.promotions (id, kind, name, discount_type, value, per_customer_limit)
           SELECT gen_random_uuid(), 'code', $2, $3, $4, $5 WHERE NOT EXISTS (SELECT 1 FROM promotions.codes WHERE code = $1)
           RETURNING id
         )
         INSERT INTO promotions.codes (id, promotion_id, code) SELECT gen_random_uuid(), p.id, $1 FROM p`,
        [demo.code, demo.name, demo.discountType, demo.value, demo.perCustomerLimit],
      );
      return (rowCount ?? 0) > 0;
    },

    async redemptionState(orderId: string): Promise<string | null> {
      const { rows } = await pool.query<{ state: string }>(`SELECT state FROM promotions.redemptions WHERE order_id = $1`, [orderId]);
      return rows[0]?.state ?? null;
    },
  };
}

class CodeTaken extends Error {}

export type PromotionsRepository = ReturnType<typeof createPromotionsRepository>;
