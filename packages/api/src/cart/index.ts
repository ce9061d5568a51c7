import type { DomainDeps, DomainModule, StartedDomain } from '../runtime/domain.js';
import { createCartRouter } from './router.js';

export type { CartRouter } from './router.js';

async function startCart({ logger }: DomainDeps): Promise<StartedDomain> {
  logger.info({ domain: 'cart' }, 'cart domain started');
  return { router: createCartRouter() };
}

export const cartDomain: DomainModule = {
  name: 'cart',
  start: startCart,
};
