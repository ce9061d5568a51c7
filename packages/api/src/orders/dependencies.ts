/**
 * What the orders service needs from the other domains, as small interfaces: the service logic
 * and its unit tests do not depend on the transport. `clients.ts` implements them with typed
 * tRPC service clients (catalog, inventory, payments, cart).
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
}

export interface Pricing {
  /** Current products by id; unknown ids are absent. */
  productsByIds(ids: string[]): Promise<CatalogProduct[]>;
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
  markCheckedOut(input: { cartId: string; orderId: string }): Promise<void>;
}

export interface OrdersDependencies {
  pricing: Pricing;
  stock: Stock;
  payments: Payments;
  carts: Carts;
}
