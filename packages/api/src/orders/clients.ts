import type { CartRouter } from '../cart/index.js';
import type { CatalogRouter } from '../catalog/index.js';
import type { InventoryRouter } from '../inventory/index.js';
import type { PaymentsRouter } from '../payments/index.js';
import type { DomainDeps, DomainName } from '../runtime/domain.js';
import { callService, createServiceClient } from '../runtime/service-client.js';
import type { AnyRouter } from '@trpc/server';
import type { Carts, OrdersDependencies, Payments, Pricing, Stock } from './dependencies.js';

/** The orders service's dependencies over typed tRPC service clients (direct, not through the gateway). */
export function createServiceDependencies(deps: DomainDeps): OrdersDependencies {
  const client = <TRouter extends AnyRouter>(domain: DomainName) =>
    createServiceClient<TRouter>({
      url: () => deps.serviceUrl(domain),
      caller: 'orders',
      token: deps.env.SERVICE_TOKEN,
      timeoutMs: deps.env.SERVICE_CALL_TIMEOUT_MS,
    });
  const catalog = client<CatalogRouter>('catalog');
  const inventory = client<InventoryRouter>('inventory');
  const cart = client<CartRouter>('cart');
  const payments = client<PaymentsRouter>('payments');

  const pricing: Pricing = {
    async productsByIds(ids) {
      const answer = await callService('catalog', () => catalog.productsByIds.query({ ids }));
      return answer.products;
    },
  };

  const stock: Stock = {
    async reserve(reservationId, lines) {
      await callService('inventory', () => inventory.reserve.mutate({ reservationId, lines }));
    },
    async commit(reservationId) {
      await callService('inventory', () => inventory.commit.mutate({ reservationId }));
    },
    async release(reservationId, reason) {
      await callService('inventory', () => inventory.release.mutate({ reservationId, reason }));
    },
    async restock(reservationId, reason) {
      await callService('inventory', () => inventory.restock.mutate({ reservationId, reason }));
    },
  };

  const paymentsPort: Payments = {
    charge: (input) => callService('payments', () => payments.charge.mutate(input)),
    getForOrder: (orderId) => callService('payments', () => payments.getForOrder.query({ orderId })),
    refund: (input) => callService('payments', () => payments.refund.mutate(input)),
    async cancel(orderId) {
      await callService('payments', () => payments.cancel.mutate({ orderId }));
    },
  };

  const carts: Carts = {
    forCheckout: (input) => callService('cart', () => cart.forCheckout.query(input)),
    async markCheckedOut(input) {
      await callService('cart', () => cart.markCheckedOut.mutate(input));
    },
  };

  return { pricing, stock, payments: paymentsPort, carts };
}
