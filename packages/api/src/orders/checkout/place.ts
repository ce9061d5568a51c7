import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { outboxEnvelope } from '../../events/index.js';
import type { AuthUser } from '../../runtime/auth.js';
import { DomainError, ERROR_TABLE, type DomainErrorCode } from '../../runtime/errors.js';
import { recordCheckout, type CheckoutOutcome } from '../../runtime/metrics.js';
import type { CatalogProduct, ChargeResult, DiscountRequest, Evaluation, OrdersDependencies, Pricing } from '../clients.js';
import { SYSTEM, errorBody, toOrderDto } from '../dto.js';
import { orderPlaced } from '../events.js';
import type { CrashPoint } from '../fault.js';
import { computeTotals, shippingFor, subtotalOf, type PricingRules } from '../pricing.js';
import { discountLine, orderDiscountsOf } from '../discounts.js';
import type { IdempotencyRow, LiveCartOrder, NewOrder, OrderItemRow, OrderRow, OrdersRepository, QuantityHolds } from '../repository.js';
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
  /**
   * Who "the customer" is for per-customer limits and the checkout rate limit: the account
   * (`customer:<id>`), or for a guest the order's e-mail (`guest:<lower-cased e-mail>`).
   */
  customerKey: string;
}

export const customerBuyer = (user: AuthUser): Buyer => ({
  keyScope: user.id,
  customerId: user.id,
  email: user.email,
  guestEmail: null,
  actor: user.id,
  customerKey: `customer:${user.id}`,
});

export const guestCustomerKey = (email: string) => `guest:${email.trim().toLowerCase()}`;

/** The per-customer checkout rate limit: at most `max` new checkouts per `windowSeconds` (fixed window). */
export interface CheckoutRateLimit {
  max: number;
  windowSeconds: number;
}

export interface PlaceOrder {
  buyer: Buyer;
  key: string;
  hash: string;
  shippingAddress: ShippingAddress;
  paymentMethod: string;
  /** The discount code the shopper entered, if any (promotions validates it). */
  code?: string | undefined;
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
    discount: order.discount,
    discounts: order.discounts,
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
  /** The shipping and tax rules in use (the store settings, read through their short cache). */
  rules: () => Promise<PricingRules>;
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
  /** The per-customer checkout rate limit (null: none). */
  rateLimit: CheckoutRateLimit | null;
  /** Product prices and limits (the module's feed-revalidated cache, or the catalog itself). */
  prices: Pricing;
}

/** What a second checkout of a cart is told about the cart's live order (409). */
export function cartHasOrder(order: LiveCartOrder): DomainError {
  if (order.status === 'pending_payment') {
    const nextAction = order.paymentStatus === 'requires_action' ? 'authenticate_payment' : 'await_payment';
    return new DomainError(
      'CONFLICT',
      `This cart already has an order awaiting payment (${order.number}): ${nextAction === 'authenticate_payment' ? 'complete its payment authentication (3-D Secure)' : 'wait for its payment to finish'} instead of checking out again`,
      { reason: 'order_pending', orderId: order.id, number: order.number, status: order.status, paymentStatus: order.paymentStatus, nextAction },
    );
  }
  return new DomainError('CONFLICT', `This cart was already checked out as order ${order.number}`, {
    reason: 'cart_checked_out',
    orderId: order.id,
    number: order.number,
    status: order.status,
  });
}

/** The lines priced, the cart they came from, and the per-customer limits they fall under. */
interface PricedLines {
  cartId: string | null;
  items: OrderItemRow[];
  limited: QuantityHolds['lines'];
  /** The same lines as promotions prices them (with their categories). */
  forDiscounts: DiscountRequest['lines'];
}

/** orders_checkouts_total's outcome for a checkout that threw: a decline, a refusal (4xx) or a failure. */
export function checkoutFailureOutcome(error: unknown): CheckoutOutcome {
  if (!(error instanceof DomainError)) return 'failed';
  if (error.code === 'PAYMENT_DECLINED') return 'declined';
  if (error.code === 'TOO_MANY_REQUESTS') return 'rate_limited';
  return ERROR_TABLE[error.code].http >= 500 ? 'failed' : 'rejected';
}

export function createCheckout(options: CheckoutOptions) {
  const { repository, deps, rules, logger, saga, crash, inFlightWaitMs, inFlightPollMs, releaseAgainAfterMs, rateLimit, prices } = options;

  /**
   * Compensates `reserve` and `redeem` of a checkout that ends before its order exists. The
   * releases run now and, since the order id is never used again, once more later: a call that
   * timed out here may still be applied by inventory or promotions after the first release (the
   * call is ambiguous), and a release that itself failed gets a second chance. (A crash in between
   * leaves them to the recovery loop's stale keys: the key names the order id.)
   */
  async function abortReservation(orderId: string): Promise<void> {
    const releaseBoth = () => Promise.all([saga.undo.release(orderId, 'checkout_aborted'), saga.undo.releaseRedemption(orderId)]);
    await releaseBoth().catch(() => undefined);
    if (releaseAgainAfterMs > 0) {
      setTimeout(() => {
        releaseBoth().catch((error: unknown) => logger.warn({ err: error, orderId }, 'second release of an aborted checkout failed; the recovery loop retries'));
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
        // draft-ietf-httpapi-idempotency-key-header: a key reused with another payload is 422, not 409.
        throw new DomainError('IDEMPOTENCY_KEY_REUSED', `Idempotency-Key "${key}" was already used with a different request body; use a new key for a new order`);
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

  /**
   * The request's lines priced from the catalog's current prices (client prices never reach here),
   * checked against the products' quantity limits (fetched with the prices: no extra call). A cart
   * with a live order already is refused (409) here, its lookup running beside the catalog call;
   * the order insert enforces the same rule atomically (orders_cart_id_live_key).
   */
  async function priceLines(request: PlaceOrder): Promise<PricedLines> {
    const { cartId, items } = await request.lines();
    if (items.length === 0) throw new DomainError('VALIDATION_FAILED', 'The cart is empty: nothing to order');
    const live = cartId ? repository.liveOrderOfCart(cartId) : Promise.resolve(null);
    live.catch(() => undefined);
    const products = new Map((await prices.productsByIds(items.map((item) => item.productId))).map((p) => [p.id, p]));
    const liveOrder = await live;
    if (liveOrder) throw cartHasOrder(liveOrder);
    const limited: QuantityHolds['lines'] = [];
    const forDiscounts: DiscountRequest['lines'] = [];
    const lines = items.map(({ productId, quantity }): OrderItemRow => {
      const product = products.get(productId);
      if (!product || product.status !== 'active') {
        throw new DomainError('VALIDATION_FAILED', `Product ${productId} ${product ? 'is no longer sold' : 'does not exist'}`, { productId });
      }
      if (product.currency !== 'USD') throw new DomainError('VALIDATION_FAILED', `Product ${productId} is priced in ${product.currency}, orders are in USD`, { productId });
      const maxPerOrder = product.maxPerOrder ?? null;
      if (maxPerOrder !== null && quantity > maxPerOrder) {
        throw new DomainError('VALIDATION_FAILED', `${product.name}: at most ${maxPerOrder} per order (${quantity} requested)`, {
          productId,
          limit: 'perOrder',
          max: maxPerOrder,
          requested: quantity,
        });
      }
      const maxPerCustomer = product.maxPerCustomer ?? null;
      if (maxPerCustomer !== null) {
        if (quantity > maxPerCustomer) throw perCustomerLimit(product.name, { productId, quantity, max: maxPerCustomer, alreadyOrdered: 0 });
        limited.push({ productId, quantity, max: maxPerCustomer });
      }
      forDiscounts.push(discountLine(product, quantity));
      return { productId, sku: product.sku, name: product.name, unitPrice: product.priceAmount, quantity, lineTotal: product.priceAmount * quantity, discount: 0 };
    });
    return { cartId, items: lines, limited, forDiscounts };
  }

  function perCustomerLimit(name: string, line: { productId: string; quantity: number; max: number; alreadyOrdered: number }): DomainError {
    const left = Math.max(0, line.max - line.alreadyOrdered);
    return new DomainError(
      'CONFLICT',
      `${name}: at most ${line.max} per customer${line.alreadyOrdered > 0 ? `; your orders already hold ${line.alreadyOrdered}, so ${left} more can be ordered` : ''} (${line.quantity} requested)`,
      { productId: line.productId, limit: 'perCustomer', max: line.max, alreadyOrdered: line.alreadyOrdered, requested: line.quantity },
    );
  }

  async function place(request: PlaceOrder): Promise<OrderDto> {
    const { buyer, key, hash } = request;
    const orderId = randomUUID();
    // Pricing only reads (cart, catalog): it runs while the key is taken, and is dropped on a replay.
    const pricing = priceLines(request);
    pricing.catch(() => undefined);
    const claim = await repository.takeKey(buyer.keyScope, key, hash, orderId, rateLimit ? { customerKey: buyer.customerKey, windowSeconds: rateLimit.windowSeconds } : null);
    if (claim.existing) return replay(claim.existing, hash, key);
    if (rateLimit && claim.attempts !== null && claim.attempts > rateLimit.max) {
      // Nothing happened yet: the key stays reusable by the same request once the window ends.
      await repository.answerKey({ customerId: buyer.keyScope, key, state: 'failed', status: null, body: null });
      const retryAfterSeconds = claim.retryAfterSeconds ?? rateLimit.windowSeconds;
      recordCheckout('rate_limited');
      throw new DomainError(
        'TOO_MANY_REQUESTS',
        `Too many checkouts: at most ${rateLimit.max} per ${rateLimit.windowSeconds} seconds per customer; try again in ${retryAfterSeconds} seconds`,
        { retryAfterSeconds },
      );
    }
    try {
      const order = await saga.track(orderId, () => run(request, orderId, pricing));
      recordCheckout(order.status === 'pending_payment' ? 'pending' : 'placed');
      return order;
    } catch (error) {
      recordCheckout(checkoutFailureOutcome(error));
      throw error;
    }
  }

  /** The saga once the key is ours. */
  async function run(request: PlaceOrder, orderId: string, pricing: Promise<PricedLines>): Promise<OrderDto> {
    const { buyer, key } = request;
    const keyRef = { customerId: buyer.keyScope, key };
    const answerFailure = (error: DomainError) => repository.answerKey({ ...keyRef, state: 'failed', status: ERROR_TABLE[error.code].http, body: errorBody(error) });

    // 1. lines → prices (catalog) → `reserve` (inventory) and `redeem` (promotions) side by side.
    // Nothing is persisted here but the key; a refused code (409) is answered before any charge.
    let priced: PricedLines;
    let evaluation: Evaluation;
    let reserved = false;
    let pricingRules: PricingRules;
    try {
      [priced, pricingRules] = await Promise.all([pricing, rules()]);
      reserved = true; // from here a reservation or a redemption may exist (both are idempotent on the order id)
      const shipping = shippingFor(subtotalOf(priced.items), pricingRules);
      const [stock, redemption] = await Promise.allSettled([
        deps.stock.reserve(orderId, priced.items.map((line) => ({ sku: line.sku, quantity: line.quantity }))),
        deps.promotions.reserve(orderId, { lines: priced.forDiscounts, shipping, ...(request.code ? { code: request.code } : {}), customerKey: buyer.customerKey }),
      ]);
      if (stock.status === 'rejected') throw stock.reason;
      if (redemption.status === 'rejected') throw redemption.reason;
      evaluation = redemption.value;
      crash('after-reserve');
    } catch (error) {
      if (reserved) await abortReservation(orderId);
      if (isTransient(error)) {
        // No answer stored: the same request may take the key over (the recovery loop also releases).
        await repository.answerKey({ ...keyRef, state: 'failed', status: null, body: null }).catch(() => undefined);
      } else {
        await answerFailure(error as DomainError);
      }
      throw error;
    }

    // 2. the order, pending payment (lines, discounts, history and order_placed in one statement)
    const discounts = orderDiscountsOf(evaluation);
    const totals = computeTotals(priced.items, request.shippingAddress.country, pricingRules, discounts.applied);
    const newOrder = {
      id: orderId,
      customerId: buyer.customerId,
      customerEmail: buyer.email,
      guestEmail: buyer.guestEmail,
      currency: 'USD',
      ...totals,
      discounts: discounts.snapshot,
      shippingAddress: request.shippingAddress,
      paymentMethod: request.paymentMethod,
      cartId: priced.cartId,
      items: priced.items.map((line) => ({ ...line, discount: discounts.perLine.get(line.productId) ?? 0 })),
    };
    let inserted: { number: string; createdAt: string };
    try {
      // order_placed goes out with the next relay run (kicked after the payment settles).
      const result = await repository.insertOrder(
        newOrder,
        buyer.actor,
        placedEvent(newOrder),
        priced.limited.length ? { customerKey: buyer.customerKey, lines: priced.limited } : null,
      );
      if (!result.ok) {
        // Another checkout of this cart won the race, or the customer's orders leave no room: nothing was written.
        let refusal: DomainError;
        if (result.reason === 'limit') {
          refusal = perCustomerLimit(priced.items.find((line) => line.productId === result.line.productId)?.name ?? `Product ${result.line.productId}`, result.line);
        } else {
          const live = priced.cartId ? await repository.liveOrderOfCart(priced.cartId) : null;
          refusal = live ? cartHasOrder(live) : new DomainError('CONFLICT', 'This cart already has an order; reload it before checking out again');
        }
        await abortReservation(orderId);
        await answerFailure(refusal);
        throw refusal;
      }
      inserted = result;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'CONFLICT') throw error;
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
      carrier: null,
      trackingNumber: null,
      createdAt: inserted.createdAt,
      updatedAt: inserted.createdAt,
    };

    crash('before-payment');
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
    if (!cart) {
      // A cart named by id that an order closed: 409 naming the order, not "no cart" (400).
      const live = cartId ? await repository.liveOrderOfCart(cartId) : null;
      // Only the order's own buyer is told about it (a guest: a guest order; a customer: their own).
      if (live && live.customerId === (customerId ?? null)) throw cartHasOrder(live);
      throw new DomainError('VALIDATION_FAILED', 'There is no open cart to check out');
    }
    return { cartId: cart.cartId, items: mergeLines(cart.items) };
  }

  return { place, openCart, cartLines };
}
