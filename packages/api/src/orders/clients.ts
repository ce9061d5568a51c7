import type { CartRouter } from '../cart/index.js';
import type { CatalogRouter } from '../catalog/index.js';
import type { InventoryRouter } from '../inventory/index.js';
import type { PaymentsRouter } from '../payments/index.js';
import type { EvaluationDto, PromotionsRouter } from '../promotions/index.js';
import type { DomainDeps } from '../runtime/domain.js';
import { callService, withDeadline } from '../runtime/service-client.js';
import type { OrdersSettings } from './config.js';

/**
 * What orders needs from the other domains, as small ports (the service logic and its tests do
 * not depend on the transport), and their adapters over typed tRPC service clients (catalog,
 * inventory, payments, cart; direct, not through the gateway).
 */

export interface CatalogProduct {
  id: string;
  sku: string;
  name: string;
  priceAmount: number;
  currency: string;
  status: 'draft' | 'active' | 'archived';
  /** Availability from catalog's read model (quotes leave out lines that cannot be bought now). */
  inStock?: boolean;
  available?: number;
  /** Its category (category-scoped promotions; absent from older fakes). */
  categoryId?: string | null;
  /** Scalping limits (null/absent = none): most units per order, and per customer across their live and paid orders. */
  maxPerOrder?: number | null;
  maxPerCustomer?: number | null;
}

export interface Pricing {
  /** Current products by id; unknown ids are absent. */
  productsByIds(ids: string[]): Promise<CatalogProduct[]>;
}

/** The catalog's change feed (catalog.changesSince): products changed after a cursor, oldest first. */
export interface CatalogChangeFeed {
  changesSince(cursor: string | undefined): Promise<{ changes: Array<{ id: string }>; cursor: string; hasMore: boolean }>;
}

export interface Stock {
  /** All-or-nothing; throws DomainError INSUFFICIENT_STOCK. Idempotent on reservationId. */
  reserve(reservationId: string, lines: { sku: string; quantity: number }[]): Promise<void>;
  /** Idempotent; INSUFFICIENT_STOCK when an expired reservation cannot be taken again. */
  commit(reservationId: string): Promise<void>;
  release(reservationId: string, reason: string): Promise<void>;
  /** Puts a committed reservation's units back on hand. */
  restock(reservationId: string, reason: string): Promise<void>;
}

export type ChargeStatus = 'succeeded' | 'requires_action' | 'processing' | 'failed';

export interface ChargeResult {
  paymentId: string;
  intentId: string | null;
  status: ChargeStatus;
  declineCode: string | null;
  message: string | null;
}

export interface PaymentRecord {
  paymentId: string;
  intentId: string | null;
  orderId: string;
  status: string;
  amount: number;
  amountRefunded: number;
  currency: string;
  declineCode: string | null;
}

export interface RefundResult {
  refundId: string;
  amount: number;
  amountRefunded: number;
  status: string;
}

export interface Payments {
  charge(input: { orderId: string; amount: number; currency: string; paymentMethod: string; customerEmail?: string }): Promise<ChargeResult>;
  getForOrder(orderId: string): Promise<PaymentRecord | null>;
  refund(input: { orderId: string; amount?: number; reason?: string }): Promise<RefundResult>;
  cancel(orderId: string): Promise<void>;
}

export interface Carts {
  /**
   * The open cart to order: the customer's own (no cartId), or the cart `cartId` (with a customerId
   * it must be theirs or a guest cart; without one any open cart: the caller checks `customerId`).
   */
  forCheckout(input: { cartId?: string; customerId?: string }): Promise<{ cartId: string; customerId: string | null; items: { productId: string; quantity: number }[] }>;
  /** Closes the cart an order was placed from; `subtotal` is announced with it (cart.cart_updated). */
  markCheckedOut(input: { cartId: string; orderId: string; subtotal?: number }): Promise<void>;
}

/** An order's lines as promotions prices them. */
export interface DiscountRequest {
  lines: { productId: string; categoryId: string | null; unitPrice: number; quantity: number }[];
  /** The shipping the order owes before discounts. */
  shipping: number;
  code?: string;
  customerKey: string | null;
}

/** Promotions' answer: what each applied promotion takes off, per line and in all. */
export type Evaluation = EvaluationDto;

export interface Promotions {
  /** The discounts the order would get now, and why a code does not apply (writes nothing). */
  evaluate(request: DiscountRequest): Promise<EvaluationDto>;
  /** Checkout's `redeem`: one use of each applied promotion and code, for this order (idempotent on it); 409 CONFLICT with `details.reason` when the code does not apply. */
  reserve(orderId: string, request: DiscountRequest & { customerKey: string }): Promise<EvaluationDto>;
  /** Compensates `redeem` (idempotent; a committed redemption stays). */
  release(orderId: string): Promise<void>;
}

export interface OrdersDependencies {
  pricing: Pricing;
  stock: Stock;
  payments: Payments;
  carts: Carts;
  promotions: Promotions;
  /** The catalog's change feed, which revalidates checkout's price cache (catalog-prices.ts); none: no cache. */
  catalogFeed?: CatalogChangeFeed;
}

/** Per-operation deadlines of orders' calls (ORDERS_CALL_TIMEOUT_MS, ORDERS_PAYMENT_TIMEOUT_MS). */
export type CallDeadlines = Pick<OrdersSettings, 'ORDERS_CALL_TIMEOUT_MS' | 'ORDERS_PAYMENT_TIMEOUT_MS'>;

/**
 * The orders service's dependencies over typed tRPC service clients (direct, not through the
 * gateway). Every call has its deadline: a neighbour that does not answer in time is UNAVAILABLE
 * (the checkout answers 503 within a few seconds), and its timeouts open the client's breaker.
 */
export function createServiceDependencies(deps: Pick<DomainDeps, 'client'> & { config: CallDeadlines }): OrdersDependencies {
  const catalog = deps.client<CatalogRouter>('catalog');
  const inventory = deps.client<InventoryRouter>('inventory');
  const cart = deps.client<CartRouter>('cart');
  const payments = deps.client<PaymentsRouter>('payments');
  const promotions = deps.client<PromotionsRouter>('promotions');
  const call = withDeadline(deps.config.ORDERS_CALL_TIMEOUT_MS);
  const pay = withDeadline(deps.config.ORDERS_PAYMENT_TIMEOUT_MS);

  const pricing: Pricing = {
    async productsByIds(ids) {
      const answer = await callService('catalog', () => catalog.productsByIds.query({ ids }, call));
      return answer.products;
    },
  };

  const stock: Stock = {
    async reserve(reservationId, lines) {
      await callService('inventory', () => inventory.reserve.mutate({ reservationId, lines }, call));
    },
    async commit(reservationId) {
      await callService('inventory', () => inventory.commit.mutate({ reservationId }, call));
    },
    async release(reservationId, reason) {
      await callService('inventory', () => inventory.release.mutate({ reservationId, reason }, call));
    },
    async restock(reservationId, reason) {
      await callService('inventory', () => inventory.restock.mutate({ reservationId, reason }, call));
    },
  };

  const paymentsPort: Payments = {
    charge: (input) => callService('payments', () => payments.charge.mutate(input, pay)),
    getForOrder: (orderId) => callService('payments', () => payments.getForOrder.query({ orderId }, call)),
    refund: (input) => callService('payments', () => payments.refund.mutate(input, pay)),
    async cancel(orderId) {
      await callService('payments', () => payments.cancel.mutate({ orderId }, pay));
    },
  };

  const carts: Carts = {
    forCheckout: (input) => callService('cart', () => cart.forCheckout.query(input, call)),
    async markCheckedOut(input) {
      await callService('cart', () => cart.markCheckedOut.mutate(input, call));
    },
  };

  const catalogFeed: CatalogChangeFeed = {
    changesSince: (cursor) => callService('catalog', () => catalog.changesSince.query({ ...(cursor ? { cursor } : {}), limit: 500 }, call)),
  };

  const promotionsPort: Promotions = {
    evaluate: (request) => callService('promotions', () => promotions.evaluate.query(request, call)),
    reserve: (orderId, request) => callService('promotions', () => promotions.reserve.mutate({ orderId, ...request }, call)),
    async release(orderId) {
      await callService('promotions', () => promotions.release.mutate({ orderId }, call));
    },
  };

  return { pricing, stock, payments: paymentsPort, carts, promotions: promotionsPort, catalogFeed };
}
