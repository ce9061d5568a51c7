import { z } from 'zod';
import { text } from '@omnicart/contracts';

/** Where a payment stands. `pending`: recorded, Stripe has not answered (yet). */
export const PAYMENT_STATUSES = ['pending', 'requires_action', 'processing', 'requires_capture', 'succeeded', 'failed', 'canceled'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
/** Statuses nothing but a refund changes any more. */
export const FINAL_STATUSES: readonly PaymentStatus[] = ['succeeded', 'failed', 'canceled'];

/** What `charge` reports (a decline is a result, not an error). */
export const CHARGE_STATUSES = ['succeeded', 'requires_action', 'processing', 'failed'] as const;
export type ChargeStatus = (typeof CHARGE_STATUSES)[number];

const orderId = z.uuid();
const cents = z.number().int().positive().max(99_999_999);

export const chargeInput = z.object({
  orderId,
  /** Integer cents. */
  amount: cents,
  currency: text()
    .regex(/^[A-Za-z]{3}$/, 'currency must be a 3-letter ISO code')
    .transform((value) => value.toUpperCase()),
  /** A Stripe PaymentMethod id, e.g. `pm_card_visa`. */
  paymentMethod: text().trim().min(1).max(255),
  customerEmail: z.email().max(320).optional(),
});
export type ChargeInput = z.infer<typeof chargeInput>;

export const chargeResultSchema = z.object({
  paymentId: z.uuid(),
  intentId: z.string().nullable(),
  status: z.enum(CHARGE_STATUSES),
  declineCode: z.string().nullable(),
  message: z.string().nullable(),
});
export type ChargeResult = z.infer<typeof chargeResultSchema>;

export const orderRefInput = z.object({ orderId });

export const paymentSchema = z.object({
  paymentId: z.uuid(),
  intentId: z.string().nullable(),
  orderId: z.uuid(),
  status: z.enum(PAYMENT_STATUSES),
  amount: z.number().int(),
  amountRefunded: z.number().int(),
  currency: z.string(),
  declineCode: z.string().nullable(),
  message: z.string().nullable(),
  paymentMethod: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type PaymentDto = z.infer<typeof paymentSchema>;

export const refundInput = z.object({
  orderId,
  /** Integer cents; absent = everything captured and not yet refunded. */
  amount: cents.optional(),
  /** Free text kept with the refund (e.g. "order cancelled by admin"). */
  reason: text().trim().min(1).max(500).optional(),
  /**
   * Makes a retried refund request a no-op: the same key refunds once. Without it the key is
   * derived from what was refunded so far, so a retry after a lost answer does not refund twice.
   */
  idempotencyKey: text().trim().min(1).max(200).optional(),
});
export type RefundInput = z.infer<typeof refundInput>;

export const refundResultSchema = z.object({
  refundId: z.string(),
  amount: z.number().int(),
  amountRefunded: z.number().int(),
  status: z.string(),
});
export type RefundResult = z.infer<typeof refundResultSchema>;

