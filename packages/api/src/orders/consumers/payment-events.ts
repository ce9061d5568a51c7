import type { Logger } from 'pino';
import type { EventOf } from '@omnicart/contracts';
import { validatedEvent, type DomainEvent } from '../../events/index.js';
import { chargeRefunded, paymentCanceled, paymentFailed, paymentSucceeded } from '../../payments/index.js';
import type { ConsumerHandlers } from '../../runtime/domain.js';
import type { CheckoutSaga } from '../checkout/settle.js';
import type { OrdersDependencies } from '../clients.js';
import { UUID } from '../dto.js';
import type { OrderRow, OrdersRepository } from '../repository.js';

/**
 * Consumer `orders.payments`: the payment events are the final word on a checkout (Stripe's
 * webhook reaches payments, which announces it). Every action is idempotent and conditional on the
 * order's current status, so the saga, these events and any number of recovery replicas may race
 * on one order and still end in one consistent state.
 */
export const PAYMENT_EVENT_CONTRACTS = [paymentSucceeded, paymentFailed, paymentCanceled, chargeRefunded] as const;
export type PaymentEvent = EventOf<(typeof PAYMENT_EVENT_CONTRACTS)[number]>;

/** Payment events handled at once by one process (events of one order still run one after the other). */
export const PAYMENT_EVENTS_CONCURRENCY = 16;

interface Options {
  repository: OrdersRepository;
  /** The saga's settlements (named `service`: createOrdersService's result carries them). */
  service: CheckoutSaga;
  deps?: OrdersDependencies;
  logger: Logger;
}

const WEBHOOK = 'webhook';

export function paymentEventHandlers({ repository, service, logger }: Options): ConsumerHandlers<(typeof PAYMENT_EVENT_CONTRACTS)[number]> {
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
    status !== 'pending_payment' && (type !== paymentSucceeded.type || (status !== 'payment_failed' && status !== 'cancelled'));

  async function handle(event: PaymentEvent): Promise<void> {
    const orderId = event.data.orderId;
    if (event.type !== chargeRefunded.type) {
      // This process is still settling the order (the checkout that charged it, the recovery step or
      // the admin change that cancelled it: the event raced their end): let them finish rather than
      // commit or release the stock and write the order a second time.
      await service.settledHere(orderId);
      // Most outcomes were settled by the checkout itself: acknowledged without a query.
      const recent = service.recentStatus(orderId);
      if (recent && alreadySettled(event.type, recent)) return;
    }
    // One read: dedupe and the order's current state.
    const { processed, order } = await repository.probeEvent(orderId, event.id);
    if (processed) return;
    if (order && event.type !== chargeRefunded.type && alreadySettled(event.type, order.status)) return;
    // A settlement records the event in its own statement (with the status change and the keys' answers).
    const ref = { id: event.id, type: event.type };
    let recorded = false;
    switch (event.type) {
      case paymentSucceeded.type:
        recorded = await onSucceeded(order, orderId, event.data.intentId, ref);
        break;
      case paymentFailed.type:
      case paymentCanceled.type:
        if (order?.status === 'pending_payment') {
          const canceled = event.type === paymentCanceled.type;
          const declineCode = event.type === paymentFailed.type ? event.data.declineCode : null;
          const settled = await service.settleFailed(order, { intentId: event.data.intentId, declineCode, message: null, canceled }, WEBHOOK, undefined, ref);
          recorded = settled.changed;
        }
        break;
      case chargeRefunded.type:
        if (order) await onRefunded(order, event.data.amountRefunded);
        break;
    }
    if (!recorded) await repository.markEventProcessed(event.id, event.type);
  }

  /** True when the settlement recorded the event itself. */
  async function onSucceeded(order: OrderRow | null, orderId: string, intentId: string, event: { id: string; type: string }): Promise<boolean> {
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
      await repository.setAmountRefunded(order.id, amountRefunded);
    }
  }

  return {
    handle: (event) => {
      // An event without a well-formed order names nothing this consumer could change (the contract checks the UUID).
      if (!UUID.test(event.data.orderId)) return Promise.resolve();
      return serialized(event.data.orderId, () => handle(event));
    },
  };
}

/**
 * The handler over raw deliveries (what the bus hands over), checked against the contracts
 * first: an event that fails them is refused with InvalidEventError (the bus dead-letters it).
 * The runtime subscribes `paymentEventHandlers` itself; tests drive this one.
 */
export function createPaymentEventHandler(options: Options): (event: DomainEvent) => Promise<void> {
  const handlers = paymentEventHandlers(options);
  return async (event) => handlers.handle(validatedEvent(event, PAYMENT_EVENT_CONTRACTS, 'orders.payments'));
}
