import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { percentile, type Measurement } from './report.js';

/**
 * Checkout throughput through the gateway, every service in its own process: `buyers` customers
 * (each registered and signed in through the gateway, so carts, orders and rate limits are
 * per-customer as in a shop) place `orders` orders, each one whole checkout — POST /api/v1/orders
 * with a fresh Idempotency-Key: price from catalog, reserve in inventory, charge through payments
 * and the Stripe simulator, commit. Every fifth order also asks for one unit of a scarce SKU
 * stocked for about half of those orders, so the sold-out path runs under the same concurrency;
 * its 409s are expected. Afterwards the units in paid orders (admin REST GET /api/v1/orders)
 * are compared with the stock each SKU started with: `oversold` must be 0.
 */

export interface CheckoutBenchOptions {
  gateway: string;
  adminToken: string;
  /** Active products to buy: [productId, sku]. At least two. */
  products: Array<{ id: string; sku: string }>;
  orders: number;
  buyers: number;
  /** Orders placed before measuring (same buyers, plentiful SKUs only). */
  warmupOrders: number;
  /**
   * A discount code every order carries (the `checkout-code` variant), its promotion and its usage
   * limit: orders past the limit are refused (409 usage_limit_reached, expected) and the promotion's
   * uses and paid redemptions are checked against the limit afterwards (`overRedeemed` must be 0).
   */
  promotion?: { id: string; code: string; usageLimit: number };
  /** Base URL of each service whose /metrics break a checkout down (optional). */
  serviceUrls?: Record<string, string>;
  log: (message: string) => void;
}

export interface CheckoutBenchResult extends Measurement {
  paid: number;
  soldOut: number;
  /** With a code: paid orders that got its discount, and orders refused because the code was used up. */
  discounted: number;
  codeRefused: number;
  /** Mean time per call of each service route during the measured window (from /metrics). */
  breakdown: RouteTiming[];
  /** Units sold per SKU (paid orders) and the stock each SKU started with. */
  stock: Array<{ sku: string; initial: number; sold: number; onHandAfter: number | null }>;
}

const PLENTIFUL_STOCK = 100_000;
/** How long the on-hand check waits for inventory to take the last sales (consumer inventory.sales). */
const SALES_SETTLE_MS = 15_000;
const SHIPPING = { name: 'Bench Buyer', line1: '1 Load Street', city: 'Springfield', postalCode: '12345', country: 'US' };
/** Statuses after which a paid order's units stay sold (refunds/cancellations put them back). */
const SOLD_STATUSES = new Set(['paid', 'fulfilled', 'delivered']);

export async function runCheckoutBench(options: CheckoutBenchOptions): Promise<CheckoutBenchResult> {
  const { gateway, log, promotion } = options;
  // Orders of earlier runs on the same platform (the plain checkout before the code variant) are not this run's sales.
  const since = new Date().toISOString();
  const api = `${gateway}/api/v1`;
  const admin = { authorization: `Bearer ${options.adminToken}`, 'content-type': 'application/json' };
  const [scarce, ...plentiful] = options.products;
  if (!scarce || plentiful.length === 0) throw new Error('checkout bench: need at least two products');

  // Stock: plenty of every target SKU, and the scarce SKU for about half of the orders asking for it.
  const scarceDemand = Math.ceil(options.orders / 5);
  const initial = new Map<string, number>(plentiful.map((p) => [p.sku, PLENTIFUL_STOCK]));
  initial.set(scarce.sku, Math.max(1, Math.floor(scarceDemand / 2)));
  for (const [sku, onHand] of initial) {
    const response = await fetch(`${api}/inventory/${encodeURIComponent(sku)}`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({ onHand, reason: 'bench stock' }),
    });
    if (!response.ok) throw new Error(`setting stock of ${sku}: ${response.status} ${await response.text()}`);
  }
  // Catalog learns stock through inventory's events; give the first ones a moment.
  await new Promise((resolve) => setTimeout(resolve, 500));

  const tokens = await Promise.all(Array.from({ length: options.buyers }, (_, index) => registerBuyer(api, index)));
  log(`checkout: ${options.buyers} buyers registered; ${plentiful.length} SKUs at ${PLENTIFUL_STOCK}, scarce ${scarce.sku} at ${initial.get(scarce.sku)} for ~${scarceDemand} orders`);

  const orderBody = (index: number, includeScarce: boolean) => {
    const first = plentiful[index % plentiful.length] as { id: string };
    const second = plentiful[(index * 7 + 3) % plentiful.length] as { id: string };
    const items = [{ productId: first.id, quantity: 1 + (index % 2) }];
    if (second.id !== first.id && index % 3 === 0) items.push({ productId: second.id, quantity: 1 });
    if (includeScarce) items.push({ productId: scarce.id, quantity: 1 });
    return JSON.stringify({ items, shippingAddress: SHIPPING, paymentMethod: 'pm_card_visa', ...(promotion ? { code: promotion.code } : {}) });
  };
  // The buyers share one keep-alive pool and undici's request API (as autocannon does): the load
  // generator runs on the same two cores as the platform, so it should spend as little as it can.
  const ordersUrl = new URL(`${api}/orders`);
  const buyersPool = new Pool(ordersUrl.origin, { connections: options.buyers, keepAliveTimeout: 30_000 });
  const place = async (token: string, body: string) => {
    const started = performance.now();
    try {
      const response = await buyersPool.request({
        method: 'POST',
        path: ordersUrl.pathname,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body,
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
      });
      const text = await response.body.text();
      return { status: response.statusCode, text, ms: performance.now() - started, error: undefined };
    } catch (error) {
      return { status: 0, text: '', ms: performance.now() - started, error };
    }
  };

  // Warm-up: JIT, connection pools and prepared plans, on plentiful SKUs only.
  let warm = 0;
  await Promise.all(
    tokens.map(async (token) => {
      while (warm < options.warmupOrders) await place(token, orderBody(warm++, false));
    }),
  );

  const timingsNow = async (): Promise<RouteTiming[]> =>
    (
      await Promise.all(
        Object.entries(options.serviceUrls ?? {}).map(async ([service, url]) => {
          const response = await fetch(`${url}/metrics`).catch(() => undefined);
          return response?.ok ? routeTimings(await response.text(), service) : [];
        }),
      )
    ).flat();
  const timingsBefore = await timingsNow();

  const latencies: number[] = [];
  let next = 0;
  let paid = 0;
  let soldOut = 0;
  let discounted = 0;
  let codeRefused = 0;
  let unexpected = 0;
  let errors = 0;
  let timeouts = 0;
  const samples: string[] = [];
  const startedAt = performance.now();
  await Promise.all(
    tokens.map(async (token) => {
      while (next < options.orders) {
        const index = next++;
        const includeScarce = index % 5 === 0;
        const result = await place(token, orderBody(index, includeScarce));
        latencies.push(result.ms);
        if (result.status === 201) {
          const order = JSON.parse(result.text) as { status: string; discount?: number };
          if (order.status === 'paid') paid++;
          else unexpected++;
          if ((order.discount ?? 0) > 0) discounted++;
        } else if (result.status === 409 && includeScarce && result.text.includes('INSUFFICIENT_STOCK')) {
          soldOut++;
        } else if (result.status === 409 && promotion && result.text.includes('usage_limit_reached')) {
          codeRefused++;
        } else if (result.status === 0) {
          if ((result.error as { name?: string } | undefined)?.name?.includes('Timeout')) timeouts++;
          else errors++;
        } else {
          unexpected++;
          if (samples.length < 5) samples.push(`${result.status} ${result.text.slice(0, 200)}`);
        }
      }
    }),
  );
  const elapsedSeconds = (performance.now() - startedAt) / 1000;
  await buyersPool.close();
  const breakdown = diffTimings(timingsBefore, await timingsNow()).filter((t) => !['metrics', 'healthz', 'readyz'].includes(t.route));
  if (breakdown.length) {
    log(
      `checkout: time per call inside each service during the run (mean ms × calls):\n  ${breakdown
        .map((t) => `${`${t.service} ${t.route}`.padEnd(44)} ${t.meanMs.toFixed(1).padStart(8)} ms × ${t.calls}`)
        .join('\n  ')}`,
    );
  }
  if (samples.length) log(`checkout: unexpected answers, e.g.\n  ${samples.join('\n  ')}`);

  // Oversell: units in paid orders per SKU (admin REST) against the stock each SKU started with.
  const sold = await unitsSold(api, admin, since);
  const readStock = () =>
    Promise.all(
      [...initial].map(async ([sku, start]) => {
        const level = await fetch(`${api}/inventory/${encodeURIComponent(sku)}`, { headers: admin });
        const body = level.ok ? ((await level.json()) as { onHand?: number }) : {};
        return { sku, initial: start, sold: sold.get(sku) ?? 0, onHandAfter: typeof body.onHand === 'number' ? body.onHand : null };
      }),
    );
  const drifting = (entries: CheckoutBenchResult['stock']) => entries.filter((entry) => entry.onHandAfter !== null && entry.onHandAfter !== entry.initial - entry.sold);
  // Inventory takes each sale from orders.order_paid a moment after the order is paid: give the last ones time.
  let stock = await readStock();
  for (const deadline = Date.now() + SALES_SETTLE_MS; drifting(stock).length > 0 && Date.now() < deadline; stock = await readStock()) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const oversold = stock.reduce((sum, entry) => sum + Math.max(0, entry.sold - entry.initial), 0);
  const drift = drifting(stock);
  if (drift.length) log(`checkout: on-hand stock differs from initial − sold for ${drift.map((d) => `${d.sku} (${d.initial} − ${d.sold} ≠ ${d.onHandAfter})`).join(', ')}`);
  const scarceEntry = stock.find((entry) => entry.sku === scarce.sku);
  let overRedeemed: number | undefined;
  if (promotion) {
    // Every use the promotion counts, and every paid redemption, against the limit (redemptions settle from orders.order_paid).
    let read = await readPromotion(api, admin, promotion.id);
    for (const deadline = Date.now() + SALES_SETTLE_MS; read.stats.redemptions < Math.min(discounted, promotion.usageLimit) && Date.now() < deadline; read = await readPromotion(api, admin, promotion.id)) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    overRedeemed = Math.max(0, read.used - promotion.usageLimit, read.stats.redemptions - promotion.usageLimit, discounted - promotion.usageLimit);
    log(`checkout with code ${promotion.code}: ${discounted} discounted, ${codeRefused} refused (used up), uses ${read.used}/${promotion.usageLimit}, paid redemptions ${read.stats.redemptions}; over-redeemed ${overRedeemed}`);
  }
  log(
    `checkout: ${paid} paid, ${soldOut} sold out (409), ${unexpected} unexpected, ${errors} errors, ${timeouts} timeouts in ${elapsedSeconds.toFixed(1)} s; scarce SKU sold ${scarceEntry?.sold}/${scarceEntry?.initial}; oversold ${oversold}`,
  );

  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    name: `POST /api/v1/orders (checkout${promotion ? ' with a code' : ''}, ${options.buyers} buyers, ${options.orders} orders)`,
    kind: promotion ? 'checkout-code' : 'checkout',
    requestsPerSecond: elapsedSeconds > 0 ? paid / elapsedSeconds : 0,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    requests: latencies.length,
    non2xx: unexpected,
    errors,
    timeouts,
    oversold,
    ...(overRedeemed === undefined ? {} : { overRedeemed }),
    paid,
    soldOut,
    discounted,
    codeRefused,
    breakdown,
    stock,
  };
}

async function registerBuyer(api: string, index: number): Promise<string> {
  const email = `bench-buyer-${index}-${Date.now().toString(36)}@example.com`;
  const password = 'bench-buyer-password';
  const json = { 'content-type': 'application/json' };
  const registered = await fetch(`${api}/users/register`, { method: 'POST', headers: json, body: JSON.stringify({ email, password, name: `Bench Buyer ${index}` }) });
  if (!registered.ok) throw new Error(`registering ${email}: ${registered.status} ${await registered.text()}`);
  const login = await fetch(`${api}/users/login`, { method: 'POST', headers: json, body: JSON.stringify({ email, password }) });
  const body = (await login.json()) as { accessToken?: string };
  if (!login.ok || !body.accessToken) throw new Error(`login ${email}: ${login.status}`);
  return body.accessToken;
}

async function readPromotion(api: string, admin: Record<string, string>, id: string): Promise<{ used: number; stats: { redemptions: number } }> {
  const response = await fetch(`${api}/promotions/${id}`, { headers: admin });
  if (!response.ok) throw new Error(`reading promotion ${id}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { used: number; stats: { redemptions: number } };
}

/** Units per SKU over every order placed since `since` in a sold status, paging through the admin order list. */
async function unitsSold(api: string, admin: Record<string, string>, since: string): Promise<Map<string, number>> {
  const sold = new Map<string, number>();
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: '100', ...(cursor ? { cursor } : {}) });
    const response = await fetch(`${api}/orders?${query}`, { headers: admin });
    if (!response.ok) throw new Error(`listing orders: ${response.status} ${await response.text()}`);
    const page = (await response.json()) as { items: Array<{ status: string; createdAt: string; items: Array<{ sku: string; quantity: number }> }>; nextCursor: string | null };
    for (const order of page.items) {
      if (!SOLD_STATUSES.has(order.status) || order.createdAt < since) continue;
      for (const line of order.items) sold.set(line.sku, (sold.get(line.sku) ?? 0) + line.quantity);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return sold;
}

/** Mean time and count per route of the services' own request histograms (their /metrics). */
export interface RouteTiming {
  service: string;
  route: string;
  calls: number;
  meanMs: number;
}

/**
 * Where a checkout's time goes: each service's `http_request_duration_seconds` sum and count per
 * route, read from /metrics (`before` subtracts an earlier reading, e.g. taken after the warm-up).
 */
export function routeTimings(metricsText: string, service: string): RouteTiming[] {
  const sums = new Map<string, number>();
  const counts = new Map<string, number>();
  for (const line of metricsText.split('\n')) {
    const match = /^http_request_duration_seconds_(sum|count)\{([^}]*)\} ([0-9.eE+-]+)$/.exec(line);
    if (!match) continue;
    const route = /route="([^"]*)"/.exec(match[2] ?? '')?.[1];
    if (!route) continue;
    const target = match[1] === 'sum' ? sums : counts;
    target.set(route, (target.get(route) ?? 0) + Number(match[3]));
  }
  return [...counts]
    .filter(([, calls]) => calls > 0)
    .map(([route, calls]) => ({ service, route, calls, meanMs: ((sums.get(route) ?? 0) / calls) * 1000 }));
}

/** Timings of the measured window only: `after` minus `before`, per service and route. */
export function diffTimings(before: RouteTiming[], after: RouteTiming[]): RouteTiming[] {
  const key = (t: RouteTiming) => `${t.service} ${t.route}`;
  const earlier = new Map(before.map((t) => [key(t), t]));
  return after
    .map((t) => {
      const b = earlier.get(key(t));
      const calls = t.calls - (b?.calls ?? 0);
      const totalMs = t.meanMs * t.calls - (b ? b.meanMs * b.calls : 0);
      return { ...t, calls, meanMs: calls > 0 ? totalMs / calls : 0 };
    })
    .filter((t) => t.calls > 0);
}
