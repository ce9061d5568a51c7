import { metadataOnlyService, type DomainDeps, type DomainModule, type StartedDomain } from '../runtime/domain.js';
import { startOutboxRelay } from '../events/index.js';
import { createPaymentsRepository } from './repository.js';
import { createPaymentsRouter } from './router.js';
import { createPaymentsService, type PaymentsService } from './service.js';
import { createStripeClient } from './stripe.js';
import { STRIPE_WEBHOOK_PATH, createStripeWebhookRoute } from './webhook.js';

export type { PaymentsRouter } from './router.js';
export type { PaymentsService, PaymentsServiceOptions, WebhookResponse } from './service.js';
export { createPaymentsService, outcomeOf } from './service.js';
export { createPaymentsRepository, type PaymentsRepository } from './repository.js';
export { createPaymentsRouter } from './router.js';
export { createStripeClient } from './stripe.js';
export { STRIPE_WEBHOOK_PATH, createStripeWebhookRoute } from './webhook.js';
export * from './schemas.js';


export interface PaymentsDomainOptions {
  /** Where the SDK sends requests (default: stripeApiUrl(env): the simulator, or real Stripe). */
  stripeApiUrl?: string;
}

export function createPaymentsDomain(options: PaymentsDomainOptions = {}): DomainModule {
  return {
    name: 'payments',
    start: (deps) => startPayments(deps, options),
    describeRouter: () => createPaymentsRouter(metadataOnlyService<PaymentsService>('payments')),
  };
}

async function startPayments({ pool, logger, env, events }: DomainDeps, options: PaymentsDomainOptions): Promise<StartedDomain> {
  const relay = startOutboxRelay({ pool, schema: 'payments', source: 'payments', bus: events, logger, pollMs: env.EVENTS_POLL_MS });
  const stripe = createStripeClient(env, options.stripeApiUrl ? { apiUrl: options.stripeApiUrl } : {});
  const service = createPaymentsService({
    repository: createPaymentsRepository(pool),
    stripe,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET,
    webhookToleranceSeconds: env.STRIPE_WEBHOOK_TOLERANCE_SECONDS,
    logger,
    onOutboxWritten: () => relay.kick(),
  });
  logger.info({ domain: 'payments' }, 'payments domain started');
  return {
    router: createPaymentsRouter(service),
    rawRoutes: { [STRIPE_WEBHOOK_PATH]: createStripeWebhookRoute(service, logger) },
    stop: () => relay.stop(),
  };
}

export const paymentsDomain: DomainModule = createPaymentsDomain();
