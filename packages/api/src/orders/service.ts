import { randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AuthUser } from '../runtime/auth.js';
import { DomainError, ERROR_TABLE, type DomainErrorCode } from '../runtime/errors.js';
import type { CrashPoint } from './fault.js';
import type { CatalogProduct, ChargeResult, OrdersDependencies } from './dependencies.js';
import { createGuestTokens, guestKeyScope, type GuestTokens } from './guest.js';
import { computeTotals, type PricingRules } from './pricing.js';
import type { IdempotencyAnswer, IdempotencyRow, OrderItemRow, OrderRow, OrdersRepository, OutboxEntry, Transition } from './repository.js';
import { requestHash } from './request-hash.js';
import {
  MAX_LINE_QUANTITY,
  type BestSellersDto,
  type BestSellersInput,
  type CheckoutInput,
  type CreateOrderInput,
  type GuestCheckoutInput,
  type GuestOrderDto,
  type QuoteDto,
  type QuoteInput,
  type ListOrdersInput,
  type OrderDetailDto,
  type OrderDto,
  type OrderPage,
  type OrderSummaryDto,
  type ShippingAddress,
  type UpdateStatusInput,
} from './schemas.js';
import { canTransition, type OrderStatus } from './status.js';

export interface OrdersServiceOptions {
  repo: OrdersRepository;
  deps: OrdersDependencies;
  rules: PricingRules;
  logger: Logger;
  /** Test-only fault injection (see fault.ts). */
  crash?: (point: CrashPoint) => void;
  /** Called after a commit that wrote outbox rows (the relay's kick). */
  onOutbox?: () => void;
  /** How long a retry waits for the same key's in-flight request before answering 409. */
  inFlightWaitMs?: number;
  /** Poll interval while waiting for an in-flight request with the same key. */
  inFlightPollMs?: number;
  /** Guest order access tokens (default: a random secret of this process, fine for tests only). */
  guestTokens?: GuestTokens;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SYSTEM = 'system';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The order as checkout answers it: exactly the issue's fields. */
export function toOrderDto(row: OrderRow): OrderDto {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    items: row.items.map((item) => ({ ...item })),
    subtotal: row.subtotal,
    shipping: row.shipping,
    tax: row.tax,
    total: row.total,
    currency: row.currency,
    payment: { status: row.paymentStatus, intentId: row.paymentIntentId },
    createdAt: row.createdAt,
  };
}

export function toOrderSummary(row: OrderRow): OrderSummaryDto {
  return {
    ...toOrderDto(row),
    customerId: row.customerId,
    guestEmail: row.guestEmail,
    shippingAddress: row.shippingAddress,
    amountRefunded: row.amountRefunded,
    updatedAt: row.updatedAt,
  };
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

function errorBody(error: DomainError) {
  return { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } };
}

/** Failures of a step that retrying with the same key might not repeat (the key is left reusable). */
const isTransient = (error: unknown) => !(error instanceof DomainError) || error.code === 'UNAVAILABLE' || error.code === 'INTERNAL';

type KeyRef = { customerId: string; key: string };
type EventRef = { id: string; type: string };
/** A settlement's result: the order as it is now, and whether this call changed it (and wrote its answers). */
interface Settled {
  order: OrderRow;
  changed: boolean;
}

/** Who places an order: a signed-in customer, or a guest (keys scoped per cart, no customer id). */
interface Buyer {
  /** The idempotency_keys scope: the customer id, or the guest cart's derived UUID (guest.ts). */
  keyScope: string;
  customerId: string | null;
  email: string;
  guestEmail: string | null;
  /** The history actor of the order's creation: the user id, or "guest". */
  actor: string;
}

const customerBuyer = (user: AuthUser): Buyer => ({ keyScope: user.id, customerId: user.id, email: user.email, guestEmail: null, actor: user.id });

interface PlaceOrder {
  buyer: Buyer;
  key: string;
  hash: string;
  shippingAddress: ShippingAddress;
  paymentMethod: string;
  /** The lines to order, merged (see mergeLines). */
  lines: () => Promise<{ cartId: string | null; items: { productId: string; quantity: number }[] }>;
}

export function createOrdersService(options: OrdersServiceOptions) {
  const { repo, deps, rules, logger } = options;
  const crash = options.crash ?? (() => undefined);
  const kick = options.onOutbox ?? (() => undefined);
  const inFlightWaitMs = options.inFlightWaitMs ?? 30_000;
  const inFlightPollMs = options.inFlightPollMs ?? 25;
  const guestTokens = options.guestTokens ?? createGuestTokens(randomBytes(32).toString('base64url'));

  const statusChanged = (order: Pick<OrderRow, 'id' | 'number' | 'customerId'>, from: OrderStatus, to: OrderStatus, actor: string): OutboxEntry => ({
    type: 'orders.status_changed',
    payload: { orderId: order.id, number: order.number, customerId: order.customerId, from, to, actor },
  });

  /**
   * Orders this process settled lately (id → status), newest last: the payment event that follows
   * every checkout is acknowledged from here without a query. Only ever a hint: a miss reads the row.
   */
  const settled = new Map<string, OrderStatus>();
  const remember = (orderId: string, status: OrderStatus) => {
    settled.delete(orderId);
    settled.set(orderId, status);
    if (settled.size > 10_000) settled.delete(settled.keys().next().value as string);
  };

  /**
   * Work of this process on an order that may settle it (a checkout after taking its key, a recovery
   * step, an admin change): order id → resolves when all of it has ended, however it ended.
   */
  const inFlight = new Map<string, Promise<unknown>>();
  function track<T>(orderId: string, work: () => Promise<T>): Promise<T> {
    const running = work();
    const ended = running.then(
      () => undefined,
      () => undefined,
    );
    const previous = inFlight.get(orderId);
    const all = previous ? Promise.all([previous, ended]) : ended;
    inFlight.set(orderId, all);
    void all.then(() => {
      if (inFlight.get(orderId) === all) inFlight.delete(orderId);
    });
    return running;
  }
  /** The checkout's answer body, built once for the key's stored answer and the response. */
  const answers = new WeakMap<OrderRow, OrderDto>();
  const dtoOf = (row: OrderRow): OrderDto => {
    let dto = answers.get(row);
    if (!dto) {
      dto = toOrderDto(row);
      answers.set(row, dto);
    }
    return dto;
  };

  async function transition(order: OrderRow, change: Transition, tx?: { transition(change: Transition): Promise<boolean> }): Promise<boolean> {
    const from = order.status;
    const events = [statusChanged(order, from, change.to, change.actor), ...(change.events ?? [])];
    const changed = tx ? await tx.transition({ ...change, events }) : await repo.transition(order.id, { ...change, events });
    // Checkout's own settlements leave their events to the relay's next poll (it batches them:
    // a relay run per order would cost more round trips than the checkout itself).
    if (changed && !change.idempotency) kick();
    // Only committed changes are hints (a transaction's change is not, until it commits).
    if (changed && !tx) remember(order.id, change.to);
    return changed;
  }

  /**
   * Who learns the outcome in the same statement as the change: the checkout's own key, or (when
   * the payment events or the recovery loop settle the order) every key still waiting on the order,
   * plus the consumed event's dedupe row.
   */
  const answering = (key: KeyRef | undefined, event: EventRef | undefined, state: 'completed' | 'failed', status: number, body: unknown) => ({
    ...(key ? { idempotency: { ...key, state, status, body } } : { openKeys: { state, status, body } }),
    ...(event ? { processedEvent: event } : {}),
  });

  const paidEvent = (order: OrderRow, intentId: string | null): OutboxEntry => ({
    type: 'orders.order_paid',
    payload: { orderId: order.id, number: order.number, customerId: order.customerId, total: order.total, currency: order.currency, intentId },
  });

  // ---------------------------------------------------------------------------------------------
  // Settling a payment outcome (shared by the saga, the payment events and the recovery loop)

  /**
   * The payment succeeded: take the stock for good, then mark the order paid. If the
   * reservation expired and the stock is gone, the money goes back and the order is cancelled:
   * no order stays paid without stock. Works from pending_payment; a no-op otherwise.
   */
  async function settleSucceeded(order: OrderRow, payment: { intentId: string | null }, actor: string, key?: KeyRef, event?: EventRef): Promise<Settled> {
    let stockState: 'committed' | 'reserved' = 'committed';
    try {
      await deps.stock.commit(order.id);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'INSUFFICIENT_STOCK') return refundForMissingStock(order, payment, actor, key, event);
      // Inventory unreachable: the order is paid, recovery commits the reservation later.
      logger.warn({ err: error, orderId: order.id }, 'stock commit failed; recovery will retry');
      stockState = 'reserved';
    }
    const paid: OrderRow = { ...order, status: 'paid', paymentStatus: 'succeeded', paymentIntentId: payment.intentId ?? order.paymentIntentId, stockState };
    const changed = await transition(order, {
      from: ['pending_payment'],
      to: 'paid',
      actor,
      note: 'payment succeeded',
      paymentStatus: 'succeeded',
      paymentIntentId: payment.intentId,
      stockState,
      events: [paidEvent(order, payment.intentId)],
      ...answering(key, event, 'completed', 201, dtoOf(paid)),
    });
    if (!changed) return { order: await reloadAfterLostRace(order.id, actor), changed: false };
    if (order.cartId) {
      await deps.carts.markCheckedOut({ cartId: order.cartId, orderId: order.id }).catch((error: unknown) => {
        logger.warn({ err: error, orderId: order.id, cartId: order.cartId }, 'could not close the cart after checkout');
      });
    }
    return { order: paid, changed: true };
  }

  /** Someone else moved the order first. If it ended failed/cancelled while the money was taken, give it back. */
  async function reloadAfterLostRace(orderId: string, actor: string): Promise<OrderRow> {
    const current = await repo.findOrder(orderId);
    if (!current) throw new Error(`order ${orderId} vanished`);
    if (current.status === 'payment_failed' || current.status === 'cancelled') await refundUnwanted(current, actor, 'order no longer payable');
    return current;
  }

  async function refundForMissingStock(order: OrderRow, payment: { intentId: string | null }, actor: string, key?: KeyRef, event?: EventRef): Promise<Settled> {
    const refund = await deps.payments.refund({ orderId: order.id, reason: 'requested_by_customer' });
    const cancelled: OrderRow = { ...order, status: 'cancelled', paymentStatus: 'refunded', amountRefunded: refund.amountRefunded, stockState: 'released' };
    const failure = new DomainError('INSUFFICIENT_STOCK', 'The stock reserved for this order ran out before the payment completed; the payment was refunded', {
      order: toOrderDto(cancelled),
    });
    const changed = await transition(order, {
      from: ['pending_payment', 'paid'],
      to: 'cancelled',
      actor,
      note: 'stock no longer available after payment; refunded in full',
      paymentStatus: 'refunded',
      paymentIntentId: payment.intentId,
      stockState: 'released',
      amountRefunded: refund.amountRefunded,
      ...answering(key, event, 'failed', 409, errorBody(failure)),
    });
    if (key) throw failure;
    return { order: cancelled, changed };
  }

  /** The payment failed: release the stock, then mark the order payment_failed. */
  async function settleFailed(
    order: OrderRow,
    payment: { intentId: string | null; declineCode: string | null; message: string | null; canceled?: boolean },
    actor: string,
    key?: KeyRef,
    event?: EventRef,
  ): Promise<Settled & { error: DomainError }> {
    let stockState: 'released' | 'reserved' = 'released';
    try {
      await deps.stock.release(order.id, 'payment_failed');
    } catch (error) {
      logger.warn({ err: error, orderId: order.id }, 'stock release failed; recovery will retry');
      stockState = 'reserved';
    }
    const to: OrderStatus = payment.canceled ? 'cancelled' : 'payment_failed';
    const failed: OrderRow = { ...order, status: to, paymentStatus: payment.canceled ? 'canceled' : 'failed', paymentIntentId: payment.intentId ?? order.paymentIntentId, stockState };
    const error = new DomainError('PAYMENT_DECLINED', payment.message ? `Payment declined: ${payment.message}` : 'Payment declined', {
      declineCode: payment.declineCode,
      order: toOrderDto(failed),
    });
    const changed = await transition(order, {
      from: ['pending_payment'],
      to,
      actor,
      note: payment.declineCode ? `payment failed (${payment.declineCode})` : payment.canceled ? 'payment canceled' : 'payment failed',
      paymentStatus: failed.paymentStatus,
      paymentIntentId: payment.intentId,
      stockState,
      ...answering(key, event, 'failed', 402, errorBody(error)),
    });
    return { order: changed ? failed : ((await repo.findOrder(order.id)) ?? failed), changed, error };
  }

  /** Money was captured for an order that will not ship (cancelled, failed, or unknown): refund what remains. */
  async function refundUnwanted(order: OrderRow | null, actor: string, reason: string, orderId?: string): Promise<void> {
    const id = order?.id ?? orderId;
    if (!id) return;
    try {
      const refund = await deps.payments.refund({ orderId: id, reason: 'requested_by_customer' });
      if (order) await repo.setAmountRefunded(order.id, refund.amountRefunded, 'refunded');
      logger.info({ orderId: id, actor, reason, amount: refund.amount }, 'refunded a payment for an order that will not ship');
    } catch (error) {
      // Already refunded in full (VALIDATION_FAILED) or nothing captured (INVALID_STATE): nothing to give back.
      if (error instanceof DomainError && (error.code === 'VALIDATION_FAILED' || error.code === 'INVALID_STATE')) return;
      throw error;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The checkout saga

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
      current = await repo.findKey(row.customerId, row.key);
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
    const existing = await repo.claimKey(buyer.keyScope, key, hash, orderId);
    if (existing) return replay(existing, hash, key);
    return track(orderId, () => run(request, orderId, pricing));
  }

  /** The saga once the key is ours. */
  async function run(request: PlaceOrder, orderId: string, pricing: Promise<{ cartId: string | null; items: OrderItemRow[] }>): Promise<OrderDto> {
    const { buyer, key } = request;
    const keyRef = { customerId: buyer.keyScope, key };
    const answerFailure = (error: DomainError) => repo.answerKey({ ...keyRef, state: 'failed', status: ERROR_TABLE[error.code].http, body: errorBody(error) });

    // 1. lines → prices (catalog) → totals → reservation. Nothing is persisted but the key yet.
    let priced: { cartId: string | null; items: OrderItemRow[] };
    let reserved = false;
    try {
      priced = await pricing;
      reserved = true; // from here a reservation may exist (reserve is idempotent on the order id)
      await deps.stock.reserve(orderId, priced.items.map((line) => ({ sku: line.sku, quantity: line.quantity })));
    } catch (error) {
      if (isTransient(error)) {
        if (reserved) await deps.stock.release(orderId, 'checkout_aborted').catch(() => undefined);
        // No answer stored: the same request may take the key over (the recovery loop also releases).
        await repo.answerKey({ ...keyRef, state: 'failed', status: null, body: null }).catch(() => undefined);
      } else {
        await answerFailure(error as DomainError);
      }
      throw error;
    }

    // 2. the order, pending payment (lines, history and order_created in one statement)
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
      // order_created goes out with the next relay run (kicked after the payment settles).
      inserted = await repo.insertOrder(newOrder, buyer.actor);
    } catch (error) {
      await deps.stock.release(orderId, 'checkout_aborted').catch(() => undefined);
      await repo.answerKey({ ...keyRef, state: 'failed', status: null, body: null }).catch(() => undefined);
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
    if (charge.status === 'succeeded') return dtoOf((await settleSucceeded(order, charge, SYSTEM, keyRef)).order);
    if (charge.status === 'failed') throw (await settleFailed(order, charge, SYSTEM, keyRef)).error;
    // requires_action / processing: still pending; the webhook or the recovery loop finishes it.
    const pending = toOrderDto({ ...order, paymentStatus: charge.status, paymentIntentId: charge.intentId, sagaStep: 'payment_pending' });
    await repo.recordPayment(orderId, { paymentStatus: charge.status, paymentIntentId: charge.intentId, sagaStep: 'payment_pending' }, {
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

  /** Whether a quote counts this line: what the cart's subtotal counts (active, in stock, enough units). */
  function buyable(product: CatalogProduct | undefined, quantity: number): product is CatalogProduct {
    if (!product || product.status !== 'active' || product.currency !== 'USD') return false;
    if (product.inStock === false) return false;
    return product.available === undefined || product.available >= quantity;
  }

  function requireKey(key: string | null | undefined): string {
    const value = key?.trim();
    if (!value) throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key header is required: a unique value per order (e.g. a UUID), reused only to retry the same request');
    if (value.length > 255 || !/^[\x21-\x7e]+$/.test(value)) {
      throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key must be 1–255 printable ASCII characters without spaces');
    }
    return value;
  }

  // ---------------------------------------------------------------------------------------------
  // Reads

  /** The order and its history in one read; someone else's order is indistinguishable from a missing one (no IDOR oracle). */
  async function visibleDetail(user: AuthUser, id: string): Promise<OrderDetailDto> {
    const order = UUID.test(id) ? await repo.findOrderDetail(id) : null;
    if (!order || (user.role !== 'admin' && order.customerId !== user.id)) throw new DomainError('NOT_FOUND', `Order ${id} not found`);
    return { ...toOrderSummary(order), statusHistory: order.statusHistory };
  }

  function parseBound(value: string | undefined, name: string, endOfDay: boolean): Date | null {
    if (!value) return null;
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
    const date = new Date(dateOnly ? `${value}T00:00:00.000Z` : value);
    if (Number.isNaN(date.getTime())) throw new DomainError('VALIDATION_FAILED', `${name}: expected an ISO date or timestamp`);
    if (endOfDay) return new Date(date.getTime() + (dateOnly ? 86_400_000 : 1));
    return date;
  }

  // ---------------------------------------------------------------------------------------------
  // Admin status changes

  async function changeStatus(actor: AuthUser, input: UpdateStatusInput): Promise<OrderDetailDto> {
    if (actor.role !== 'admin') throw new DomainError('FORBIDDEN', 'This operation requires the admin role');
    if (!UUID.test(input.id)) throw new DomainError('NOT_FOUND', `Order ${input.id} not found`);
    const to = input.status;
    if (input.amount !== undefined && to !== 'partially_refunded') {
      throw new DomainError('VALIDATION_FAILED', 'amount: only allowed with status "partially_refunded" (refunded and cancelled refund the whole remaining amount)');
    }
    if (to === 'partially_refunded' && input.amount === undefined) {
      throw new DomainError('VALIDATION_FAILED', 'amount: required with status "partially_refunded" (cents to refund)');
    }
    const note = input.note ?? null;
    // Tracked: the payment event its own cancel causes waits for it instead of racing it.
    await track(input.id, () => repo.withLockedOrder(input.id, async (order, tx) => {
      if (!order) throw new DomainError('NOT_FOUND', `Order ${input.id} not found`);
      const from = order.status;
      if (!canTransition(from, to)) {
        throw new DomainError('INVALID_STATE', `Order ${order.number} cannot change from ${from} to ${to}`, { from, to });
      }
      const remaining = order.total - order.amountRefunded;
      const captured = order.paymentStatus === 'succeeded' || order.paymentStatus === 'refunded' || order.paymentStatus === 'partially_refunded';
      const change: Transition = { from: [from], to, actor: actor.id, note };

      if (from === 'pending_payment') {
        if (to === 'paid') {
          // An operator confirms a payment taken outside the checkout (the stock is taken now).
          await deps.stock.commit(order.id);
          change.stockState = 'committed';
          change.events = [paidEvent(order, order.paymentIntentId)];
        } else {
          // Cancels the intent, or makes payments refuse a charge still on its way (a late success is refunded).
          await deps.payments.cancel(order.id);
          await deps.stock.release(order.id, to === 'cancelled' ? 'order_cancelled' : 'payment_failed');
          change.stockState = 'released';
          change.paymentStatus = 'canceled';
        }
      } else if (to === 'cancelled' || to === 'refunded') {
        if (captured && remaining > 0) {
          const refund = await deps.payments.refund({ orderId: order.id, amount: remaining, reason: 'requested_by_customer' });
          change.amountRefunded = refund.amountRefunded;
          change.paymentStatus = 'refunded';
        } else if (!captured) {
          change.amountRefunded = order.total; // nothing captured through payments: nothing is owed
        }
        const shipped = from === 'fulfilled' || from === 'delivered' || (from === 'partially_refunded' && (await repo.wasFulfilled(order.id)));
        if (!shipped) {
          if (order.stockState === 'committed') {
            await deps.stock.restock(order.id, to === 'cancelled' ? 'order_cancelled' : 'order_refunded');
            change.stockState = 'returned';
          } else if (order.stockState === 'reserved') {
            await deps.stock.release(order.id, 'order_cancelled');
            change.stockState = 'released';
          }
        }
      } else if (to === 'partially_refunded') {
        const amount = input.amount ?? 0;
        if (amount > remaining) {
          throw new DomainError('VALIDATION_FAILED', `amount: ${amount} exceeds the refundable ${remaining} cents of order ${order.number}`, {
            amount,
            refundable: remaining,
          });
        }
        if (captured) {
          const refund = await deps.payments.refund({ orderId: order.id, amount, reason: 'requested_by_customer' });
          change.amountRefunded = refund.amountRefunded;
        } else {
          change.amountRefunded = order.amountRefunded + amount;
        }
        change.paymentStatus = 'partially_refunded';
        // Refunding the last cent is a full refund.
        if ((change.amountRefunded ?? 0) >= order.total) {
          change.to = 'refunded';
          change.paymentStatus = 'refunded';
        }
      }
      const changed = await transition(order, change, tx);
      if (!changed) throw new DomainError('CONFLICT', `Order ${order.number} changed meanwhile; reload it and try again`);
    }));
    return visibleDetail(actor, input.id);
  }

  return {
    /** POST /orders: the items are in the request. */
    async create(user: AuthUser, input: CreateOrderInput, idempotencyKey: string | null): Promise<OrderDto> {
      const key = requireKey(idempotencyKey);
      const items = mergeLines(input.items);
      return place({
        buyer: customerBuyer(user),
        key,
        hash: requestHash({ kind: 'order', items, shippingAddress: input.shippingAddress, paymentMethod: input.paymentMethod }),
        shippingAddress: input.shippingAddress,
        paymentMethod: input.paymentMethod,
        lines: () => Promise.resolve({ cartId: null, items }),
      });
    },

    /** tRPC checkout: the items come from the caller's cart (or the given guest cart). */
    async checkout(user: AuthUser, input: CheckoutInput, headerKey: string | null): Promise<OrderDto> {
      const key = requireKey(input.idempotencyKey ?? headerKey);
      return place({
        buyer: customerBuyer(user),
        key,
        hash: requestHash({ kind: 'checkout', cartId: input.cartId ?? null, shippingAddress: input.shippingAddress, paymentMethod: input.paymentMethod }),
        shippingAddress: input.shippingAddress,
        paymentMethod: input.paymentMethod,
        lines: () => cartLines(input.cartId, user.id),
      });
    },

    /**
     * Checkout without an account: the guest cart `cartId` (a customer's cart is 404), the buyer's
     * e-mail on the order, no customer id. Keys are scoped per cart. The answer adds the order's
     * guest access token (an HMAC of the order id: a replay answers the same one). Signed-in
     * callers use `checkout` (400 here), so an order never silently belongs to nobody.
     */
    async guestCheckout(user: AuthUser | null, input: GuestCheckoutInput, headerKey: string | null): Promise<GuestOrderDto> {
      if (user) throw new DomainError('VALIDATION_FAILED', 'Signed in: use orders.checkout (POST /orders/checkout) to order as a customer');
      const key = requireKey(input.idempotencyKey ?? headerKey);
      const order = await place({
        buyer: { keyScope: guestKeyScope(input.cartId), customerId: null, email: input.email, guestEmail: input.email, actor: 'guest' },
        key,
        hash: requestHash({
          kind: 'guest-checkout',
          cartId: input.cartId,
          email: input.email,
          shippingAddress: input.shippingAddress,
          paymentMethod: input.paymentMethod,
        }),
        shippingAddress: input.shippingAddress,
        paymentMethod: input.paymentMethod,
        lines: () => cartLines(input.cartId, undefined),
      });
      return { ...order, guestAccessToken: guestTokens.issue(order.id) };
    },

    /** A guest order read with its access token; anything else (wrong token, a customer's order, unknown) is 404. */
    async guestGet(id: string, accessToken: string): Promise<OrderDetailDto> {
      const valid = UUID.test(id) && guestTokens.verify(id, accessToken);
      const order = valid ? await repo.findOrderDetail(id) : null;
      if (!order || order.customerId !== null || order.guestEmail === null) throw new DomainError('NOT_FOUND', `Order ${id} not found`);
      return { ...toOrderSummary(order), statusHistory: order.statusHistory };
    },

    /**
     * Totals before paying, priced like checkout (catalog prices, pricing.ts rules) over the lines
     * the cart's subtotal counts (lines with an issue are left out). No cart or an empty one: zeros.
     */
    async quote(user: AuthUser | null, input: QuoteInput): Promise<QuoteDto> {
      const country = input.country;
      const empty: QuoteDto = { subtotal: 0, shipping: 0, tax: 0, total: 0, currency: 'USD', itemCount: 0, freeShippingThreshold: rules.freeShippingThresholdCents, country };
      if (!user && !input.cartId) throw new DomainError('VALIDATION_FAILED', 'cartId: required for guests');
      const cart = await openCart(input.cartId, user?.id);
      if (!cart) {
        // A named cart that is gone is 404; a signed-in customer without an open cart has an empty one.
        if (input.cartId) throw new DomainError('NOT_FOUND', 'Cart not found');
        return empty;
      }
      const items = mergeLines(cart.items);
      if (items.length === 0) return empty;
      const products = new Map((await deps.pricing.productsByIds(items.map((item) => item.productId))).map((p) => [p.id, p]));
      const lines: { unitPrice: number; quantity: number }[] = [];
      for (const { productId, quantity } of items) {
        const product = products.get(productId);
        if (buyable(product, quantity)) lines.push({ unitPrice: product.priceAmount, quantity });
      }
      if (lines.length === 0) return empty;
      return {
        ...computeTotals(lines, country, rules),
        currency: 'USD',
        itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
        freeShippingThreshold: rules.freeShippingThresholdCents,
        country,
      };
    },

    /** Units sold per product in paid/fulfilled/delivered orders of the last `days` days. */
    async bestSellers(input: BestSellersInput): Promise<BestSellersDto> {
      return { items: await repo.bestSellers(input.days, input.limit) };
    },

    async get(user: AuthUser, id: string): Promise<OrderDetailDto> {
      return visibleDetail(user, id);
    },

    async list(user: AuthUser, input: ListOrdersInput): Promise<OrderPage> {
      const admin = user.role === 'admin';
      let after: { createdAt: string; id: string } | null = null;
      if (input.cursor) {
        try {
          const [createdAt, id] = JSON.parse(Buffer.from(input.cursor, 'base64url').toString('utf8')) as [string, string];
          if (typeof createdAt !== 'string' || typeof id !== 'string' || !UUID.test(id) || Number.isNaN(Date.parse(createdAt))) throw new Error('bad');
          after = { createdAt, id };
        } catch {
          throw new DomainError('VALIDATION_FAILED', 'cursor: not a cursor this endpoint returned');
        }
      }
      const rows = await repo.list({
        customerId: admin ? (input.customerId ?? null) : user.id,
        status: input.status ?? null, // anyone may narrow by status (customers within their own orders)
        from: parseBound(input.from, 'from', false),
        toExclusive: parseBound(input.to, 'to', true),
        after,
        take: input.limit + 1,
      });
      const page = rows.slice(0, input.limit);
      const last = page[page.length - 1];
      const nextCursor = rows.length > input.limit && last ? Buffer.from(JSON.stringify([last.createdAt, last.id])).toString('base64url') : null;
      return { items: page.map(toOrderSummary), nextCursor };
    },

    updateStatus: changeStatus,

    // Used by the payment events consumer and the recovery loop (recovery.ts).
    settleSucceeded,
    settleFailed,
    refundUnwanted,
    findOrder: (id: string) => repo.findOrder(id),
    /** The status this process last gave the order, if it did lately (a hint, see `settled`). */
    recentStatus: (id: string): OrderStatus | undefined => settled.get(id),
    /**
     * Resolves once this process's work on the order (a checkout, a recovery step, an admin change;
     * whatever is running now) has ended, however it ended.
     */
    settledHere: async (id: string): Promise<void> => {
      await inFlight.get(id);
    },
    track,
    transition,
  };
}

export type OrdersService = ReturnType<typeof createOrdersService>;
export type { IdempotencyAnswer };
