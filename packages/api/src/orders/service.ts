import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { requirePermission, type AuthUser } from '../runtime/auth.js';
import { DomainError } from '../runtime/errors.js';
import { buyable, createCheckout, customerBuyer, guestCustomerKey, mergeLines, requireKey, type CheckoutRateLimit } from './checkout/place.js';
import { createSettlement, type CheckoutSaga } from './checkout/settle.js';
import type { DiscountRequest, OrdersDependencies, Pricing } from './clients.js';
import { discountLine, orderDiscountsOf } from './discounts.js';
import { UUID, toOrderSummary } from './dto.js';
import type { CrashPoint } from './fault.js';
import { createGuestTokens, guestKeyScope, type GuestTokens } from './guest.js';
import { computeTotals, shippingFor, subtotalOf, type PricingRules } from './pricing.js';
import type { OrdersRepository } from './repository.js';
import { requestHash } from './request-hash.js';
import type {
  BestSellersDto,
  BestSellersInput,
  CheckoutInput,
  CreateOrderInput,
  ExportOrdersInput,
  GuestCheckoutInput,
  GuestOrderDto,
  ListOrdersInput,
  OrderDetailDto,
  OrderDto,
  OrderExportPage,
  OrderPage,
  OrderSalesSummaryDto,
  OrderSearchPage,
  QuoteDto,
  QuoteInput,
  SaleFailedInput,
  SearchOrdersInput,
  SummaryInput,
  UpdateStatusInput,
} from './schemas.js';
import { staticStoreSettings, type StoreSettingsDto, type StoreSettingsStore, type PublicStoreSettingsDto, type UpdateStoreSettingsInput } from './settings.js';
import { addDays, daysInRange, isCalendarDate, todayIn } from './store-dates.js';
import type { SearchBound } from './repository.js';
import { decodeExportCursor, encodeExportCursor } from './export-cursor.js';
import { createStatusChanges } from './status-changes.js';

export { toOrderDto, toOrderSummary } from './dto.js';
export { mergeLines } from './checkout/place.js';

export interface OrdersServiceOptions {
  repository: OrdersRepository;
  deps: OrdersDependencies;
  /** The environment's shipping and tax rules: the defaults of the store settings (used as they are without `settings`). */
  rules: PricingRules;
  /** The store settings (settings.ts; the module passes the database-backed, cached store). Default: `rules`, `storeTimeZone` and `storeName`, fixed. */
  settings?: StoreSettingsStore;
  /** STORE_NAME: the default store name. */
  storeName?: string;
  logger: Logger;
  /** Test-only fault injection (see fault.ts). */
  crash?: (point: CrashPoint) => void;
  /** Called after a commit that wrote outbox rows (the relay's kick). */
  outboxWritten?: () => void;
  /** How long a retry waits for the same key's in-flight request before answering 409. */
  inFlightWaitMs?: number;
  /** Poll interval while waiting for an in-flight request with the same key. */
  inFlightPollMs?: number;
  /**
   * A checkout that gave up after a reservation may have been made (a timed-out `reserve`, or the
   * order could not be written) releases it at once and once more after this long: a timed-out
   * reserve may still land after the first release. 0 (the default here; the module sets it) = no second release.
   */
  releaseAgainAfterMs?: number;
  /** Guest order access tokens (default: a random secret of this process, fine for tests only). */
  guestTokens?: GuestTokens;
  /** Where checkout reads product prices and limits (default deps.pricing; the module passes the feed-revalidated cache, catalog-prices.ts). */
  prices?: Pricing;
  /** The per-customer checkout rate limit (default: none; the module passes ORDERS_CHECKOUT_RATE_*). */
  checkoutRateLimit?: CheckoutRateLimit | null;
  /** STORE_TIMEZONE: the zone of the admin's store-local dates (default America/New_York). */
  storeTimeZone?: string;
  /** The time it is (tests pin "today"). */
  now?: () => Date;
}

/** The longest range the sales summary covers, in days. */
export const MAX_SUMMARY_DAYS = 366;
/** The default range of the sales summary: this many days, ending today. */
export const DEFAULT_SUMMARY_DAYS = 30;
/** How many of the newest orders the summary lists. */
const LATEST_ORDERS = 10;

/** What the router calls: placing orders (the saga), quotes, reads and admin status changes. */
export interface OrdersService {
  create(user: AuthUser, input: CreateOrderInput, idempotencyKey: string | null): Promise<OrderDto>;
  checkout(user: AuthUser, input: CheckoutInput, headerKey: string | null): Promise<OrderDto>;
  guestCheckout(user: AuthUser | null, input: GuestCheckoutInput, headerKey: string | null): Promise<GuestOrderDto>;
  guestGet(id: string, accessToken: string): Promise<OrderDetailDto>;
  quote(user: AuthUser | null, input: QuoteInput): Promise<QuoteDto>;
  bestSellers(input: BestSellersInput): Promise<BestSellersDto>;
  get(user: AuthUser, id: string): Promise<OrderDetailDto>;
  list(user: AuthUser, input: ListOrdersInput): Promise<OrderPage>;
  updateStatus(actor: AuthUser, input: UpdateStatusInput): Promise<OrderDetailDto>;
  /** The admin's order list: filters, sort and numbered pages (staff). */
  search(user: AuthUser, input: SearchOrdersInput): Promise<OrderSearchPage>;
  /** The admin's CSV export: the search's filters and sort in keyset pages (staff). */
  exportPage(user: AuthUser, input: ExportOrdersInput): Promise<OrderExportPage>;
  /** The admin dashboard's sales summary (staff). */
  summary(user: AuthUser, input: SummaryInput): Promise<OrderSalesSummaryDto>;
  /** The store settings (settings:read). */
  settings(user: AuthUser): Promise<StoreSettingsDto>;
  /** Saves the store settings (settings:write; 409 when someone saved since `version`). */
  updateSettings(user: AuthUser, input: UpdateStoreSettingsInput): Promise<StoreSettingsDto>;
  /** What anyone may read of the settings: the store name. */
  publicSettings(): Promise<PublicStoreSettingsDto>;
  /** Inventory could not take a paid order's sale: refund and cancel it (internal). */
  saleFailed(input: SaleFailedInput): Promise<void>;
}

/**
 * The orders service (what the router sees) and, in the same object, the checkout saga's
 * settlements (what the payment events and recovery see: checkout/settle.ts).
 */
export function createOrdersService(options: OrdersServiceOptions): OrdersService & CheckoutSaga {
  const { repository, deps, logger } = options;
  const storeSettings =
    options.settings ?? staticStoreSettings({ storeName: options.storeName ?? 'OmniCart', timeZone: options.storeTimeZone ?? 'America/New_York', rules: options.rules });
  const rules = async (): Promise<PricingRules> => (await storeSettings.current()).rules;
  const storeTimeZone = async (): Promise<string> => (await storeSettings.current()).settings.timeZone;
  const now = options.now ?? (() => new Date());
  const guestTokens = options.guestTokens ?? createGuestTokens(randomBytes(32).toString('base64url'));
  const saga = createSettlement({ repository, deps, logger, outboxWritten: options.outboxWritten ?? (() => undefined) });
  const checkout = createCheckout({
    repository,
    deps,
    rules,
    logger,
    saga,
    crash: options.crash ?? (() => undefined),
    inFlightWaitMs: options.inFlightWaitMs ?? 30_000,
    inFlightPollMs: options.inFlightPollMs ?? 25,
    releaseAgainAfterMs: options.releaseAgainAfterMs ?? 0,
    rateLimit: options.checkoutRateLimit ?? null,
    prices: options.prices ?? deps.pricing,
  });

  /** The order and its history in one read; someone else's order is indistinguishable from a missing one (no IDOR oracle). */
  async function visibleDetail(user: AuthUser, id: string): Promise<OrderDetailDto> {
    const order = UUID.test(id) ? await repository.findOrderDetail(id) : null;
    if (!order || (!user.permissions.includes('orders:read') && order.customerId !== user.id)) throw new DomainError('NOT_FOUND', `Order ${id} not found`);
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

  /** A search bound: a store-local day (YYYY-MM-DD) or an instant (an ISO timestamp). */
  function searchBound(value: string | undefined, name: string): SearchBound | null {
    if (value === undefined || value.trim() === '') return null;
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      if (!isCalendarDate(value)) throw new DomainError('VALIDATION_FAILED', `${name}: ${value} is not a calendar date`);
      return { date: value };
    }
    const instant = /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : null;
    if (!instant || Number.isNaN(instant.getTime())) {
      throw new DomainError('VALIDATION_FAILED', `${name}: expected a date YYYY-MM-DD (a store-local day) or an ISO timestamp such as 2026-12-01T09:30:00Z`);
    }
    return { instant };
  }

  /**
   * The admin list's filters as the repository takes them (search and export share them). `from`/`to`
   * are days in the store's zone (`to` covers its whole day) or instants; sorts are total orders
   * (ties by time, then id).
   */
  async function searchFilter(input: Omit<SearchOrdersInput, 'page' | 'pageSize'>) {
    const from = searchBound(input.from, 'from');
    const to = searchBound(input.to, 'to');
    if (from && to && ('date' in from) === ('date' in to)) {
      const after = 'date' in from && 'date' in to ? from.date > to.date : 'instant' in from && 'instant' in to && from.instant > to.instant;
      if (after) throw new DomainError('VALIDATION_FAILED', `from: ${input.from} is after to (${input.to})`);
    }
    if (input.minTotal !== undefined && input.maxTotal !== undefined && input.minTotal > input.maxTotal) {
      throw new DomainError('VALIDATION_FAILED', `minTotal: ${input.minTotal} is more than maxTotal (${input.maxTotal})`);
    }
    return {
      timeZone: await storeTimeZone(),
      q: input.q ? input.q : null,
      status: input.status ?? null,
      customerId: input.customerId ?? null,
      from,
      to,
      minTotal: input.minTotal ?? null,
      maxTotal: input.maxTotal ?? null,
      sort: input.sort,
    };
  }

  const statusChanges = createStatusChanges({ repository, deps, saga, detail: visibleDetail });

  const service: OrdersService = {
    /** POST /orders: the items are in the request. */
    async create(user: AuthUser, input: CreateOrderInput, idempotencyKey: string | null): Promise<OrderDto> {
      const key = requireKey(idempotencyKey);
      const items = mergeLines(input.items);
      return checkout.place({
        buyer: customerBuyer(user),
        key,
        hash: requestHash({ kind: 'order', items, shippingAddress: input.shippingAddress, paymentMethod: input.paymentMethod, code: input.code }),
        shippingAddress: input.shippingAddress,
        paymentMethod: input.paymentMethod,
        code: input.code,
        lines: () => Promise.resolve({ cartId: null, items }),
      });
    },

    /** tRPC checkout: the items come from the caller's cart (or the given guest cart). */
    async checkout(user: AuthUser, input: CheckoutInput, headerKey: string | null): Promise<OrderDto> {
      const key = requireKey(input.idempotencyKey ?? headerKey);
      return checkout.place({
        buyer: customerBuyer(user),
        key,
        hash: requestHash({ kind: 'checkout', cartId: input.cartId ?? null, shippingAddress: input.shippingAddress, paymentMethod: input.paymentMethod, code: input.code }),
        shippingAddress: input.shippingAddress,
        paymentMethod: input.paymentMethod,
        code: input.code,
        lines: () => checkout.cartLines(input.cartId, user.id),
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
      const order = await checkout.place({
        buyer: {
          keyScope: guestKeyScope(input.cartId),
          customerId: null,
          email: input.email,
          guestEmail: input.email,
          actor: 'guest',
          customerKey: guestCustomerKey(input.email),
        },
        key,
        hash: requestHash({
          kind: 'guest-checkout',
          cartId: input.cartId,
          email: input.email,
          shippingAddress: input.shippingAddress,
          paymentMethod: input.paymentMethod,
          code: input.code,
        }),
        shippingAddress: input.shippingAddress,
        paymentMethod: input.paymentMethod,
        code: input.code,
        lines: () => checkout.cartLines(input.cartId, undefined),
      });
      return { ...order, guestAccessToken: guestTokens.issue(order.id) };
    },

    /** A guest order read with its access token; anything else (wrong token, a customer's order, unknown) is 404. */
    async guestGet(id: string, accessToken: string): Promise<OrderDetailDto> {
      const valid = UUID.test(id) && guestTokens.verify(id, accessToken);
      const order = valid ? await repository.findOrderDetail(id) : null;
      if (!order || order.customerId !== null || order.guestEmail === null) throw new DomainError('NOT_FOUND', `Order ${id} not found`);
      return { ...toOrderSummary(order), statusHistory: order.statusHistory };
    },

    /**
     * Totals before paying, priced like checkout (catalog prices, pricing.ts rules) over the lines
     * the cart's subtotal counts (lines with an issue are left out). No cart or an empty one: zeros.
     */
    async quote(user: AuthUser | null, input: QuoteInput): Promise<QuoteDto> {
      const country = input.country;
      const { rules } = await storeSettings.current();
      const empty: QuoteDto = {
        subtotal: 0,
        discount: 0,
        discounts: [],
        lines: [],
        codeRefusal: null,
        shipping: 0,
        tax: 0,
        total: 0,
        currency: 'USD',
        itemCount: 0,
        freeShippingThreshold: rules.freeShippingThresholdCents,
        country,
      };
      if (!user && !input.cartId) throw new DomainError('VALIDATION_FAILED', 'cartId: required for guests');
      const cart = await checkout.openCart(input.cartId, user?.id);
      if (!cart) {
        // A named cart that is gone is 404; a signed-in customer without an open cart has an empty one.
        if (input.cartId) throw new DomainError('NOT_FOUND', 'Cart not found');
        return empty;
      }
      const items = mergeLines(cart.items);
      if (items.length === 0) return empty;
      const products = new Map((await deps.pricing.productsByIds(items.map((item) => item.productId))).map((p) => [p.id, p]));
      const lines: DiscountRequest['lines'] = [];
      for (const { productId, quantity } of items) {
        const product = products.get(productId);
        if (buyable(product, quantity)) lines.push(discountLine(product, quantity));
      }
      if (lines.length === 0) return empty;
      const shipping = shippingFor(subtotalOf(lines), rules);
      const evaluation = await deps.promotions
        .evaluate({ lines, shipping, ...(input.code ? { code: input.code } : {}), customerKey: user ? customerBuyer(user).customerKey : null })
        .catch((error: unknown) => {
          // Without a code the cart still shows its prices (checkout asks promotions again); a code needs the answer.
          if (input.code || (error instanceof DomainError && error.code !== 'UNAVAILABLE')) throw error;
          logger.warn({ err: error }, 'promotions unavailable: quoting without discounts');
          return null;
        });
      const discounts = orderDiscountsOf(evaluation);
      return {
        ...computeTotals(lines, country, rules, discounts.applied),
        discounts: discounts.snapshot,
        lines: lines.map((line) => ({ productId: line.productId, discount: discounts.perLine.get(line.productId) ?? 0 })),
        codeRefusal: evaluation?.codeRefusal ?? null,
        currency: 'USD',
        itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
        freeShippingThreshold: rules.freeShippingThresholdCents,
        country,
      };
    },

    /** Units sold per product in paid/fulfilled/delivered orders of the last `days` days. */
    async bestSellers(input: BestSellersInput): Promise<BestSellersDto> {
      return { items: await repository.bestSellers(input.days, input.limit) };
    },

    async get(user: AuthUser, id: string): Promise<OrderDetailDto> {
      return visibleDetail(user, id);
    },

    async list(user: AuthUser, input: ListOrdersInput): Promise<OrderPage> {
      const admin = user.permissions.includes('orders:read');
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
      const rows = await repository.list({
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

    /**
     * The admin's order list. `from`/`to` are days in the store's zone (`to` covers its whole day)
     * or instants, as in `list` but store-local. Sorts are total orders (ties by time, then id).
     */
    async search(user: AuthUser, input: SearchOrdersInput): Promise<OrderSearchPage> {
      requirePermission(user, 'orders:read');
      const { rows, total } = await repository.search({ ...(await searchFilter(input)), limit: input.pageSize, offset: (input.page - 1) * input.pageSize });
      return { items: rows.map(toOrderSummary), total, page: input.page, pageSize: input.pageSize };
    },

    async exportPage(user: AuthUser, input: ExportOrdersInput): Promise<OrderExportPage> {
      requirePermission(user, 'orders:read');
      const after = input.after ? decodeExportCursor(input.after, input.sort) : null;
      const rows = await repository.exportPage(await searchFilter(input), after, input.limit);
      const last = rows.at(-1);
      const nextCursor = last && rows.length === input.limit ? encodeExportCursor(input.sort, { createdAt: last.createdAt, id: last.id, total: last.total }) : null;
      return { items: rows.map(toOrderSummary), nextCursor };
    },

    /**
     * Revenue and orders per store-local day: an order counts on the day (in STORE_TIMEZONE) its
     * payment succeeded (its `paid` history row), if it was ever paid, for total − amountRefunded.
     */
    async summary(user: AuthUser, input: SummaryInput): Promise<OrderSalesSummaryDto> {
      requirePermission(user, 'dashboard:read');
      const timeZone = await storeTimeZone();
      const today = todayIn(timeZone, now());
      const to = input.to ?? today;
      const from = input.from ?? addDays(to, -(DEFAULT_SUMMARY_DAYS - 1));
      if (from > to) throw new DomainError('VALIDATION_FAILED', `from: ${from} is after to (${to})`, { from, to });
      const days = daysInRange(from, to);
      if (days > MAX_SUMMARY_DAYS) {
        throw new DomainError('VALIDATION_FAILED', `from..to covers ${days} days; at most ${MAX_SUMMARY_DAYS}`, { from, to, days, max: MAX_SUMMARY_DAYS });
      }
      const previousRange = { from: addDays(from, -days), to: addDays(from, -1) };
      const [figures, latest] = await Promise.all([
        repository.salesSummary({ timeZone, previousFrom: previousRange.from, from, to, today }),
        repository.list({ customerId: null, status: null, from: null, toExclusive: null, after: null, take: LATEST_ORDERS }),
      ]);
      return {
        timeZone,
        currency: 'USD',
        range: { from, to },
        previousRange,
        today: figures.totals.today,
        current: figures.totals.current,
        previous: figures.totals.previous,
        byDay: figures.byDay,
        latestOrders: latest.map(toOrderSummary),
      };
    },

    settings: (user) => storeSettings.get(user),
    updateSettings: (user, input) => storeSettings.update(user, input),
    publicSettings: () => storeSettings.publicSettings(),

    updateStatus: statusChanges.changeStatus,
    saleFailed: (input) => saga.saleFailed(input),
  };
  return Object.assign(service, saga);
}
