import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { outboxEnvelope } from '../../events/index.js';
import type { AuthUser } from '../../runtime/auth.js';
import { DomainError, ERROR_TABLE, type DomainErrorCode } from '../../runtime/errors.js';
import type { CatalogProduct, ChargeResult, OrdersDependencies } from '../clients.js';
import { SYSTEM, errorBody, toOrderDto } from '../dto.js';
import { orderPlaced } from '../events.js';
import type { CrashPoint } from '../fault.js';
import { computeTotals, type PricingRules } from '../pricing.js';
import type { IdempotencyRow, NewOrder, OrderItemRow, OrderRow, OrdersRepository } from '../repository.js';
import { MAX_LINE_QUANTITY, type OrderDto, type ShippingAddress } from '../schemas.js';
import type { CheckoutSaga } from './settle.js';

/**
 * Placing an order: the saga's forward path (steps.ts) — take the Idempotency-Key, price the
 * lines (catalog), `reserve` (inventory), `order` (pending_payment + order_placed), `charge`
 * (payments), then settle (settle.ts: `commit`, `close-cart`, or the compensations). A replay of
 * the key answers what the first request answered.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Failures of a step that retrying with the same key might not repeat (the key is left reusable). */
const isTransient = (error: unknown) => !(error instanceof DomainError) || error.code === 'UNAVAILABLE' || error.code === 'INTERNAL';

/** Who places an order: a signed-in customer, or a guest (keys scoped per cart, no customer id). */
export interface Buyer {
  /** The idempotency_keys scope: the customer id, or the guest cart's derived UUID (guest.ts). */
  keyScope: string;
  customerId: string | null;
  email: string;
  guestEmail: string | null;
  /** The history actor of the order's creation: the user id, or "guest". */
  actor: string;
}

export const customerBuyer = (user: AuthUser): Buyer => ({ keyScope: user.id, customerId: user.id, email: user.email, guestEmail: null, actor: user.id });

export interface PlaceOrder {
  buyer: Buyer;
  key: string;
  hash: string;
  shippingAddress: ShippingAddress;
  paymentMethod: string;
  /** The lines to order, merged (see mergeLines). */
  lines: () => Promise<{ cartId: string | null; items: { productId: string; quantity: number }[] }>;
}

/** Merges duplicate product lines (quantities add up, still at most 99) and sorts them by product id. */
export function mergeLines(items: readonly { productId: string; quantity: number }[]): { productId: string; quantity: number }[] {
  const merged = new Map<string, number>();
  for (const item of items) merged.set(item.productId, (merged.get(item.productId) ?? 0) + item.quantity);
  for (const [productId, quantity] of merged) {
    if (quantity > MAX_LINE_QUANTITY) {
      throw new DomainError('VALIDATION_FAILED', `items: product ${productId} is ordered ${quantity} times in total; at most ${MAX_LINE_QUANTITY} per product`, {
        productId,
      });
    }
  }
  return [...merged].map(([productId, quantity]) => ({ productId, quantity })).sort((a, b) => (a.productId < b.productId ? -1 : 1));
}

export function requireKey(key: string | null | undefined): string {
  const value = key?.trim();
  if (!value) throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key header is required: a unique value per order (e.g. a UUID), reused only to retry the same request');
  if (value.length > 255 || !/^[\x21-\x7e]+$/.test(value)) {
    throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key must be 1–255 printable ASCII characters without spaces');
  }
  return value;
}

/** Whether a quote counts this line: what the cart's subtotal counts (active, in stock, enough units). */
export function buyable(product: CatalogProduct | undefined, quantity: number): product is CatalogProduct {
  if (!product || product.status !== 'active' || product.currency !== 'USD') return false;
  if (product.inStock === false) return false;
  return product.available === undefined || product.available >= quantity;
}

/** `orders.order_placed` but its number, which the insert takes from the sequence (checked against the contract now). */
const placedWithoutNumber = orderPlaced.schema.omit({ number: true });
function placedEvent(order: NewOrder) {
  const payload = placedWithoutNumber.parse({
    orderId: order.id,
    customerId: order.customerId,
    guestEmail: order.guestEmail,
    currency: order.currency,
    subtotal: order.subtotal,
    shipping: order.shipping,
    tax: order.tax,
    total: order.total,
    lines: order.items,
    shippingAddress: order.shippingAddress,
    cartId: order.cartId,
  });
  return { ...outboxEnvelope(orderPlaced, order.id), payload };
}

export interface CheckoutOptions {
  repository: OrdersRepository;
  deps: OrdersDependencies;
  rules: PricingRules;
  logger: Logger;
  saga: CheckoutSaga;
  /** Test-only fault injection (see fault.ts). */
  crash: (point: CrashPoint) => void;
  /** How long a retry waits for the same key's in-flight request before answering 409. */
  inFlightWaitMs: number;
  /** Poll interval while waiting for an in-flight request with the same key. */
  inFlightPollMs: number;
  /** After an aborted checkout, when to release its reservation once more (0 = never; see abortReservation). */
  releaseAgainAfterMs: number;
}

export function createCheckout(options: CheckoutOptions) {
  const { repository, deps, rules, logger, saga, crash, inFlightWaitMs, inFlightPollMs, releaseAgainAfterMs } = options;

  /**
   * Compensates `reserve` of a checkout that ends before its order exists. The release runs now
   * and, since the order id is never used again, once more later: a `reserve` that timed out here
   * may still be applied by inventory after the first release (the call is ambiguous), and a
   * release that itself failed gets a second chance. (A crash in between leaves the reservation to
   * inventory's expiry sweeper.)
   */
  async function abortReservation(orderId: string): Promise<void> {
    await saga.undo.release(orderId, 'checkout_aborted').catch(() => undefined);
    if (releaseAgainAfterMs > 0) {
      setTimeout(() => {
        saga.undo.release(orderId, 'checkout_aborted').catch((error: unknown) => logger.warn({ err: error, orderId }, 'second release of an aborted checkout failed; the reservation expires'));
      }, releaseAgainAfterMs).unref();
    }
  }

  async function replay(row: IdempotencyRow, hash: string, key: string): Promise<OrderDto> {
    let current: IdempotencyRow | null = row;
    const deadline = Date.now() + inFlightWaitMs;
    let polls = 0;
    for (;;) {
      if (!current) throw new DomainError('CONFLICT', `The request with Idempotency-Key "${key}" is being retried; send it again`);
      if (current.requestHash !== hash) {
        throw new DomainError('CONFLICT', `Idempotency-Key "${key}" was already used with a different request body; use a new key for a new order`);
      }
      if (current.state !== 'in_progress' && current.responseStatus !== null) break;
      if (current.state === 'failed') {
        throw new DomainError('CONFLICT', `The earlier request with Idempotency-Key "${key}" failed; send it again`);
      }
      if (Date.now() > deadline) {
        throw new DomainError('CONFLICT', `A request with Idempotency-Key "${key}" is still being processed; retry later`);
      }
      // Back off while waiting so many retries of one key do not crowd the pool the first request needs.
      await sleep(Math.min(inFlightPollMs * 2 ** Math.min(polls++, 4), 250));
      current = await repository.findKey(row.customerId, row.key);
    }
    if (current.responseStatus === 201 || current.responseStatus === 200) return current.responseBody as OrderDto;
    const body = current.responseBody as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null;
    const code = (body?.error?.code && body.error.code in ERROR_TABLE ? body.error.code : 'CONFLICT') as DomainErrorCode;
    throw new DomainError(code, body?.error?.message ?? 'The earlier request with this key failed', body?.error?.details);
  }

  /** The request's lines priced from the catalog's current prices (client prices never reach here). */
  async function priceLines(request: PlaceOrder): Promise<{ cartId: string | null; items: OrderItemRow[] }> {
    const { cartId, items } = await request.lines();
    if (items.length === 0) throw new DomainError('VALIDATION_FAILED', 'The cart is empty: nothing to order');
    const products = new Map((await deps.pricing.productsByIds(items.map((item) => item.productId))).map((p) => [p.id, p]));
    const lines = items.map(({ productId, quantity }): OrderItemRow => {
      const product = products.get(productId);
      if (!product || product.status !== 'active') {
        throw new DomainError('VALIDATION_FAILED', `Product ${productId} ${product ? 'is no longer sold' : 'does not exist'}`, { productId });
      }
      if (product.currency !== 'USD') throw new DomainError('VALIDATION_FAILED', `Product ${productId} is priced in ${product.currency}, orders are in USD`, { productId });
      return { productId, sku: product.sku, name: product.name, unitPrice: product.priceAmount, quantity, lineTotal: product.priceAmount * quantity };
    });
    return { cartId, items: lines };
  }

  async function place(request: PlaceOrder): Promise<OrderDto> {
    const { buyer, key, hash } = request;
    const orderId = randomUUID();
    // Pricing only reads (cart, catalog): it runs while the key is taken, and is dropped on a replay.
    const pricing = priceLines(request);
    pricing.catch(() => undefined);
    const existing = await repository.claimKey(buyer.keyScope, key, hash, orderId);
    if (existing) return replay(existing, hash, key);
    return saga.track(orderId, () => run(request, orderId, pricing));
  }

  /** The saga once the key is ours. */
  async function run(request: PlaceOrder, orderId: string, pricing: Promise<{ cartId: string | null; items: OrderItemRow[] }>): Promise<OrderDto> {
    const { buyer, key } = request;
    const keyRef = { customerId: buyer.keyScope, key };
    const answerFailure = (error: DomainError) => repository.answerKey({ ...keyRef, state: 'failed', status: ERROR_TABLE[error.code].http, body: errorBody(error) });

    // 1. lines → prices (catalog) → totals → reservation. Nothing is persisted but the key yet.
    let priced: { cartId: string | null; items: OrderItemRow[] };
    let reserved = false;
    try {
      priced = await pricing;
      reserved = true; // from here a reservation may exist (reserve is idempotent on the order id)
      await deps.stock.reserve(orderId, priced.items.map((line) => ({ sku: line.sku, quantity: line.quantity })));
    } catch (error) {
      if (isTransient(error)) {
        if (reserved) await abortReservation(orderId);
        // No answer stored: the same request may take the key over (the recovery loop also releases).
        await repository.answerKey({ ...keyRef, state: 'failed', status: null, body: null }).catch(() => undefined);
      } else {
        await answerFailure(error as DomainError);
      }
      throw error;
    }

    // 2. the order, pending payment (lines, history and order_placed in one statement)
    const totals = computeTotals(priced.items, request.shippingAddress.country, rules);
    const newOrder = {
      id: orderId,
      customerId: buyer.customerId,
      customerEmail: buyer.email,
      guestEmail: buyer.guestEmail,
      currency: 'USD',
      ...totals,
      shippingAddress: request.shippingAddress,
      paymentMethod: request.paymentMethod,
      cartId: priced.cartId,
      items: priced.items,
    };
    let inserted: { number: string; createdAt: string };
    try {
      // order_placed goes out with the next relay run (kicked after the payment settles).
      inserted = await repository.insertOrder(newOrder, buyer.actor, placedEvent(newOrder));
    } catch (error) {
      await abortReservation(orderId);
      await repository.answerKey({ ...keyRef, state: 'failed', status: null, body: null }).catch(() => undefined);
      throw error;
    }
    const order: OrderRow = {
      ...newOrder,
      number: inserted.number,
      status: 'pending_payment',
      paymentStatus: 'pending',
      paymentIntentId: null,
      amountRefunded: 0,
      stockState: 'reserved',
      sagaStep: 'reserved',
      createdAt: inserted.createdAt,
      updatedAt: inserted.createdAt,
    };

    // 3. the payment (Stripe idempotency key derived from the order id: never charged twice).
    // If the call fails the order stays pending_payment and the key in progress: the recovery
    // loop and the payment webhook decide, and a retry with the key waits for that answer.
    let charge: ChargeResult;
    try {
      charge = await deps.payments.charge({
        orderId,
        amount: totals.total,
        currency: 'USD',
        paymentMethod: request.paymentMethod,
        customerEmail: buyer.email,
      });
    } catch (error) {
      logger.warn({ err: error, orderId }, 'charge failed; the order waits for recovery');
      throw error instanceof DomainError && error.code !== 'PAYMENT_DECLINED'
        ? new DomainError('UNAVAILABLE', 'The payment could not be completed right now; retry with the same Idempotency-Key', { orderId })
        : error;
    }
    crash('after-payment');

    // 4. settle
    if (charge.status === 'succeeded') return saga.dtoOf((await saga.settleSucceeded(order, charge, SYSTEM, keyRef)).order);
    if (charge.status === 'failed') throw (await saga.settleFailed(order, charge, SYSTEM, keyRef)).error;
    // requires_action / processing: still pending; the webhook or the recovery loop finishes it.
    const pending = toOrderDto({ ...order, paymentStatus: charge.status, paymentIntentId: charge.intentId, sagaStep: 'payment_pending' });
    await repository.recordPayment(orderId, { paymentStatus: charge.status, paymentIntentId: charge.intentId, sagaStep: 'payment_pending' }, {
      ...keyRef,
      state: 'completed',
      status: 201,
      body: pending,
    });
    return pending;
  }

  /**
   * The open cart `cartId`, or the customer's own without one; null when there is none (never
   * created, or already checked out). A guest (no customerId) naming a customer's cart: 404.
   */
  async function openCart(cartId: string | undefined, customerId: string | undefined) {
    const cart = await deps.carts.forCheckout({ ...(cartId ? { cartId } : {}), ...(customerId ? { customerId } : {}) }).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === 'NOT_FOUND') return null;
      throw error;
    });
    if (cart && customerId === undefined && cart.customerId !== null) throw new DomainError('NOT_FOUND', 'Cart not found');
    return cart;
  }

  /** The lines to order; no open cart is an empty cart to the buyer (400). */
  async function cartLines(cartId: string | undefined, customerId: string | undefined) {
    const cart = await openCart(cartId, customerId);
    if (!cart) throw new DomainError('VALIDATION_FAILED', 'There is no open cart to check out');
    return { cartId: cart.cartId, items: mergeLines(cart.items) };
  }

  return { place, openCart, cartLines };
}
