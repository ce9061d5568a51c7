import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { OUTBOX_COLUMNS, outboxEnvelope } from '../events/index.js';
import { chargeRefunded, paymentCanceled, paymentFailed, paymentSucceeded } from './events.js';
import type { PaymentDto, PaymentStatus } from './schemas.js';

/**
 * The only code that touches payments' tables. Every status change is a conditional update, and
 * the outbox event announcing it is written in the same statement (or transaction): whichever
 * path moves a payment first (the charge call's answer, a refresh, or a webhook) publishes the
 * fact once; the others find nothing left to change.
 *
 * Every read and write is plain SQL on the pool, one round trip each (data-modifying CTEs), as
 * named prepared statements: no Prisma client at run time and no parse/plan per call in PostgreSQL.
 */
export interface NewPayment {
  id: string;
  orderId: string;
  amount: number;
  currency: string;
  paymentMethod: string;
  customerEmail: string | null;
}

/** What Stripe says about an intent, in our terms. */
export interface IntentOutcome {
  /** Null when Stripe refused before creating an intent (e.g. no such PaymentMethod). */
  intentId: string | null;
  status: PaymentStatus;
  declineCode: string | null;
  message: string | null;
}

export interface WebhookEventRef {
  id: string;
  type: string;
}

/** The payment fields a webhook event can disagree with (see `checked` in the apply statements). */
export type MismatchField = 'intent_id' | 'order_id' | 'amount' | 'currency';

/**
 * What a webhook event says about the payment it names, checked against our row in the same
 * statement: a null amount or currency is not checked; the order id when `checkOrder`.
 */
export interface EventClaims {
  checkOrder: boolean;
  amount: number | null;
  currency: string | null;
}

export interface RefundRecord {
  refundId: string;
  amount: number;
  status: string;
  reason: string | null;
}

/** What applying Stripe's word did: nothing (a redelivered event), or the payment as it now stands. */
export type ApplyResult =
  | { duplicate: true }
  | {
      duplicate: false;
      /** The payment moved (this call's change committed). */
      changed: boolean;
      /** An outbox row was written with the change (the relay has something to publish). */
      announced: boolean;
      /** The payment after the change, or as it stands when nothing changed; null when none matched. */
      payment: PaymentDto | null;
      /** The fields the event disagreed on with our payment (then nothing moved); empty when it matched. */
      mismatch: MismatchField[];
    };

/** The payments columns the DTO needs, snake_case, as RawRow. */
const COLUMNS = 'id, order_id, intent_id, amount, amount_refunded, currency, status, decline_code, failure_message, payment_method, created_at, updated_at';
const columnsOf = (alias: string) =>
  COLUMNS.split(', ')
    .map((column) => `${alias}.${column}`)
    .join(', ');

/** A payments row as raw SQL returns it (snake_case). */
interface RawRow {
  id: string;
  order_id: string;
  intent_id: string | null;
  amount: number;
  amount_refunded: number;
  currency: string;
  status: PaymentStatus;
  decline_code: string | null;
  failure_message: string | null;
  payment_method: string;
  created_at: Date;
  updated_at: Date;
}

function fromRaw(row: RawRow): PaymentDto {
  return {
    paymentId: row.id,
    orderId: row.order_id,
    intentId: row.intent_id,
    status: row.status,
    amount: row.amount,
    amountRefunded: row.amount_refunded,
    currency: row.currency,
    declineCode: row.decline_code,
    message: row.failure_message,
    paymentMethod: row.payment_method,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Which statuses a payment may move to a given status from. Final statuses stay final, except
 * that a failed attempt may still be followed by a success (the customer retried at Stripe). */
export function allowedFrom(next: PaymentStatus): PaymentStatus[] {
  const open: PaymentStatus[] = ['pending', 'requires_action', 'processing', 'requires_capture'];
  if (next === 'succeeded') return [...open, 'failed'];
  if (next === 'failed' || next === 'canceled') return open;
  return open.filter((status) => status !== next);
}

/** The events these statements write (their payloads are built in SQL; events.ts is the contract). */
const PAYMENT_EVENTS = {
  succeeded: paymentSucceeded.type,
  failed: paymentFailed.type,
  canceled: paymentCanceled.type,
  refunded: chargeRefunded.type,
} as const;

/** The envelope parameters of an outbox row a statement writes: actor, traceparent, tracestate (see events/outbox.ts). */
function envelope(): [string | null, string | null, string | null] {
  const { actor, traceparent, tracestate } = outboxEnvelope(paymentSucceeded, '');
  return [actor ? JSON.stringify(actor) : null, traceparent, tracestate];
}

/** The outbox event a move to this status announces (null: not news for anyone). */
function announcementOf(status: PaymentStatus): string | null {
  if (status === 'succeeded') return PAYMENT_EVENTS.succeeded;
  if (status === 'failed') return PAYMENT_EVENTS.failed;
  if (status === 'canceled') return PAYMENT_EVENTS.canceled;
  return null;
}

const INSERT_PENDING = {
  name: 'payments.insert_pending',
  // A repeat (the order already has its row) reads it in the same statement. Under a concurrent
  // first insert the row is not in this statement's snapshot yet: no row, and the caller reads again.
  text: `
    WITH inserted AS (
      INSERT INTO payments.payments (id, order_id, amount, currency, status, payment_method, customer_email)
      VALUES ($1::uuid, $2::uuid, $3::int, $4::text, 'pending', $5::text, $6::text)
      ON CONFLICT (order_id) DO NOTHING
      RETURNING ${COLUMNS}
    )
    SELECT ${COLUMNS}, true AS inserted FROM inserted
    UNION ALL
    SELECT ${COLUMNS}, false AS inserted FROM payments.payments
     WHERE order_id = $2::uuid AND NOT EXISTS (SELECT 1 FROM inserted)`,
};

/**
 * The end of every "apply" statement: whether the webhook event was claimed, whether the payment
 * moved and an outbox row was written, and the payment: as moved, or as it stands (from `target`,
 * which read the latest committed version under a row lock); no payment columns when none matched.
 */
const FINAL_SELECT = `
    SELECT r.*,
           ($1::text IS NULL OR EXISTS (SELECT 1 FROM claim)) AS claimed,
           (SELECT fields FROM checked) AS mismatch,
           EXISTS (SELECT 1 FROM moved) AS moved,
           EXISTS (SELECT 1 FROM announced) AS announced
      FROM (SELECT 1) one
      LEFT JOIN (
        SELECT ${COLUMNS} FROM moved
        UNION ALL
        SELECT ${COLUMNS} FROM target WHERE NOT EXISTS (SELECT 1 FROM moved)
      ) r ON true`;

/**
 * `checked`: the fields on which the event disagrees with the payment in `target` (empty when it
 * agrees or is not a webhook's). Parameters: whether to check the order ($c), the order id of the
 * event ($o), its amount ($a) and currency ($k); a null amount or currency is not checked. An event
 * naming one of our orders whose payment holds another intent disagrees on `intent_id`.
 */
function checked(c: string, o: string, a: string, k: string): string {
  return `
    checked AS (
      SELECT array_remove(ARRAY[
        CASE WHEN ${c}::boolean AND NOT EXISTS (SELECT 1 FROM target)
              AND EXISTS (SELECT 1 FROM payments.payments WHERE order_id = ${o}::uuid) THEN 'intent_id' END,
        CASE WHEN ${c}::boolean AND EXISTS (SELECT 1 FROM target t WHERE t.order_id IS DISTINCT FROM ${o}::uuid) THEN 'order_id' END,
        CASE WHEN EXISTS (SELECT 1 FROM target t WHERE t.amount <> ${a}::int) THEN 'amount' END,
        CASE WHEN EXISTS (SELECT 1 FROM target t WHERE lower(t.currency) <> lower(${k}::text)) THEN 'currency' END
      ], NULL)::text[] AS fields
    )`;
}

/**
 * `claim` records the webhook event id ($1, $2) with the fields it disagreed on (after `target`
 * locked the payment, so a concurrent redelivery waits and then finds the id taken).
 */
const CLAIM = `
    claim AS (
      INSERT INTO payments.webhook_events (id, type, mismatch)
      SELECT $1::text, $2::text, NULLIF((SELECT fields FROM checked), '{}') WHERE $1::text IS NOT NULL
      ON CONFLICT (id) DO NOTHING
      RETURNING id
    )`;

/**
 * Applying Stripe's word about an intent, in one statement (so one round trip, atomic):
 * - `target` locks the payment and reads its latest committed version (a locking read follows
 *   concurrent updates), so the answer is exact whether or not this call moves it;
 * - `checked` compares a webhook's intent with the payment ($15 check the order $4, $16 amount,
 *   $17 currency): a correctly signed event about another order, amount or currency moves nothing;
 * - `claim` records the webhook event id ($1 null: not a webhook) and what it disagreed on; a
 *   redelivery, even a concurrent one, finds it taken and changes nothing;
 * - `moved` applies the outcome when the step is legal (see allowedFrom) and the event agreed;
 * - `announced` writes the outbox event of a final outcome, only if `moved` did.
 * `targetWhere` picks the payment: by id (the charge path) or by intent / order (webhooks).
 */
function applyStatement(name: string, targetWhere: string): { name: string; text: string } {
  return {
    name,
    text: `
    WITH target AS (
      SELECT ${COLUMNS} FROM payments.payments
       WHERE ${targetWhere}
       FOR NO KEY UPDATE
    ),
    ${checked('$15', '$4', '$16', '$17')},
    ${CLAIM},
    moved AS (
      UPDATE payments.payments p
         SET status = $5::text::payments.payment_status,
             intent_id = COALESCE($6::text, p.intent_id),
             decline_code = $7::text,
             failure_message = $8::text,
             updated_at = now()
        FROM target t
       WHERE p.id = t.id
         AND t.status = ANY($9::text[]::payments.payment_status[])
         AND ($1::text IS NULL OR EXISTS (SELECT 1 FROM claim))
         AND cardinality((SELECT fields FROM checked)) = 0
      RETURNING ${columnsOf('p')}
    ),
    announced AS (
      INSERT INTO payments.outbox_events (${OUTBOX_COLUMNS})
      SELECT $10::uuid, $11::text, 1, order_id::text, $12::jsonb, $13::text, $14::text,
             CASE $11::text
               WHEN '${PAYMENT_EVENTS.succeeded}' THEN jsonb_build_object('orderId', order_id, 'intentId', intent_id, 'amount', amount)
               WHEN '${PAYMENT_EVENTS.failed}' THEN jsonb_build_object('orderId', order_id, 'intentId', intent_id, 'declineCode', decline_code)
               ELSE jsonb_build_object('orderId', order_id, 'intentId', intent_id)
             END
        FROM moved
       WHERE $11::text IS NOT NULL
      RETURNING id
    )
    ${FINAL_SELECT}`,
  };
}

/** The charge / refresh / cancel path: the payment by id ($3; $4 unused). */
const APPLY_BY_ID = applyStatement('payments.apply_by_id', 'id = $3::uuid AND $4::text IS NULL');
/**
 * A webhook: the payment holding the intent ($3), or the order's payment ($4, from the intent's
 * metadata) that has not learnt its intent yet (the charge's answer was lost or is still on its way).
 * Another intent of the same order is not ours: nothing matches.
 */
const APPLY_BY_INTENT = applyStatement(
  'payments.apply_by_intent',
  // Each branch on its own unique index (an OR let a generic plan scan every row without an intent);
  // the lock then re-checks only the id, which a concurrent change cannot move.
  `id = (SELECT id FROM payments.payments WHERE intent_id = $3::text
         UNION ALL
         SELECT id FROM payments.payments WHERE order_id = $4::uuid AND intent_id IS NULL
         LIMIT 1)`,
);

/**
 * Raising amount_refunded to what Stripe reports, in one statement: the refund this call made
 * ($5..$8, recorded once by its Stripe id) and/or the charge's amount_refunded from a
 * `charge.refunded` webhook ($9), never beyond the amount; the `charge_refunded` event once per
 * increase of a succeeded payment (money returned on a payment that never counted, a late success
 * voided after cancel, is not news for orders). The refunds written by earlier statements are in
 * the sum; the one recorded here is added from `recorded` (not in this statement's snapshot).
 * A `charge.refunded` whose charge disagrees with the payment's amount ($14) or currency ($15) is
 * claimed with the mismatch and moves nothing.
 */
function refundStatement(name: string, targetWhere: string): { name: string; text: string } {
  return {
    name,
    text: `
    WITH target AS (
      SELECT ${COLUMNS} FROM payments.payments WHERE ${targetWhere} LIMIT 1 FOR NO KEY UPDATE
    ),
    ${checked('false', 'NULL', '$14', '$15')},
    ${CLAIM},
    recorded AS (
      INSERT INTO payments.refunds (id, payment_id, refund_id, amount, status, reason)
      SELECT $4::uuid, t.id, $5::text, $6::int, $7::text, $8::text FROM target t
       WHERE $5::text IS NOT NULL AND ($1::text IS NULL OR EXISTS (SELECT 1 FROM claim))
      ON CONFLICT (refund_id) DO NOTHING
      RETURNING amount, status
    ),
    total AS (
      SELECT t.id,
             LEAST(t.amount::bigint, GREATEST(COALESCE($9::int, 0)::bigint,
               CASE WHEN $5::text IS NULL THEN 0::bigint ELSE
                 COALESCE((SELECT sum(r.amount) FROM payments.refunds r WHERE r.payment_id = t.id AND r.status IN ('succeeded', 'pending')), 0)
                 + COALESCE((SELECT sum(n.amount) FROM recorded n WHERE n.status IN ('succeeded', 'pending')), 0)
               END)) AS value
        FROM target t
    ),
    moved AS (
      UPDATE payments.payments p
         SET amount_refunded = total.value, updated_at = now()
        FROM total
       WHERE p.id = total.id AND p.amount_refunded < total.value
         AND ($1::text IS NULL OR EXISTS (SELECT 1 FROM claim))
         AND cardinality((SELECT fields FROM checked)) = 0
      RETURNING ${columnsOf('p')}
    ),
    announced AS (
      INSERT INTO payments.outbox_events (${OUTBOX_COLUMNS})
      SELECT $10::uuid, '${PAYMENT_EVENTS.refunded}', 1, order_id::text, $11::jsonb, $12::text, $13::text, jsonb_build_object('orderId', order_id, 'intentId', intent_id, 'amountRefunded', amount_refunded)
        FROM moved
       WHERE intent_id IS NOT NULL AND status = 'succeeded'
      RETURNING id
    )
    ${FINAL_SELECT}`,
  };
}

/** The refund call: the payment by id ($3). */
const REFUND_BY_ID = refundStatement('payments.refund_by_id', 'id = $3::uuid');
/** A charge.refunded webhook: the payment holding the intent ($3; null or none matched: the event is only claimed). */
const REFUND_BY_INTENT = refundStatement('payments.refund_by_intent', 'intent_id = $3::text');

const CANCEL_WITHOUT_INTENT = {
  name: 'payments.cancel_without_intent',
  text: `
    WITH moved AS (
      UPDATE payments.payments SET status = 'canceled', updated_at = now()
       WHERE id = $1::uuid AND status = 'pending' AND intent_id IS NULL
      RETURNING ${COLUMNS}
    ),
    announced AS (
      INSERT INTO payments.outbox_events (${OUTBOX_COLUMNS})
      SELECT $2::uuid, '${PAYMENT_EVENTS.canceled}', 1, order_id::text, $3::jsonb, $4::text, $5::text, jsonb_build_object('orderId', order_id, 'intentId', NULL)
        FROM moved
      RETURNING id
    )
    SELECT ${COLUMNS} FROM moved`,
};

interface ApplyRow extends Partial<RawRow> {
  claimed: boolean;
  mismatch: MismatchField[] | null;
  moved: boolean;
  announced: boolean;
}

export function createPaymentsRepository(pool: pg.Pool) {
  async function findByOrder(orderId: string): Promise<PaymentDto | null> {
    const { rows } = await pool.query<RawRow>({ name: 'payments.by_order', text: `SELECT ${COLUMNS} FROM payments.payments WHERE order_id = $1::uuid`, values: [orderId] });
    return rows[0] ? fromRaw(rows[0]) : null;
  }

  function resultOf(rows: ApplyRow[]): ApplyResult {
    const result = rows[0];
    if (!result?.claimed) return { duplicate: true };
    const payment = result.id ? fromRaw(result as RawRow) : null;
    return { duplicate: false, changed: result.moved, announced: result.announced, payment, mismatch: result.mismatch ?? [] };
  }

  async function refundApply(
    statement: { name: string; text: string },
    target: string | null,
    refund: RefundRecord | null,
    chargeRefunded: number | null,
    event?: WebhookEventRef,
    charge?: { amount: number | null; currency: string | null },
  ): Promise<ApplyResult> {
    const { rows } = await pool.query<ApplyRow>({
      name: statement.name,
      text: statement.text,
      values: [
        event?.id ?? null,
        event?.type ?? null,
        target,
        randomUUID(),
        refund?.refundId ?? null,
        refund?.amount ?? null,
        refund?.status ?? null,
        refund?.reason ?? null,
        chargeRefunded,
        randomUUID(),
        ...envelope(),
        charge?.amount ?? null,
        charge?.currency ?? null,
      ],
    });
    return resultOf(rows);
  }

  async function apply(
    statement: { name: string; text: string },
    target: [string | null, string | null],
    outcome: IntentOutcome,
    event?: WebhookEventRef,
    claims?: EventClaims,
  ): Promise<ApplyResult> {
    const failed = outcome.status === 'failed';
    const { rows } = await pool.query<ApplyRow>({
      name: statement.name,
      text: statement.text,
      values: [
        event?.id ?? null,
        event?.type ?? null,
        target[0],
        target[1],
        outcome.status,
        outcome.intentId,
        failed ? outcome.declineCode : null,
        failed ? outcome.message : null,
        allowedFrom(outcome.status),
        randomUUID(),
        announcementOf(outcome.status),
        ...envelope(),
        claims?.checkOrder ?? false,
        claims?.amount ?? null,
        claims?.currency ?? null,
      ],
    });
    return resultOf(rows);
  }

  return {
    findByOrder,

    async findByIntent(intentId: string): Promise<PaymentDto | null> {
      const { rows } = await pool.query<RawRow>({ name: 'payments.by_intent', text: `SELECT ${COLUMNS} FROM payments.payments WHERE intent_id = $1::text`, values: [intentId] });
      return rows[0] ? fromRaw(rows[0]) : null;
    },

    /**
     * Inserts the payment in status pending, or finds the order's existing one: one statement
     * (a second read only when another call inserted the row concurrently). `inserted` tells which.
     */
    async insertPending(payment: NewPayment): Promise<{ payment: PaymentDto; inserted: boolean } | null> {
      const { rows } = await pool.query<RawRow & { inserted: boolean }>({
        ...INSERT_PENDING,
        values: [payment.id, payment.orderId, payment.amount, payment.currency, payment.paymentMethod, payment.customerEmail],
      });
      const row = rows[0];
      if (row) return { payment: fromRaw(row), inserted: row.inserted };
      const existing = await findByOrder(payment.orderId);
      return existing ? { payment: existing, inserted: false } : null;
    },

    /**
     * Moves the payment to what Stripe reported (status, intent id, decline) when that is a
     * legal step, writing the outbox event of a final outcome; otherwise reports the payment as
     * it stands. One statement.
     */
    applyOutcome(paymentId: string, outcome: IntentOutcome): Promise<ApplyResult> {
      return apply(APPLY_BY_ID, [paymentId, null], outcome);
    },

    /**
     * A webhook's intent event: finds the payment by intent (or by the order of the intent's
     * metadata while the payment has no intent yet), checks the intent's order, amount and
     * currency against it, claims the event id (with any mismatch), and applies the outcome and
     * writes its outbox event only when they agree. One statement; a redelivery is `duplicate`.
     */
    applyIntentEvent(
      intent: { intentId: string; orderId: string | null; amount: number | null; currency: string | null },
      outcome: IntentOutcome,
      event: WebhookEventRef,
    ): Promise<ApplyResult> {
      const claims = { checkOrder: true, amount: intent.amount, currency: intent.currency };
      return apply(APPLY_BY_INTENT, [intent.intentId, intent.orderId], outcome, event, claims);
    },

    /** Remembers the intent of a payment that had none (its status could not move). */
    async fillIntentId(paymentId: string, intentId: string): Promise<void> {
      await pool.query({
        name: 'payments.fill_intent',
        text: 'UPDATE payments.payments SET intent_id = $2::text, updated_at = now() WHERE id = $1::uuid AND intent_id IS NULL',
        values: [paymentId, intentId],
      });
    },

    /**
     * Cancels a payment Stripe never heard of (no intent) with its outbox event, in one statement:
     * a later charge for the order is refused. Null when the payment was not in that state.
     */
    async cancelWithoutIntent(paymentId: string): Promise<PaymentDto | null> {
      const { rows } = await pool.query<RawRow>({ ...CANCEL_WITHOUT_INTENT, values: [paymentId, randomUUID(), ...envelope()] });
      return rows[0] ? fromRaw(rows[0]) : null;
    },

    /** The refund this service made at Stripe, recorded (once) and added up. One statement. */
    applyRefund(paymentId: string, refund: RefundRecord): Promise<ApplyResult> {
      return refundApply(REFUND_BY_ID, paymentId, refund, null);
    },

    /**
     * A charge.refunded webhook: claims the event id and raises the refunded amount of the payment
     * holding the intent to the charge's (no payment of ours: the event is only claimed; a charge
     * whose amount or currency is not the payment's: claimed with the mismatch). One statement.
     */
    applyChargeRefunded(
      intentId: string | null,
      chargeRefunded: number,
      event: WebhookEventRef,
      charge: { amount: number | null; currency: string | null } = { amount: null, currency: null },
    ): Promise<ApplyResult> {
      return refundApply(REFUND_BY_INTENT, intentId, null, chargeRefunded, event, charge);
    },

    /** The payment's latest refund (a repeated "refund the rest" answers it). */
    async latestRefund(paymentId: string): Promise<RefundRecord | null> {
      const { rows } = await pool.query<RefundRecord>({
        name: 'payments.latest_refund',
        text: 'SELECT refund_id AS "refundId", amount, status, reason FROM payments.refunds WHERE payment_id = $1::uuid ORDER BY created_at DESC LIMIT 1',
        values: [paymentId],
      });
      return rows[0] ?? null;
    },
  };
}

export type PaymentsRepository = ReturnType<typeof createPaymentsRepository>;
