import type { Logger } from 'pino';
import type { JobSchedule } from '../../runtime/domain.js';
import { DomainError } from '../../runtime/errors.js';
import { startJob } from '../../runtime/jobs.js';
import { nextKeyAction, nextRecoveryAction, type RecoveryLimits } from '../checkout/next-action.js';
import type { CheckoutSaga } from '../checkout/settle.js';
import type { OrdersDependencies } from '../clients.js';
import { SYSTEM, toOrderDto } from '../dto.js';
import type { OrderRow, OrdersRepository } from '../repository.js';

/**
 * The recovery job: finishes or undoes the checkouts whose request did not (a crash, a lost
 * answer, an unreachable neighbour), from persisted state. `nextRecoveryAction` decides
 * (checkout/next-action.ts), the saga's settlements and compensations act. Orders and keys are
 * leased with FOR UPDATE SKIP LOCKED + next_attempt_at, so replicas never work one row together.
 */
export interface RecoveryOptions extends RecoveryLimits {
  repository: OrdersRepository;
  /** The saga's settlements (named `service`: createOrdersService's result carries them). */
  service: CheckoutSaga;
  deps: OrdersDependencies;
  logger: Logger;
  intervalMs: number;
  /** pending_payment orders older than this are looked at. */
  staleAfterMs: number;
  batchSize?: number;
}

/** One recovery pass: orders first, then keys; resolves to how many it handled. */
export function createRecoveryPass(options: RecoveryOptions): () => Promise<number> {
  const { repository, service, deps, logger } = options;
  const leaseMs = Math.max(options.intervalMs * 3, 2_000);
  const batch = options.batchSize ?? 20;

  async function recoverOrder(order: OrderRow): Promise<void> {
    const state = { status: order.status, stockState: order.stockState, ageMs: Date.now() - Date.parse(order.createdAt) };
    let action = nextRecoveryAction(state, options);
    let payment: Awaited<ReturnType<OrdersDependencies['payments']['getForOrder']>> = null;
    if (action.kind === 'ask-payments') {
      payment = await deps.payments.getForOrder(order.id);
      action = nextRecoveryAction({ ...state, payment }, options);
    }
    switch (action.kind) {
      case 'settle-paid':
        await service.settleSucceeded(order, { intentId: payment?.intentId ?? null }, SYSTEM);
        return;
      case 'settle-failed':
        await service.settleFailed(order, { intentId: payment?.intentId ?? null, declineCode: payment?.declineCode ?? null, message: null, canceled: action.canceled }, SYSTEM);
        return;
      case 'abandon':
        await service.settleFailed(order, { intentId: null, declineCode: null, message: null, canceled: true }, SYSTEM);
        return;
      case 'cancel-payment':
        // Still requires action (or processing) after the reservation expired: give up on it.
        await service.undo.cancel(order.id);
        await service.settleFailed(order, { intentId: payment?.intentId ?? null, declineCode: null, message: 'payment not completed in time', canceled: true }, SYSTEM);
        return;
      case 'release-stock':
        await service.undo.release(order.id, order.status === 'cancelled' ? 'cancelled' : 'payment_failed');
        await repository.setStockState(order.id, 'released');
        return;
      case 'commit-stock':
        await commitOrRefund(order);
        return;
      case 'ask-payments':
      case 'wait':
      case 'none':
        return;
    }
  }

  /** Captured but the stock was not taken yet: `commit`, or compensate `charge` when the stock is gone. */
  async function commitOrRefund(order: OrderRow): Promise<void> {
    try {
      await deps.stock.commit(order.id);
      await repository.setStockState(order.id, 'committed');
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'INSUFFICIENT_STOCK') throw error;
      const refund = await service.undo.refund(order.id).catch((refundError: unknown) => {
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
    const keys = await repository.claimStaleKeys(Math.max(options.staleAfterMs, options.abandonAfterMs), batch);
    for (const key of keys) {
      try {
        const order = key.orderExists ? await service.findOrder(key.orderId) : null;
        const action = nextKeyAction(key.orderExists ? (order ?? { status: 'pending_payment' }) : null);
        if (action.kind === 'release-and-free-key') {
          // The request died between taking the key and creating the order: undo the reservation and the redemption.
          await Promise.all([service.undo.release(key.orderId, 'checkout_abandoned'), service.undo.releaseRedemption(key.orderId)]);
          await repository.answerKey({ customerId: key.customerId, key: key.key, state: 'failed', status: null, body: null });
        } else if (action.kind === 'answer-key' && order) {
          await repository.answerOpenKeysOfOrder(
            order.id,
            order.status === 'payment_failed' ? 402 : 201,
            order.status === 'payment_failed'
              ? { error: { code: 'PAYMENT_DECLINED', message: 'Payment declined', details: { order: toOrderDto(order) } } }
              : toOrderDto(order),
          );
        }
      } catch (error) {
        logger.warn({ err: error, orderId: key.orderId }, 'recovery of an idempotency key failed; will retry');
      }
    }
    return keys.length;
  }

  return async function pass(): Promise<number> {
    let handled = 0;
    const orders = await repository.claimOrdersForRecovery(options.staleAfterMs, leaseMs, batch);
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
  };
}

/** The job the module declares (every ORDERS_RECOVERY_INTERVAL_MS, on the runtime's job helper). */
export function recoveryJob(options: RecoveryOptions): JobSchedule {
  return { everyMs: options.intervalMs, run: createRecoveryPass(options) };
}

export interface RecoveryLoop {
  /** One pass (tests call it directly). */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/** The recovery job started on its own (tests that drive recovery without a service host). */
export function startRecoveryLoop(options: RecoveryOptions): RecoveryLoop {
  const pass = createRecoveryPass(options);
  let last = 0;
  const job = startJob(
    {
      name: 'orders.recovery',
      everyMs: options.intervalMs,
      run: async () => {
        last = await pass();
        return last;
      },
    },
    { logger: options.logger, service: 'orders' },
  );
  return {
    runOnce: async () => {
      await job.runOnce();
      return last;
    },
    stop: () => job.stop(),
  };
}
