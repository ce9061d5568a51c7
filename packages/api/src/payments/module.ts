import { metadataOnlyService, type DomainModule} from '../runtime/domain.js';
import type { PaymentsSettings } from './config.js';
import { createStripeWebhookRoute } from './http.js';
import { STRIPE_WEBHOOK_PATH } from './index.js';
import { createPaymentsMetrics } from './metrics.js';
import { document } from './openapi.js';
import { createPaymentsRepository } from './repository.js';
import { createPaymentsRouter } from './router.js';
import { createPaymentsService, type PaymentsService } from './service.js';
import { createStripeClient } from './stripe.js';

export interface PaymentsModuleOptions {
  /** Where the SDK sends requests (default: the simulator, or real Stripe; see config.ts). */
  stripeApiUrl?: string;
}

export function createPaymentsModule(options: PaymentsModuleOptions = {}): DomainModule<PaymentsSettings> {
  return {
    async start({ pool, logger, env, config, outboxWritten }) {
      const stripe = createStripeClient({ ...config, SERVICE_CALL_TIMEOUT_MS: env.SERVICE_CALL_TIMEOUT_MS }, options.stripeApiUrl ? { apiUrl: options.stripeApiUrl } : {});
      const service = createPaymentsService({
        repository: createPaymentsRepository(pool),
        stripe,
        webhookSecret: config.STRIPE_WEBHOOK_SECRET,
        webhookToleranceSeconds: config.STRIPE_WEBHOOK_TOLERANCE_SECONDS,
        logger,
        metrics: createPaymentsMetrics(),
        outboxWritten,
      });
      logger.info({ domain: 'payments' }, 'payments domain started');
      return {
        router: createPaymentsRouter(service),
        http: { [STRIPE_WEBHOOK_PATH]: createStripeWebhookRoute(service, logger) },
      };
    },
    describeRouter: () => createPaymentsRouter(metadataOnlyService<PaymentsService>('payments')),
    openapi: document,
  };
}

export const domainModule = createPaymentsModule();

