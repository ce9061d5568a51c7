import type { OrdersDependencies } from '../clients.js';

/**
 * The checkout saga as data: every step that changes another domain, paired with what undoes it.
 * "What undoes `reserve`?" has one answer, here; the saga (place.ts), the settlements (settle.ts),
 * recovery (jobs/recovery.ts) and admin status changes (status-changes.ts) compensate through
 * `compensate` below, and `nextRecoveryAction` (next-action.ts) decides from persisted state which
 * step or compensation a half-done checkout still needs.
 *
 *   step        does (through)                          undone by
 *   reserve     inventory.reserve(orderId, lines)       release  (inventory.release)
 *   redeem      promotions.reserve(orderId, lines,      release-redemption (promotions.release;
 *               code) — beside `reserve`; a code that   also on the order's status_changed into
 *               does not apply is 409 before any charge payment_failed / cancelled; a paid order's
 *                                                       redemption is committed from order_paid and
 *                                                       never given back, not even by a refund)
 *   order       the order row, pending_payment          — (the order records every outcome)
 *   charge      payments.charge(orderId)                cancel   (payments.cancel, before capture)
 *                                                       refund   (payments.refund, after capture)
 *   commit      inventory's consumer inventory.sales    restock  (inventory.restock)
 *               of orders.order_paid (written with the
 *               paid status; a sale whose stock ran out
 *               comes back as orders.saleFailed: refund)
 *   close-cart  cart.markCheckedOut(cartId, orderId)    — (best effort: a closed cart stays closed)
 *
 * Every action and compensation is idempotent on the order id, so the saga, the payment events
 * and any number of recovery replicas may race on one order and still end in one state.
 */
export const CHECKOUT_STEPS = [
  { step: 'reserve', does: 'inventory.reserve', undoneBy: ['release'] },
  { step: 'redeem', does: 'promotions.reserve', undoneBy: ['release-redemption'] },
  { step: 'order', does: 'orders: pending_payment + orders.order_placed', undoneBy: [] },
  { step: 'charge', does: 'payments.charge', undoneBy: ['cancel', 'refund'] },
  { step: 'commit', does: 'inventory.sales ← orders.order_paid', undoneBy: ['restock'] },
  { step: 'close-cart', does: 'cart.markCheckedOut', undoneBy: [] },
] as const;

export type CheckoutStep = (typeof CHECKOUT_STEPS)[number]['step'];
export type Compensation = (typeof CHECKOUT_STEPS)[number]['undoneBy'][number];

/** Why stock goes back (kept in inventory's movement history). */
export type ReleaseReason = 'checkout_aborted' | 'checkout_abandoned' | 'payment_failed' | 'order_cancelled' | 'order_refunded' | 'cancelled';

export interface Compensations {
  /** Undoes `reserve`: the held units go back to available. */
  release(orderId: string, reason: ReleaseReason): Promise<void>;
  /** Undoes `redeem`: the uses of the order's promotions and code go back (a committed redemption stays). */
  releaseRedemption(orderId: string): Promise<void>;
  /** Undoes `charge` before capture: the intent is cancelled (a late success is refunded). */
  cancel(orderId: string): Promise<void>;
  /** Undoes `charge` after capture: `amount` cents (default: all that remains) go back. */
  refund(orderId: string, amount?: number): Promise<{ amount: number; amountRefunded: number }>;
  /** Undoes `commit`: the sold units go back on hand. */
  restock(orderId: string, reason: ReleaseReason): Promise<void>;
}

/** The compensations over the other domains' ports. */
export function compensationsOver(deps: Pick<OrdersDependencies, 'stock' | 'payments' | 'promotions'>): Compensations {
  return {
    release: (orderId, reason) => deps.stock.release(orderId, reason),
    releaseRedemption: (orderId) => deps.promotions.release(orderId),
    cancel: (orderId) => deps.payments.cancel(orderId),
    async refund(orderId, amount) {
      const refund = await deps.payments.refund({ orderId, ...(amount === undefined ? {} : { amount }), reason: 'requested_by_customer' });
      return { amount: refund.amount, amountRefunded: refund.amountRefunded };
    },
    restock: (orderId, reason) => deps.stock.restock(orderId, reason),
  };
}
