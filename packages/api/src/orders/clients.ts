import type { CartRouter } from '../cart/index.js';
import type { CatalogRouter } from '../catalog/index.js';
import type { InventoryRouter } from '../inventory/index.js';
import type { PaymentsRouter } from '../payments/index.js';
import type { DomainDeps, DomainName } from '../runtime/domain.js';
import { callService, createServiceClient } from '../runtime/service-client.js';
import type { AnyRouter } from '@trpc/server';
import type { Carts, ChargeResult, OrdersDependencies, PaymentRecord, Payments, Pricing, RefundResult, Stock } from './dependencies.js';

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

  // TODO(payments): switch to the typed procedures once payments' router lands (charge, getForOrder, refund, cancel).
  const untypedPayments = payments as unknown as Record<string, { mutate(input: unknown): Promise<unknown>; query(input: unknown): Promise<unknown> }>;
  const paymentsPort: Payments = {
    charge: (input) => callService('payments', () => untypedPayments.charge!.mutate(input)) as Promise<ChargeResult>,
    getForOrder: (orderId) => callService('payments', () => untypedPayments.getForOrder!.query({ orderId })) as Promise<PaymentRecord | null>,
    refund: (input) => callService('payments', () => untypedPayments.refund!.mutate(input)) as Promise<RefundResult>,
    async cancel(orderId) {
      await callService('payments', () => untypedPayments.cancel!.mutate({ orderId }));
    },
  };

  const carts: Carts = {
    async forCheckout(input) {
      const answer = await callService('cart', () => cart.forCheckout.query(input));
      return { cartId: answer.cartId, items: answer.items };
    },
    async markCheckedOut(input) {
      await callService('cart', () => cart.markCheckedOut.mutate(input));
    },
  };

  return { pricing, stock, payments: paymentsPort, carts };
}
