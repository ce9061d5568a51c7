import type { Logger } from 'pino';
import type { DomainEvent, EventBus, Subscription } from '../events/index.js';
import type { PAYMENT_EVENTS } from '../payments/index.js';
import { DomainError } from '../runtime/errors.js';
import type { OrdersDependencies } from './dependencies.js';
import type { OrderRow, OrdersRepository } from './repository.js';
import { toOrderDto, type OrdersService } from './service.js';

/**
 * What finishes or undoes a checkout when its request did not: the payment events (the
 * webhook's final word) and a periodic recovery loop over persisted state. Every action is
 * idempotent and conditional on the order's current status, so the saga, the events and any
 * number of recovery replicas may race on one order and still end in one consistent state.
 */

/** Payment events handled at once by one process. */
export const PAYMENT_EVENTS_CONCURRENCY = 16;

/** The payment events orders consumes (checked against payments' own names, a type-only import). */
export const PAYMENT_EVENT_TYPES = [
  'payments.payment_succeeded',
  'payments.payment_failed',
  'payments.payment_canceled',
  'payments.charge_refunded',
] as const satisfies readonly (typeof PAYMENT_EVENTS)[keyof typeof PAYMENT_EVENTS][];

interface Options {
  repo: OrdersRepository;
  service: OrdersService;
  deps: OrdersDependencies;
  logger: Logger;
}

const WEBHOOK = 'webhook';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SYSTEM = 'system';

export function createPaymentEventHandler({ repo, service, logger }: Options) {
  /** Events of one order are handled one at a time (the subscription runs several orders at once). */
  const chains = new Map<string, Promise<void>>();
  const serialized = (orderId: string, work: () => Promise<void>): Promise<void> => {
    const previous = chains.get(orderId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    chains.set(orderId, tail);
    void tail.then(() => {
      if (chains.get(orderId) === tail) chains.delete(orderId);
    });
    return next;
  };

  /** The order already has the outcome this event reports: nothing to do (a succeeded payment of a failed order still is: refund). */
  const alreadySettled = (type: string, status: string) =>
    status !== 'pending_payment' && (type !== 'payments.payment_succeeded' || (status !== 'payment_failed' && status !== 'cancelled'));

  async function handle(event: DomainEvent, orderId: string): Promise<void> {
    const data = event.data as { intentId?: string | null; amountRefunded?: number; declineCode?: string | null };
    if (event.type !== 'payments.charge_refunded') {
      // This process is still settling the order (the checkout that charged it, the recovery step or
      // the admin change that cancelled it: the event raced their end): let them finish rather than
      // commit or release the stock and write the order a second time.
      await service.settledHere(orderId);
      // Most outcomes were settled by the checkout itself: acknowledged without a query.
      const recent = service.recentStatus(orderId);
      if (recent && alreadySettled(event.type, recent)) return;
    }
    // One read: dedupe and the order's current state.
    const { processed, order } = await repo.probeEvent(orderId, event.id);
    if (processed) return;
    if (order && event.type !== 'payments.charge_refunded' && alreadySettled(event.type, order.status)) return;
    // A settlement records the event in its own statement (with the status change and the keys' answers).
    const ref = { id: event.id, type: event.type };
    let recorded = false;
    switch (event.type) {
      case 'payments.payment_succeeded':
        recorded = await onSucceeded(order, orderId, data.intentId ?? null, ref);
        break;
      case 'payments.payment_failed':
      case 'payments.payment_canceled':
        if (order?.status === 'pending_payment') {
          const canceled = event.type === 'payments.payment_canceled';
          const settled = await service.settleFailed(order, { intentId: data.intentId ?? null, declineCode: data.declineCode ?? null, message: null, canceled }, WEBHOOK, undefined, ref);
          recorded = settled.changed;
        }
        break;
      case 'payments.charge_refunded':
        if (order && typeof data.amountRefunded === 'number') await onRefunded(order, data.amountRefunded);
        break;
      default:
        break;
    }
    if (!recorded) await repo.markEventProcessed(event.id, event.type);
  }

  return async function handlePaymentEvent(event: DomainEvent): Promise<void> {
    const orderId = (event.data as { orderId?: unknown }).orderId;
    // An event without an order names nothing this consumer could change.
    if (typeof orderId !== 'string' || !UUID.test(orderId)) return;
    await serialized(orderId, () => handle(event, orderId));
  };

  /** True when the settlement recorded the event itself. */
  async function onSucceeded(order: OrderRow | null, orderId: string, intentId: string | null, event: { id: string; type: string }): Promise<boolean> {
    if (!order) {
      // No payment is kept for an order that does not exist.
      logger.warn({ orderId }, 'payment succeeded for an unknown order; refunding');
      await service.refundUnwanted(null, WEBHOOK, 'unknown order', orderId);
      return false;
    }
    if (order.status === 'pending_payment') return (await service.settleSucceeded(order, { intentId }, WEBHOOK, undefined, event)).changed;
    if (order.status === 'payment_failed' || order.status === 'cancelled') await service.refundUnwanted(order, WEBHOOK, `order is ${order.status}`);
    return false;
  }

  async function onRefunded(order: OrderRow, amountRefunded: number): Promise<void> {
    if (amountRefunded <= order.amountRefunded) return;
    // A refund made outside an admin status change (e.g. in the Stripe dashboard).
    if (['paid', 'fulfilled', 'delivered', 'partially_refunded'].includes(order.status)) {
      const to = amountRefunded >= order.total ? 'refunded' : 'partially_refunded';
      await service.transition(order, {
        from: [order.status],
        to,
        actor: WEBHOOK,
        note: `refund recorded by the payment provider (${amountRefunded} cents in total)`,
        amountRefunded,
        paymentStatus: to,
      });
    } else {
      await repo.setAmountRefunded(order.id, amountRefunded);
    }
  }
}

export interface RecoveryOptions extends Options {
  intervalMs: number;
  /** pending_payment orders older than this are looked at. */
  staleAfterMs: number;
  /** An order with no payment at all is abandoned only after this long (its charge call surely gave up). */
  abandonAfterMs: number;
  /** Reservations expire after this: a payment still requiring action past it is cancelled. */
  reservationTtlMs: number;
  batchSize?: number;
}

export interface RecoveryLoop {
  /** One pass (tests call it directly). */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

export function startRecoveryLoop(options: RecoveryOptions): RecoveryLoop {
  const { repo, service, deps, logger } = options;
  const leaseMs = Math.max(options.intervalMs * 3, 2_000);
  const batch = options.batchSize ?? 20;
  let running: Promise<number> | null = null;
  let stopped = false;

  const ageMs = (order: OrderRow) => Date.now() - Date.parse(order.createdAt);

  async function recoverOrder(order: OrderRow): Promise<void> {
    if (order.status === 'pending_payment') {
      const payment = await deps.payments.getForOrder(order.id);
      if (payment?.status === 'succeeded') {
        await service.settleSucceeded(order, { intentId: payment.intentId }, SYSTEM);
      } else if (payment?.status === 'failed' || payment?.status === 'canceled') {
        await service.settleFailed(order, { intentId: payment.intentId, declineCode: payment.declineCode, message: null, canceled: payment.status === 'canceled' }, SYSTEM);
      } else if (!payment) {
        if (ageMs(order) > options.abandonAfterMs) {
          await service.settleFailed(order, { intentId: null, declineCode: null, message: null, canceled: true }, SYSTEM);
        }
      } else if (ageMs(order) > options.reservationTtlMs) {
        // Still requires action (or processing) after the reservation expired: give up on it.
        await deps.payments.cancel(order.id);
        await service.settleFailed(order, { intentId: payment.intentId, declineCode: null, message: 'payment not completed in time', canceled: true }, SYSTEM);
      }
      return;
    }
    if (order.stockState !== 'reserved') return;
    if (order.status === 'payment_failed' || order.status === 'cancelled') {
      await deps.stock.release(order.id, order.status);
      await repo.setStockState(order.id, 'released');
      return;
    }
    // Captured but the stock was not taken yet.
    try {
      await deps.stock.commit(order.id);
      await repo.setStockState(order.id, 'committed');
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'INSUFFICIENT_STOCK') throw error;
      const refund = await deps.payments.refund({ orderId: order.id, reason: 'requested_by_customer' }).catch((refundError: unknown) => {
        if (refundError instanceof DomainError && refundError.code === 'VALIDATION_FAILED') return null;
        throw refundError;
      });
      await service.transition(order, {
        from: [order.status],
        to: order.status === 'paid' ? 'cancelled' : 'refunded',
        actor: SYSTEM,
        note: 'stock no longer available after payment; refunded in full',
        stockState: 'released',
        paymentStatus: 'refunded',
        amountRefunded: refund?.amountRefunded ?? order.total,
      });
    }
  }

  async function recoverKeys(): Promise<number> {
    const keys = await repo.claimStaleKeys(Math.max(options.staleAfterMs, options.abandonAfterMs), batch);
    for (const key of keys) {
      try {
        if (!key.orderExists) {
          // The request died between taking the key and creating the order: undo the reservation.
          await deps.stock.release(key.orderId, 'checkout_abandoned');
          await repo.answerKey({ customerId: key.customerId, key: key.key, state: 'failed', status: null, body: null });
          continue;
        }
        const order = await service.findOrder(key.orderId);
        if (order && order.status !== 'pending_payment') {
          await repo.answerOpenKeysOfOrder(order.id, order.status === 'payment_failed' ? 402 : 201, order.status === 'payment_failed'
            ? { error: { code: 'PAYMENT_DECLINED', message: 'Payment declined', details: { order: toOrderDto(order) } } }
            : toOrderDto(order));
        }
      } catch (error) {
        logger.warn({ err: error, orderId: key.orderId }, 'recovery of an idempotency key failed; will retry');
      }
    }
    return keys.length;
  }

  async function pass(): Promise<number> {
    let handled = 0;
    const orders = await repo.claimOrdersForRecovery(options.staleAfterMs, leaseMs, batch);
    for (const order of orders) {
      try {
        await service.track(order.id, () => recoverOrder(order));
        handled++;
      } catch (error) {
        logger.warn({ err: error, orderId: order.id }, 'order recovery failed; will retry after the lease');
      }
    }
    handled += await recoverKeys();
    return handled;
  }

  const runOnce = () => {
    running ??= pass().finally(() => {
      running = null;
    });
    return running;
  };

  const timer = setInterval(() => {
    if (!stopped) runOnce().catch((error: unknown) => logger.error({ err: error }, 'orders recovery pass failed'));
  }, options.intervalMs);
  timer.unref();

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}

export async function subscribeToPayments(bus: EventBus, handler: (event: DomainEvent) => Promise<void>): Promise<Subscription> {
  // Several at once: a handler may wait for this process's checkout of its order (see handle);
  // events of one order still run one after the other.
  return bus.subscribe({ consumer: 'orders.payments', types: [...PAYMENT_EVENT_TYPES], handler, concurrency: PAYMENT_EVENTS_CONCURRENCY });
}
