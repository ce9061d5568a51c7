import type { DomainDeps, DomainModule, StartedDomain } from '../runtime/domain.js';
import { createOrdersRouter } from './router.js';

export type { OrdersRouter } from './router.js';

async function startOrders({ logger }: DomainDeps): Promise<StartedDomain> {
  logger.info({ domain: 'orders' }, 'orders domain started');
  return { router: createOrdersRouter() };
}

export const ordersDomain: DomainModule = {
  name: 'orders',
  start: startOrders,
  describeRouter: () => createOrdersRouter(),
};
