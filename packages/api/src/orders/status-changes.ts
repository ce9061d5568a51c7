import { auditChanges, auditEvent } from '../runtime/audit.js';
import { DomainError } from '../runtime/errors.js';
import { requirePermission, type AuthUser } from '../runtime/auth.js';
import type { OrdersDependencies } from './clients.js';
import { UUID } from './dto.js';
import { paidEvent, type CheckoutSaga } from './checkout/settle.js';
import { ordersAudit } from './events.js';
import type { OrderRow, OrdersRepository, Transition } from './repository.js';
import type { OrderDetailDto, UpdateStatusInput } from './schemas.js';
import { canTransition, type OrderStatus } from './status.js';

/** What a staff status change is called in the audit log. */
const AUDIT_ACTIONS: Record<OrderStatus, string> = {
  pending_payment: 'reopened',
  paid: 'marked_paid',
  payment_failed: 'marked_payment_failed',
  fulfilled: 'fulfilled',
  delivered: 'delivered',
  cancelled: 'cancelled',
  refunded: 'refunded',
  partially_refunded: 'refunded',
};

const AUDITED_FIELDS = ['status', 'paymentStatus', 'amountRefunded', 'carrier', 'trackingNumber'] as const;

/** The order's audit entry for a staff change: the fields before and after, the note given. */
function statusAudit(order: OrderRow, change: Transition) {
  const before = { status: order.status, paymentStatus: order.paymentStatus, amountRefunded: order.amountRefunded, carrier: order.carrier, trackingNumber: order.trackingNumber };
  const after = {
    status: change.to,
    paymentStatus: change.paymentStatus ?? order.paymentStatus,
    amountRefunded: change.amountRefunded ?? order.amountRefunded,
    carrier: change.carrier === undefined ? order.carrier : change.carrier,
    trackingNumber: change.trackingNumber === undefined ? order.trackingNumber : change.trackingNumber,
  };
  const changes = auditChanges(before, after, AUDITED_FIELDS);
  if (change.note) changes.push({ field: 'note', before: null, after: change.note });
  return auditEvent(ordersAudit, { entityType: 'order', entityId: order.id, action: AUDIT_ACTIONS[change.to], label: order.number, changes });
}

/**
 * Admin status changes (PUT /orders/{id}/status) with their side effects — the saga's steps
 * and compensations (checkout/steps.ts) an operator triggers: confirm a payment (`commit`),
 * cancel (`cancel` + `release`, or `refund` + `restock`), refund in full or in part. Under the
 * order's row lock, so admin changes, payment events and recovery never interleave on one order.
 */
export function createStatusChanges(options: {
  repository: OrdersRepository;
  deps: OrdersDependencies;
  saga: CheckoutSaga;
  /** The order as the caller may see it, after the change. */
  detail: (user: AuthUser, id: string) => Promise<OrderDetailDto>;
}) {
  const { repository, deps, saga, detail } = options;

  async function changeStatus(actor: AuthUser, input: UpdateStatusInput): Promise<OrderDetailDto> {
    requirePermission(actor, 'orders:write');
    // Money back to the buyer is a permission of its own (an order manager has it, a catalog manager not).
    if (input.status === 'refunded' || input.status === 'partially_refunded') requirePermission(actor, 'orders:refund');
    if (!UUID.test(input.id)) throw new DomainError('NOT_FOUND', `Order ${input.id} not found`);
    const to = input.status;
    if (input.amount !== undefined && to !== 'partially_refunded') {
      throw new DomainError('VALIDATION_FAILED', 'amount: only allowed with status "partially_refunded" (refunded and cancelled refund the whole remaining amount)');
    }
    if (to === 'partially_refunded' && input.amount === undefined) {
      throw new DomainError('VALIDATION_FAILED', 'amount: required with status "partially_refunded" (cents to refund)');
    }
    if ((input.carrier !== undefined || input.trackingNumber !== undefined) && to !== 'fulfilled') {
      const field = input.carrier !== undefined ? 'carrier' : 'trackingNumber';
      throw new DomainError('VALIDATION_FAILED', `${field}: only allowed with status "fulfilled" (the carrier and tracking number of the shipment)`);
    }
    const note = input.note ?? null;
    // Tracked: the payment event its own cancel causes waits for it instead of racing it.
    await saga.track(input.id, () => repository.withLockedOrder(input.id, async (order, tx) => {
      if (!order) throw new DomainError('NOT_FOUND', `Order ${input.id} not found`);
      const from = order.status;
      if (!canTransition(from, to)) {
        throw new DomainError('INVALID_STATE', `Order ${order.number} cannot change from ${from} to ${to}`, { from, to });
      }
      const remaining = order.total - order.amountRefunded;
      const captured = order.paymentStatus === 'succeeded' || order.paymentStatus === 'refunded' || order.paymentStatus === 'partially_refunded';
      // Cancelling a captured order refunds it.
      if (to === 'cancelled' && captured && order.total - order.amountRefunded > 0) requirePermission(actor, 'orders:refund');
      const change: Transition = { from: [from], to, actor: actor.id, note };
      if (input.carrier !== undefined) change.carrier = input.carrier;
      if (input.trackingNumber !== undefined) change.trackingNumber = input.trackingNumber;

      if (from === 'pending_payment') {
        if (to === 'paid') {
          // An operator confirms a payment taken outside the checkout (the stock is taken now).
          await deps.stock.commit(order.id);
          change.stockState = 'committed';
          change.events = [paidEvent(order, order.paymentIntentId)];
        } else {
          // Cancels the intent, or makes payments refuse a charge still on its way (a late success is refunded).
          await saga.undo.cancel(order.id);
          await saga.undo.release(order.id, to === 'cancelled' ? 'order_cancelled' : 'payment_failed');
          // Not paid: the code's use goes back (the status change's event repeats this for promotions).
          if (order.discounts.length) await saga.undo.releaseRedemption(order.id);
          change.stockState = 'released';
          change.paymentStatus = 'canceled';
        }
      } else if (to === 'cancelled' || to === 'refunded') {
        if (captured && remaining > 0) {
          const refund = await saga.undo.refund(order.id, remaining);
          change.amountRefunded = refund.amountRefunded;
          change.paymentStatus = 'refunded';
        } else if (!captured) {
          change.amountRefunded = order.total; // nothing captured through payments: nothing is owed
        }
        const shipped = from === 'fulfilled' || from === 'delivered' || (from === 'partially_refunded' && (await repository.wasFulfilled(order.id)));
        if (!shipped) {
          if (order.stockState === 'committed') {
            await saga.undo.restock(order.id, to === 'cancelled' ? 'order_cancelled' : 'order_refunded');
            change.stockState = 'returned';
          } else if (order.stockState === 'reserved') {
            await saga.undo.release(order.id, 'order_cancelled');
            change.stockState = 'released';
          }
        }
      } else if (to === 'partially_refunded') {
        const amount = input.amount ?? 0;
        if (amount > remaining) {
          throw new DomainError('VALIDATION_FAILED', `amount: ${amount} exceeds the refundable ${remaining} cents of order ${order.number}`, {
            amount,
            refundable: remaining,
          });
        }
        if (captured) {
          const refund = await saga.undo.refund(order.id, amount);
          change.amountRefunded = refund.amountRefunded;
        } else {
          change.amountRefunded = order.amountRefunded + amount;
        }
        change.paymentStatus = 'partially_refunded';
        // Refunding the last cent is a full refund.
        if ((change.amountRefunded ?? 0) >= order.total) {
          change.to = 'refunded';
          change.paymentStatus = 'refunded';
        }
      }
      // The audit entry, written by the same statement as the change (its final shape: a refund of the last cent is `refunded`).
      change.events = [...(change.events ?? []), statusAudit(order, change)];
      const changed = await saga.transition(order, change, tx);
      if (!changed) throw new DomainError('CONFLICT', `Order ${order.number} changed meanwhile; reload it and try again`);
    }));
    return detail(actor, input.id);
  }

  return { changeStatus };
}
