import { startOutboxRelay, type Subscription } from '../events/index.js';
import { metadataOnlyService, type DomainDeps, type DomainModule, type StartedDomain } from '../runtime/domain.js';
import { createServiceDependencies } from './clients.js';
import type { OrdersDependencies } from './dependencies.js';
import { createCrashSwitch } from './fault.js';
import { createGuestTokens, guestTokenSecret } from './guest.js';
import { pricingRulesFromEnv } from './pricing.js';
import { createPaymentEventHandler, startRecoveryLoop, subscribeToPayments } from './recovery.js';
import { createOrdersRepository } from './repository.js';
import { createOrdersRouter } from './router.js';
import { createOrdersService, type OrdersService } from './service.js';

export type { OrdersRouter } from './router.js';
export type { OrdersService } from './service.js';
export type * from './dependencies.js';
export { createOrdersService, toOrderDto } from './service.js';
export { createOrdersRepository } from './repository.js';
export { createOrdersRouter } from './router.js';
export { computeTotals, pricingRulesFromEnv, type PricingRules } from './pricing.js';
export { ORDER_STATUSES, TRANSITIONS, canTransition, type OrderStatus } from './status.js';
export * from './schemas.js';

export interface OrdersDomainOptions {
  /** Replaces the service clients (e.g. fakes in tests). */
  dependencies?: (deps: DomainDeps) => OrdersDependencies;
  /** Run the recovery loop (default true). */
  recovery?: boolean;
}

/** The orders domain with non-default options. */
export function createOrdersDomain(options: OrdersDomainOptions = {}): DomainModule {
  return {
    name: 'orders',
    start: (deps) => startOrders(deps, options),
    describeRouter: () => createOrdersRouter(metadataOnlyService<OrdersService>('orders')),
  };
}

async function startOrders(deps: DomainDeps, options: OrdersDomainOptions): Promise<StartedDomain> {
  const { pool, logger, env } = deps;
  const repo = createOrdersRepository(pool);
  const dependencies = options.dependencies?.(deps) ?? createServiceDependencies(deps);
  const relay = startOutboxRelay({ pool, schema: 'orders', source: 'orders', bus: deps.events, logger, pollMs: env.EVENTS_POLL_MS });
  const service = createOrdersService({
    repo,
    deps: dependencies,
    rules: pricingRulesFromEnv(env),
    logger,
    crash: createCrashSwitch(env),
    guestTokens: createGuestTokens(guestTokenSecret(env)),
    onOutbox: () => relay.kick(),
    // A retry waiting for its key's first request answers (409, retry later) before the gateway gives up on it.
    inFlightWaitMs: Math.max(1_000, env.UPSTREAM_TIMEOUT_MS - 1_000),
  });
  const handler = createPaymentEventHandler({ repo, service, deps: dependencies, logger });
  let subscription: Subscription | undefined;
  try {
    subscription = await subscribeToPayments(deps.events, handler);
  } catch (error) {
    await relay.stop();
    throw error;
  }
  const recovery =
    options.recovery === false
      ? undefined
      : startRecoveryLoop({
          repo,
          service,
          deps: dependencies,
          logger,
          intervalMs: env.ORDERS_RECOVERY_INTERVAL_MS,
          staleAfterMs: env.ORDERS_RECOVERY_AFTER_MS,
          abandonAfterMs: Math.max(env.ORDERS_RECOVERY_AFTER_MS, env.SERVICE_CALL_TIMEOUT_MS * 2),
          reservationTtlMs: env.RESERVATION_TTL_SECONDS * 1000,
        });
  logger.info({ domain: 'orders' }, 'orders domain started');
  return {
    router: createOrdersRouter(service),
    stop: async () => {
      await recovery?.stop();
      await subscription?.stop();
      await relay.stop();
    },
  };
}


export const ordersDomain: DomainModule = createOrdersDomain();
