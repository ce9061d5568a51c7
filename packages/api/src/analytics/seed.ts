import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { createPrng, demoHistory, type SyntheticSession } from '@omnicart/db/seed';
import { outboxEnvelope } from '../events/index.js';
import type { DemoSettings } from '../runtime/domain.js';
import { analyticsInteractionsRecorded } from './events.js';
import { createAnalyticsRepository, type EventRow, type PaidOrderFact } from './repository.js';
import { customerKey, validateBatch } from './service.js';
import { storeDay } from './timezone.js';

/**
 * The demo history of `npm start` (DemoSettings.history): the shared synthetic history's last
 * months (@omnicart/db/seed `demoHistory`, the same orders recommendations seeds) replayed through
 * analytics' own write paths, so every report has something to show on a fresh install:
 * - each order's browsing session as the storefront records it (home, a search now and then, product
 *   views, some reached from a shelf, add to cart, checkout steps, order placed), validated by the
 *   ingest's own rules and stored by its statement (rollups, sessions, and the interactions event
 *   recommendations learns co-views from);
 * - two browse-only sessions per order (views, sometimes a cart, rarely a checkout), a few
 *   zero-result and corrected searches;
 * - each order paid (sales facts: revenue, lines, new vs returning).
 * The shoppers are synthetic (no accounts, no orders in the orders service): documented in the
 * README. Seeds only an empty analytics.
 */
export async function seedAnalyticsHistory(pool: pg.Pool, demo: DemoSettings): Promise<boolean> {
  if (!demo.history) return false;
  const repository = createAnalyticsRepository(pool);
  if (await repository.hasData()) return false;
  const tz = demo.timeZone ?? 'America/New_York';
  const history = demoHistory(demo.products === undefined ? {} : { products: demo.products });
  const random = createPrng(7_207);
  const chance = (p: number) => random() < p;
  const products = new Map(history.catalog.products.map((product) => [product.id, product]));
  const categories = new Map(history.catalog.categories.map((category) => [category.id, category]));
  await repository.recordProducts(
    history.products.map((product) => ({ id: product.id, name: product.name, categoryId: product.categoryId, categoryName: categories.get(product.categoryId)?.name ?? null })),
  );

  // Partitions for every month of the history (the partitions job makes only the next ones).
  const months = new Set<string>();
  for (const session of history.sessions) months.add(session.at.toISOString().slice(0, 7));
  months.add(new Date().toISOString().slice(0, 7));
  await repository.maintainPartitions([...months].sort(), '2000-01');

  const visitorOf = new Map<string, string>();
  const visitor = (customerId: string) => {
    let id = visitorOf.get(customerId);
    if (!id) visitorOf.set(customerId, (id = randomUUID()));
    return id;
  };
  const device = () => (chance(0.55) ? 'mobile' : chance(0.85) ? 'desktop' : 'tablet');
  const orderOfSession = new Map(history.orders.map((order) => [order.at.getTime() - 10 * 60_000 + order.customerId, order]));

  let batch: EventRow[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await repository.ingest(batch, outboxEnvelope(analyticsInteractionsRecorded, randomUUID()));
    batch = [];
  };

  /** One session's events, a few seconds to minutes apart, as the storefront would send them. */
  async function replay(session: SyntheticSession, order: { orderId: string; productIds: string[] } | undefined) {
    const base = { visitorId: visitor(session.customerId), sessionId: randomUUID(), device: device() };
    let at = session.at.getTime();
    const events: object[] = [];
    const push = (type: string, path: string, props: object) => {
      at += 5_000 + Math.floor(random() * 60_000);
      events.push({ id: randomUUID(), type, occurredAt: new Date(at).toISOString(), ...base, page: { path, referrerHost: events.length === 0 && chance(0.3) ? 'www.google.com' : null }, props });
    };
    push('page_view', '/', { pageType: 'home' });
    const first = products.get(session.productIds[0] ?? '');
    if (first && chance(0.35)) {
      const noun = first.name.split(' ').at(-1)!.toLowerCase();
      if (chance(0.08)) push('page_view', '/search', { pageType: 'search', query: `${noun} for ${['llamas', 'astronauts', 'pirates'][Math.floor(random() * 3)]}`, resultCount: 0 });
      const typo = chance(0.15);
      push('page_view', '/search', { pageType: 'search', query: typo ? noun.slice(0, -1) + noun.slice(-2, -1) : noun, resultCount: 12 + Math.floor(random() * 40), ...(typo ? { correctedQuery: noun } : {}) });
      if (chance(0.7)) push('search_click', '/search', { query: typo ? noun.slice(0, -1) + noun.slice(-2, -1) : noun, productId: first.id, position: 1 + Math.floor(random() * 6) });
    }
    let previous: string | null = null;
    for (const productId of session.productIds) {
      const product = products.get(productId);
      if (!product || product.status !== 'active') continue;
      if (previous && chance(0.2)) {
        const shelf = chance(0.6) ? 'also_bought' : 'similar';
        push('product_impression', `/products/${products.get(previous)!.slug}`, { productIds: [productId], list: shelf, position: 1 });
        push('recommendation_click', `/products/${products.get(previous)!.slug}`, { productId, shelf, sourceProductId: previous, position: 1 });
      }
      push('page_view', `/products/${product.slug}`, { pageType: 'product', productId, categoryId: product.categoryId });
      previous = productId;
    }
    const cart = order ? order.productIds : chance(0.3) ? session.productIds.slice(0, 1) : [];
    for (const productId of cart) push('add_to_cart', '/cart', { productId, quantity: 1, unitPrice: products.get(productId)!.priceAmount });
    if (order || (cart.length > 0 && chance(0.3))) {
      push('checkout_started', '/checkout', { itemCount: cart.length });
      push('checkout_step_completed', '/checkout', { step: 'address' });
      if (order) {
        push('checkout_step_completed', '/checkout', { step: 'payment' });
        push('order_placed', '/checkout', { orderId: order.orderId });
      }
    }
    const { rows } = validateBatch(events, { now: new Date(at), timeZone: tz, customerId: session.customerId });
    batch.push(...rows);
    if (batch.length >= 400) await flush();
  }

  for (const session of history.sessions) {
    const order = orderOfSession.get(session.at.getTime() + session.customerId);
    await replay(session, order);
    // Two visits that end without an order, a day or two before.
    for (let i = 1; i <= 2; i++) {
      const shifted = session.productIds.slice(i).concat(session.productIds.slice(0, i));
      await replay({ ...session, at: new Date(session.at.getTime() - i * 86_400_000 - Math.floor(random() * 43_200_000)), productIds: shifted.slice(0, 3) }, undefined);
    }
  }
  await flush();

  for (const order of history.orders) {
    const lines = order.productIds.map((productId) => {
      const product = products.get(productId)!;
      const quantity = chance(0.15) ? 2 : 1;
      return { productId, categoryId: product.categoryId, quantity, unitPrice: product.priceAmount, lineTotal: product.priceAmount * quantity };
    });
    const subtotal = lines.reduce((sum, line) => sum + line.lineTotal, 0);
    const shipping = subtotal >= 5_000 ? 0 : 599;
    const tax = Math.round(subtotal * 0.08);
    const fact: PaidOrderFact = {
      eventId: randomUUID(),
      orderId: order.orderId,
      customerKey: customerKey({ customerId: order.customerId, guestEmail: null }),
      paidAt: order.at.toISOString(),
      storeDay: storeDay(order.at, tz),
      currency: 'USD',
      subtotal,
      shipping,
      tax,
      total: subtotal + shipping + tax,
      lines,
      // The demo history predates promotions: no order of it had a discount.
      discount: 0,
      discounts: [],
    };
    await repository.recordPaidOrder(fact);
  }
  return true;
}
