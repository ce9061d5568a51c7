import type { StockState } from '../repository.js';
import type { OrderStatus } from '../status.js';

/**
 * What a checkout a crash or a lost answer left half-way still needs, decided from persisted state
 * only (pure: next-action.test.ts walks every state). The recovery job applies the answer; each
 * action is one of the saga's steps or compensations (steps.ts) and is idempotent.
 */
export interface PersistedCheckout {
  status: OrderStatus;
  stockState: StockState;
  /** Time since the order was placed. */
  ageMs: number;
  /**
   * What payments says about the order's payment: undefined = not asked yet, null = payments
   * has none. Only needed while the order is pending_payment.
   */
  payment?: { status: string } | null | undefined;
}

export interface RecoveryLimits {
  /** An order with no payment at all is given up only after this long (its charge call surely gave up). */
  abandonAfterMs: number;
  /** Reservations expire after this: a payment still requiring action past it is cancelled. */
  reservationTtlMs: number;
}

export type RecoveryAction =
  /** Pending and payments was not asked yet: ask, then decide again. */
  | { kind: 'ask-payments' }
  /** The payment succeeded: commit the stock, `paid` (refund + `cancelled` when the stock is gone). */
  | { kind: 'settle-paid' }
  /** The payment failed or was canceled: release the stock, `payment_failed` / `cancelled`. */
  | { kind: 'settle-failed'; canceled: boolean }
  /** No payment ever reached payments: release the stock, `cancelled`. */
  | { kind: 'abandon' }
  /** The payment still waits for the buyer after the reservation expired: cancel it, release, `cancelled`. */
  | { kind: 'cancel-payment' }
  /** Failed or cancelled but the stock is still held: release it (compensates `reserve`). */
  | { kind: 'release-stock' }
  /** Paid (or later) but the stock is still only reserved: commit it (refund + cancel if it is gone). */
  | { kind: 'commit-stock' }
  /** Too early to decide: look again later. */
  | { kind: 'wait' }
  /** Nothing left to do. */
  | { kind: 'none' };

const CAPTURED: readonly OrderStatus[] = ['paid', 'fulfilled', 'delivered', 'refunded', 'partially_refunded'];

export function nextRecoveryAction(state: PersistedCheckout, limits: RecoveryLimits): RecoveryAction {
  if (state.status === 'pending_payment') {
    if (state.payment === undefined) return { kind: 'ask-payments' };
    if (state.payment === null) return state.ageMs > limits.abandonAfterMs ? { kind: 'abandon' } : { kind: 'wait' };
    switch (state.payment.status) {
      case 'succeeded':
        return { kind: 'settle-paid' };
      case 'failed':
        return { kind: 'settle-failed', canceled: false };
      case 'canceled':
        return { kind: 'settle-failed', canceled: true };
      default:
        // requires_action / processing / pending: the buyer or the provider may still finish it.
        return state.ageMs > limits.reservationTtlMs ? { kind: 'cancel-payment' } : { kind: 'wait' };
    }
  }
  if (state.stockState !== 'reserved') return { kind: 'none' };
  if (state.status === 'payment_failed' || state.status === 'cancelled') return { kind: 'release-stock' };
  if (CAPTURED.includes(state.status)) return { kind: 'commit-stock' };
  return { kind: 'none' };
}

/** An Idempotency-Key still in progress past the staleness limit: what its checkout needs. */
export type KeyAction =
  /** The request died between taking the key and creating the order: release the reservation (id = order id), fail the key (reusable). */
  | { kind: 'release-and-free-key' }
  /** The order was settled after its request died: store its answer with the key. */
  | { kind: 'answer-key' }
  /** The order is still pending: its own recovery settles it first. */
  | { kind: 'wait' };

export function nextKeyAction(order: { status: OrderStatus } | null): KeyAction {
  if (!order) return { kind: 'release-and-free-key' };
  return order.status === 'pending_payment' ? { kind: 'wait' } : { kind: 'answer-key' };
}
