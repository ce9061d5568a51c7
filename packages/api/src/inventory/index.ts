import type { DomainModule } from '../runtime/domain.js';
import { router } from '../runtime/trpc.js';

/** Minimal inventory domain (stub): procedures land in router.ts next. */
function createInventoryRouter() {
  return router({});
}

export type InventoryRouter = ReturnType<typeof createInventoryRouter>;

export const inventoryDomain: DomainModule = {
  name: 'inventory',
  async start({ logger }) {
    logger.info({ domain: 'inventory' }, 'inventory domain started');
    return { router: createInventoryRouter() };
  },
};
