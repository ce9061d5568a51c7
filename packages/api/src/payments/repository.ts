import { randomUUID } from 'node:crypto';
import type { Prisma, PaymentsDb } from '@omnicart/db/payments';
import { newOutboxEvent } from '../events/index.js';
import { PAYMENT_EVENTS, type PaymentDto, type PaymentStatus } from './schemas.js';

/**
 * The only code that touches payments' Prisma client. Every status change goes through a
 * conditional update, and the outbox event announcing it is written in the same transaction:
 * whichever path moves a payment first (the charge call's answer, a refresh, or a webhook)
 * publishes the fact once; the others find nothing left to change.
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

export interface RefundRecord {
  refundId: string;
  amount: number;
  status: string;
  reason: string | null;
}

export type ApplyResult = { duplicate: true } | { duplicate: false; changed: boolean; payment: PaymentDto | null };

const SELECT = {
  id: true,
  orderId: true,
  intentId: true,
  amount: true,
  amountRefunded: true,
  currency: true,
  status: true,
  declineCode: true,
  failureMessage: true,
  paymentMethod: true,
  createdAt: true,
  updatedAt: true,
} as const;

type Row = Prisma.PaymentGetPayload<{ select: typeof SELECT }>;

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
  return toDto({
    id: row.id,
    orderId: row.order_id,
    intentId: row.intent_id,
    amount: row.amount,
    amountRefunded: row.amount_refunded,
    currency: row.currency,
    status: row.status,
    declineCode: row.decline_code,
    failureMessage: row.failure_message,
    paymentMethod: row.payment_method,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}
type Tx = Prisma.TransactionClient;

function toDto(row: Row): PaymentDto {
  return {
    paymentId: row.id,
    orderId: row.orderId,
    intentId: row.intentId,
    status: row.status,
    amount: row.amount,
    amountRefunded: row.amountRefunded,
    currency: row.currency,
    declineCode: row.declineCode,
    message: row.failureMessage,
    paymentMethod: row.paymentMethod,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
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


export function createPaymentsRepository(db: PaymentsDb) {
  /** Records the webhook event id; false when it was handled before (redelivery). */
  async function claimEvent(tx: Tx, event: WebhookEventRef | undefined): Promise<boolean> {
    if (!event) return true;
    const { count } = await tx.webhookEvent.createMany({ data: [{ id: event.id, type: event.type }], skipDuplicates: true });
    return count === 1;
  }

  async function writeEvent(tx: Tx, type: string, data: Record<string, unknown>): Promise<void> {
    const row = newOutboxEvent(type, data);
    await tx.outboxEvent.create({ data: { id: row.id, type: row.type, payload: row.payload as Prisma.InputJsonValue } });
  }

  return {
    async findByOrder(orderId: string): Promise<PaymentDto | null> {
      const row = await db.payment.findUnique({ where: { orderId }, select: SELECT });
      return row ? toDto(row) : null;
    },

    async findByIntent(intentId: string): Promise<PaymentDto | null> {
      const row = await db.payment.findUnique({ where: { intentId }, select: SELECT });
      return row ? toDto(row) : null;
    },

    /** Inserts the payment in status pending; null when the order already has one. */
    async insertPending(payment: NewPayment): Promise<PaymentDto | null> {
      const rows = await db.payment.createManyAndReturn({ data: [{ ...payment, status: 'pending' }], skipDuplicates: true, select: SELECT });
      return rows[0] ? toDto(rows[0]) : null;
    },

    /**
     * Moves the payment to what Stripe reported (status, intent id, decline) when that is a
     * legal step, writing the outbox event of a final outcome. With a webhook event, the event id
     * is claimed too (a redelivery, even a concurrent one, changes nothing). One statement, so one
     * round trip and atomic: this runs for every charge and every webhook.
     */
    async applyOutcome(paymentId: string | null, outcome: IntentOutcome, event?: WebhookEventRef): Promise<ApplyResult> {
      const eventId = event?.id ?? null;
      const eventType = event?.type ?? null;
      const outboxType =
        outcome.status === 'succeeded'
          ? PAYMENT_EVENTS.succeeded
          : outcome.status === 'failed'
            ? PAYMENT_EVENTS.failed
            : outcome.status === 'canceled'
              ? PAYMENT_EVENTS.canceled
              : null;
      const failed = outcome.status === 'failed';
      const rows = await db.$queryRaw<Array<RawRow & { claimed: boolean; moved: boolean }>>`
        WITH claim AS (
          INSERT INTO payments.webhook_events (id, type)
          SELECT ${eventId}::text, ${eventType}::text WHERE ${eventId}::text IS NOT NULL
          ON CONFLICT (id) DO NOTHING
          RETURNING id
        ),
        moved AS (
          UPDATE payments.payments
          SET status = ${outcome.status}::text::payments.payment_status,
              intent_id = COALESCE(${outcome.intentId}::text, intent_id),
              decline_code = ${failed ? outcome.declineCode : null}::text,
              failure_message = ${failed ? outcome.message : null}::text,
              updated_at = now()
          WHERE id = ${paymentId}::uuid
            AND status = ANY(${allowedFrom(outcome.status)}::text[]::payments.payment_status[])
            AND (${eventId}::text IS NULL OR EXISTS (SELECT 1 FROM claim))
          RETURNING *
        ),
        announced AS (
          INSERT INTO payments.outbox_events (id, type, payload)
          SELECT ${randomUUID()}::uuid, ${outboxType}::text,
                 CASE ${outboxType}::text
                   WHEN ${PAYMENT_EVENTS.succeeded} THEN jsonb_build_object('orderId', order_id, 'intentId', intent_id, 'amount', amount)
                   WHEN ${PAYMENT_EVENTS.failed} THEN jsonb_build_object('orderId', order_id, 'intentId', intent_id, 'declineCode', decline_code)
                   ELSE jsonb_build_object('orderId', order_id, 'intentId', intent_id)
                 END
          FROM moved
          WHERE ${outboxType}::text IS NOT NULL
          RETURNING id
        )
        -- (announced runs regardless: data-modifying WITH statements always execute.)
        SELECT m.*, (${eventId}::text IS NULL OR EXISTS (SELECT 1 FROM claim)) AS claimed, m.id IS NOT NULL AS moved
        FROM (SELECT 1) one LEFT JOIN moved m ON true`;
      const result = rows[0];
      if (!result?.claimed) return { duplicate: true };
      if (result.moved) return { duplicate: false, changed: true, payment: fromRaw(result) };
      if (!paymentId) return { duplicate: false, changed: false, payment: null };
      // Not moved: read the row afresh (this statement's snapshot predates a concurrent change
      // that made the update a no-op).
      const row = await db.payment.findUnique({ where: { id: paymentId }, select: SELECT });
      return { duplicate: false, changed: false, payment: row ? toDto(row) : null };
    },

    /** Remembers the intent of a payment that had none (its status could not move). */
    async fillIntentId(paymentId: string, intentId: string): Promise<void> {
      await db.payment.updateMany({ where: { id: paymentId, intentId: null }, data: { intentId } });
    },

    /** Cancels a payment Stripe never heard of (no intent): a later charge for the order is refused. */
    async cancelWithoutIntent(paymentId: string): Promise<boolean> {
      return db.$transaction(async (tx) => {
        const { count } = await tx.payment.updateMany({ where: { id: paymentId, status: 'pending', intentId: null }, data: { status: 'canceled' } });
        if (count === 1) {
          const row = await tx.payment.findUniqueOrThrow({ where: { id: paymentId }, select: SELECT });
          await writeEvent(tx, PAYMENT_EVENTS.canceled, { orderId: row.orderId, intentId: null });
        }
        return count === 1;
      });
    },

    /**
     * Raises amount_refunded to what Stripe reports (refunds recorded here, or the charge's
     * amount_refunded from a webhook) and announces each increase once.
     */
    async applyRefund(paymentId: string, change: { refund?: RefundRecord; chargeRefunded?: number }, event?: WebhookEventRef): Promise<ApplyResult> {
      return db.$transaction(async (tx) => {
        if (!(await claimEvent(tx, event))) return { duplicate: true };
        const before = await tx.payment.findUniqueOrThrow({ where: { id: paymentId }, select: SELECT });
        let target = change.chargeRefunded ?? 0;
        if (change.refund) {
          await tx.refund.createMany({ data: [{ id: randomUUID(), paymentId, ...change.refund }], skipDuplicates: true });
          const sum = await tx.refund.aggregate({ where: { paymentId, status: { in: ['succeeded', 'pending'] } }, _sum: { amount: true } });
          target = Math.max(target, sum._sum.amount ?? 0);
        }
        target = Math.min(target, before.amount);
        const { count } = await tx.payment.updateMany({ where: { id: paymentId, amountRefunded: { lt: target } }, data: { amountRefunded: target } });
        const row = await tx.payment.findUniqueOrThrow({ where: { id: paymentId }, select: SELECT });
        // Money returned on a payment that never counted (a late success voided after cancel) is not news for orders.
        if (count === 1 && row.intentId && row.status === 'succeeded') {
          await writeEvent(tx, PAYMENT_EVENTS.refunded, { orderId: row.orderId, intentId: row.intentId, amountRefunded: row.amountRefunded });
        }
        return { duplicate: false, changed: count === 1, payment: toDto(row) };
      });
    },

    /** Records a webhook event that concerns no payment of ours; false on a redelivery. */
    async claimOnly(event: WebhookEventRef): Promise<boolean> {
      return db.$transaction((tx) => claimEvent(tx, event));
    },

    async latestRefund(paymentId: string): Promise<RefundRecord | null> {
      const row = await db.refund.findFirst({
        where: { paymentId },
        orderBy: { createdAt: 'desc' },
        select: { refundId: true, amount: true, status: true, reason: true },
      });
      return row;
    },

    /** Payments still waiting on Stripe for longer than `olderThanMs` (the resolver's work list). */
    async unresolved(olderThanMs: number, limit: number): Promise<PaymentDto[]> {
      const rows = await db.payment.findMany({
        where: { status: { in: ['pending', 'processing', 'requires_capture'] }, updatedAt: { lt: new Date(Date.now() - olderThanMs) } },
        orderBy: { updatedAt: 'asc' },
        take: limit,
        select: SELECT,
      });
      return rows.map(toDto);
    },

    disconnect: () => db.$disconnect(),
  };
}

export type PaymentsRepository = ReturnType<typeof createPaymentsRepository>;
