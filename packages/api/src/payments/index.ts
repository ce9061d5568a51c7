import type { DomainModule } from '../runtime/domain.js';
import { router } from '../runtime/trpc.js';

function createPaymentsRouter() {
  return router({});
}

export type PaymentsRouter = ReturnType<typeof createPaymentsRouter>;

/** Payments domain (placeholder while the real one is built). */
export const paymentsDomain: DomainModule = {
  name: 'payments',
  start: async () => ({ router: createPaymentsRouter() }),
};
