import type { Logger } from 'pino';
import { inWriteOrder, outboxEvent, type OutboxEventRow } from '../../events/index.js';
import { DomainError } from '../../runtime/errors.js';
import type { OrdersDependencies } from '../clients.js';
import { errorBody, toOrderDto } from '../dto.js';
import { orderCancelled, orderPaid, orderRefunded, statusChanged } from '../events.js';
import type { OrderRow, OrdersRepository, Transition } from '../repository.js';
import type { OrderDto } from '../schemas.js';
import type { OrderStatus } from '../status.js';
import { compensationsOver } from './steps.js';

/**
 * Settling a checkout's payment outcome — the saga's last steps (commit the stock, close the
 * cart) or their compensations (release, refund) — shared by the saga itself (place.ts), the
 * payment events (consumers/payment-events.ts), recovery (jobs/recovery.ts) and admin status
 * changes (status-changes.ts). Every status change goes through `transition`, which writes the
 * events it announces in the same statement.
 */

export type KeyRef = { customerId: string; key: string };
export type EventRef = { id: string; type: string };
/** A settlement's result: the order as it is now, and whether this call changed it (and wrote its answers). */
export interface Settled {
  order: OrderRow;
  changed: boolean;
}

export interface SettlementOptions {
  repository: OrdersRepository;
  deps: OrdersDependencies;
  logger: Logger;
  /** Called after a commit that wrote outbox rows (the relay's kick). */
  outboxWritten: () => void;
}

const CAPTURED: readonly OrderStatus[] = ['paid', 'fulfilled', 'delivered', 'partially_refunded'];
const orderFacts = (order: OrderRow) => ({
  orderId: order.id,
  number: order.number,
  customerId: order.customerId,
  guestEmail: order.guestEmail,
  currency: order.currency,
});

/**
 * What a status change announces, besides its own history row: always `orders.status_changed`;
 * `orders.order_cancelled` into cancelled; `orders.order_refunded` when money of a captured order
 * went back (a refund of a never-paid order is no revenue change).
 */
export function transitionEvents(order: OrderRow, change: Transition): OutboxEventRow[] {
  const facts = orderFacts(order);
  const shipment = {
    ...(change.carrier ? { carrier: change.carrier } : {}),
    ...(change.trackingNumber ? { trackingNumber: change.trackingNumber } : {}),
  };
  const events = [outboxEvent(statusChanged, { ...facts, from: order.status, to: change.to, actor: change.actor, note: change.note ?? null, total: order.total, ...shipment })];
  const amountRefunded = Math.max(order.amountRefunded, change.amountRefunded ?? 0);
  if (CAPTURED.includes(order.status) && amountRefunded > order.amountRefunded) {
    events.push(
      outboxEvent(orderRefunded, {
        ...facts,
        total: order.total,
        amount: amountRefunded - order.amountRefunded,
        amountRefunded,
        full: amountRefunded >= order.total,
        status: change.to,
      }),
    );
  }
  if (change.to === 'cancelled') {
    events.push(outboxEvent(orderCancelled, { ...facts, from: order.status, total: order.total, amountRefunded, note: change.note ?? null }));
  }
  return events;
}

export const paidEvent = (order: OrderRow, intentId: string | null): OutboxEventRow =>
  outboxEvent(orderPaid, {
    ...orderFacts(order),
    subtotal: order.subtotal,
    discount: order.discount,
    discounts: order.discounts,
    shipping: order.shipping,
    tax: order.tax,
    total: order.total,
    lines: order.items,
    shippingAddress: order.shippingAddress,
    intentId,
  });

export function createSettlement(options: SettlementOptions) {
  const { repository, deps, logger } = options;
  const undo = compensationsOver(deps);

  /**
   * Orders this process settled lately (id → status), newest last: the payment event that follows
   * every checkout is acknowledged from here without a query. Only ever a hint: a miss reads the row.
   */
  const settled = new Map<string, OrderStatus>();
  const remember = (orderId: string, status: OrderStatus) => {
    settled.delete(orderId);
    settled.set(orderId, status);
    if (settled.size > 10_000) settled.delete(settled.keys().next().value as string);
  };

  /**
   * Work of this process on an order that may settle it (a checkout after taking its key, a recovery
   * step, an admin change): order id → resolves when all of it has ended, however it ended.
   */
  const inFlight = new Map<string, Promise<unknown>>();
  function track<T>(orderId: string, work: () => Promise<T>): Promise<T> {
    const running = work();
    const ended = running.then(
      () => undefined,
      () => undefined,
    );
    const previous = inFlight.get(orderId);
    const all = previous ? Promise.all([previous, ended]) : ended;
    inFlight.set(orderId, all);
    void all.then(() => {
      if (inFlight.get(orderId) === all) inFlight.delete(orderId);
    });
    return running;
  }
  /** The checkout's answer body, built once for the key's stored answer and the response. */
  const answers = new WeakMap<OrderRow, OrderDto>();
  const dtoOf = (row: OrderRow): OrderDto => {
    let dto = answers.get(row);
    if (!dto) {
      dto = toOrderDto(row);
      answers.set(row, dto);
    }
    return dto;
  };

  async function transition(order: OrderRow, change: Transition, tx?: { transition(change: Transition): Promise<boolean> }): Promise<boolean> {
    const events = inWriteOrder([...transitionEvents(order, change), ...(change.events ?? [])]);
    const changed = tx ? await tx.transition({ ...change, events }) : await repository.transition(order.id, { ...change, events });
    // Checkout's own settlements leave their events to the relay's next poll (it batches them:
    // a relay run per order would cost more round trips than the checkout itself).
    if (changed && !change.idempotency) options.outboxWritten();
    // Only committed changes are hints (a transaction's change is not, until it commits).
    if (changed && !tx) remember(order.id, change.to);
    return changed;
  }

  /**
   * Who learns the outcome in the same statement as the change: the checkout's own key, or (when
   * the payment events or the recovery loop settle the order) every key still waiting on the order,
   * plus the consumed event's dedupe row.
   */
  const answering = (key: KeyRef | undefined, event: EventRef | undefined, state: 'completed' | 'failed', status: number, body: unknown) => ({
    ...(key ? { idempotency: { ...key, state, status, body } } : { openKeys: { state, status, body } }),
    ...(event ? { processedEvent: event } : {}),
  });

  /**
   * The payment succeeded: the order is paid, its cart closed (step `close-cart`). The sale (step
   * `commit`) is inventory's, taken from the `orders.order_paid` this writes in the same statement
   * (consumer inventory.sales), so the order counts its stock as committed from here: a later
   * cancel or refund gives it back with `restock`, whether or not inventory took the sale yet. If
   * the hold had expired and the units are gone, inventory reports it (`saleFailed` below) and the
   * money goes back. Works from pending_payment; a no-op otherwise.
   */
  async function settleSucceeded(order: OrderRow, payment: { intentId: string | null }, actor: string, key?: KeyRef, event?: EventRef): Promise<Settled> {
    const stockState = 'committed';
    const paid: OrderRow = { ...order, status: 'paid', paymentStatus: 'succeeded', paymentIntentId: payment.intentId ?? order.paymentIntentId, stockState };
    const changed = await transition(order, {
      from: ['pending_payment'],
      to: 'paid',
      actor,
      note: 'payment succeeded',
      paymentStatus: 'succeeded',
      paymentIntentId: payment.intentId,
      stockState,
      events: [paidEvent(order, payment.intentId)],
      ...answering(key, event, 'completed', 201, dtoOf(paid)),
    });
    if (!changed) return { order: await reloadAfterLostRace(order.id, actor), changed: false };
    if (order.cartId) {
      await deps.carts.markCheckedOut({ cartId: order.cartId, orderId: order.id, subtotal: order.subtotal }).catch((error: unknown) => {
        logger.warn({ err: error, orderId: order.id, cartId: order.cartId }, 'could not close the cart after checkout');
      });
    }
    return { order: paid, changed: true };
  }

  /** Someone else moved the order first. If it ended failed/cancelled while the money was taken, give it back. */
  async function reloadAfterLostRace(orderId: string, actor: string): Promise<OrderRow> {
    const current = await repository.findOrder(orderId);
    if (!current) throw new Error(`order ${orderId} vanished`);
    if (current.status === 'payment_failed' || current.status === 'cancelled') await refundUnwanted(current, actor, 'order no longer payable');
    return current;
  }

  /** `commit` found the stock gone: compensate `charge` (refund in full) and cancel. */
  async function refundForMissingStock(order: OrderRow, payment: { intentId: string | null }, actor: string, key?: KeyRef, event?: EventRef): Promise<Settled> {
    const refund = await undo.refund(order.id);
    const cancelled: OrderRow = { ...order, status: 'cancelled', paymentStatus: 'refunded', amountRefunded: refund.amountRefunded, stockState: 'released' };
    const failure = new DomainError('INSUFFICIENT_STOCK', 'The stock reserved for this order ran out before the payment completed; the payment was refunded', {
      order: toOrderDto(cancelled),
    });
    const changed = await transition(order, {
      from: ['pending_payment', 'paid'],
      to: 'cancelled',
      actor,
      note: 'stock no longer available after payment; refunded in full',
      paymentStatus: 'refunded',
      paymentIntentId: payment.intentId,
      stockState: 'released',
      amountRefunded: refund.amountRefunded,
      ...answering(key, event, 'failed', 409, errorBody(failure)),
    });
    if (key) throw failure;
    return { order: cancelled, changed };
  }

  /**
   * Inventory could not take a paid order's sale: its hold expired before the payment settled and
   * the units were sold meanwhile. The money goes back in full and the order is cancelled (as
   * `commit` failing inside the checkout did). Idempotent: an order no longer `paid` is left as it is.
   */
  async function saleFailed(shortage: { orderId: string; sku: string; requested: number; available: number }): Promise<void> {
    await track(shortage.orderId, async () => {
      const order = await repository.findOrder(shortage.orderId);
      if (!order) throw new DomainError('NOT_FOUND', `Order ${shortage.orderId} not found`);
      if (order.status !== 'paid') {
        if (order.status !== 'cancelled') logger.error({ ...shortage, status: order.status }, 'a sale failed for an order past paid; left for an operator');
        return;
      }
      logger.error(shortage, 'stock ran out before the sale of a paid order was taken; refunding');
      await refundForMissingStock(order, { intentId: order.paymentIntentId }, 'inventory');
    });
  }

  /** The payment failed: compensate `reserve` (release the stock), then mark the order payment_failed. */
  async function settleFailed(
    order: OrderRow,
    payment: { intentId: string | null; declineCode: string | null; message: string | null; canceled?: boolean },
    actor: string,
    key?: KeyRef,
    event?: EventRef,
  ): Promise<Settled & { error: DomainError }> {
    let stockState: 'released' | 'reserved' = 'released';
    // `redeem` is undone beside: a declined payment never burns a code (promotions also releases on the status change's event).
    const redemption = order.discounts.length
      ? undo.releaseRedemption(order.id).catch((error: unknown) => logger.warn({ err: error, orderId: order.id }, 'redemption release failed; the status change’s event releases it'))
      : Promise.resolve();
    try {
      await undo.release(order.id, 'payment_failed');
    } catch (error) {
      logger.warn({ err: error, orderId: order.id }, 'stock release failed; recovery will retry');
      stockState = 'reserved';
    }
    await redemption;
    const to: OrderStatus = payment.canceled ? 'cancelled' : 'payment_failed';
    const failed: OrderRow = { ...order, status: to, paymentStatus: payment.canceled ? 'canceled' : 'failed', paymentIntentId: payment.intentId ?? order.paymentIntentId, stockState };
    const error = new DomainError('PAYMENT_DECLINED', payment.message ? `Payment declined: ${payment.message}` : 'Payment declined', {
      declineCode: payment.declineCode,
      order: toOrderDto(failed),
    });
    const changed = await transition(order, {
      from: ['pending_payment'],
      to,
      actor,
      note: payment.declineCode ? `payment failed (${payment.declineCode})` : payment.canceled ? 'payment canceled' : 'payment failed',
      paymentStatus: failed.paymentStatus,
      paymentIntentId: payment.intentId,
      stockState,
      ...answering(key, event, 'failed', 402, errorBody(error)),
    });
    return { order: changed ? failed : ((await repository.findOrder(order.id)) ?? failed), changed, error };
  }

  /** Money was captured for an order that will not ship (cancelled, failed, or unknown): compensate `charge` by refunding what remains. */
  async function refundUnwanted(order: OrderRow | null, actor: string, reason: string, orderId?: string): Promise<void> {
    const id = order?.id ?? orderId;
    if (!id) return;
    try {
      const refund = await undo.refund(id);
      if (order) await repository.setAmountRefunded(order.id, refund.amountRefunded, 'refunded');
      logger.info({ orderId: id, actor, reason, amount: refund.amount }, 'refunded a payment for an order that will not ship');
    } catch (error) {
      // Already refunded in full (VALIDATION_FAILED) or nothing captured (INVALID_STATE): nothing to give back.
      if (error instanceof DomainError && (error.code === 'VALIDATION_FAILED' || error.code === 'INVALID_STATE')) return;
      throw error;
    }
  }

  return {
    settleSucceeded,
    settleFailed,
    saleFailed,
    refundUnwanted,
    transition,
    track,
    dtoOf,
    /** The compensations (steps.ts), for recovery and admin changes. */
    undo,
    findOrder: (id: string) => repository.findOrder(id),
    /** The status this process last gave the order, if it did lately (a hint, see `settled`). */
    recentStatus: (id: string): OrderStatus | undefined => settled.get(id),
    /**
     * Resolves once this process's work on the order (a checkout, a recovery step, an admin change;
     * whatever is running now) has ended, however it ended.
     */
    settledHere: async (id: string): Promise<void> => {
      await inFlight.get(id);
    },
  };
}

/** What the payment events, recovery and admin changes use: the saga's settlements, not the router's API. */
export type CheckoutSaga = ReturnType<typeof createSettlement>;
