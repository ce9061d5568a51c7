import type { Logger } from 'pino';
import type { CatalogChangeFeed, CatalogProduct, Pricing } from './clients.js';

/**
 * The catalog facts checkout prices from (price, currency, status, name, SKU, quantity limits),
 * kept in this process and revalidated by the catalog's change feed (`catalog.changesSince`), so a
 * checkout does not call the catalog for products it has seen: one `productsByIds` per product
 * and change instead of one per checkout.
 *
 * - Every `pollMs` the feed names the products changed since the last cursor (created, updated,
 *   archived, in/out of stock), and they are dropped; the next checkout of one reads it again. A
 *   change reaches checkout within about `pollMs` (decision: the same staleness the storefront's
 *   pages and the gateway's micro-cache already have; what the buyer pays is what the order says).
 * - The cache serves only while the feed answers: when no poll succeeded for `staleAfterMs`
 *   (catalog down or slow), every checkout reads the catalog directly again, as without a cache.
 *   The cursor never skips a change, so entries kept through an outage are revalidated by the
 *   first poll that succeeds before they serve again.
 * - A read that races a poll which dropped anything is not kept (it may predate the change).
 * - At most `maxEntries` products (oldest dropped first); unknown ids are never kept.
 *
 * Why a feed rather than catalog's events: orders consuming `catalog.product_*` would close a
 * cycle between the manifests (catalog reads inventory's events, inventory reads orders'), which
 * the boundary check refuses; and an in-process map also saves the read a table would cost.
 */

export interface CatalogPricesOptions {
  pricing: Pricing;
  feed: CatalogChangeFeed;
  /** Pause between polls of the feed. */
  pollMs: number;
  /** The cache serves only if a poll succeeded this recently. Default 3 × pollMs. */
  staleAfterMs?: number;
  /** Most products kept. Default 20,000. */
  maxEntries?: number;
  logger: Logger;
  now?: () => number;
}

export interface CatalogPrices extends Pricing {
  /** One poll of the feed (following full pages); true when it was read. */
  pollOnce(): Promise<boolean>;
  start(): void;
  stop(): void;
}

const MAX_PAGES_PER_POLL = 20;

export function createCatalogPrices(options: CatalogPricesOptions): CatalogPrices {
  const { pricing, feed, pollMs, logger } = options;
  const now = options.now ?? Date.now;
  const staleAfterMs = options.staleAfterMs ?? pollMs * 3;
  const maxEntries = options.maxEntries ?? 20_000;
  const entries = new Map<string, CatalogProduct>();
  let cursor: string | undefined;
  /** Until when entries may serve (the last successful poll + staleAfterMs). */
  let freshUntil = 0;
  /** Grows whenever a poll drops an entry: a read begun before it is not kept. */
  let epoch = 0;
  let failing = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let polling: Promise<boolean> | undefined;

  const keep = (product: CatalogProduct) => {
    entries.delete(product.id);
    entries.set(product.id, product);
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
  };

  async function productsByIds(ids: string[]): Promise<CatalogProduct[]> {
    if (now() > freshUntil) return pricing.productsByIds(ids);
    const found: CatalogProduct[] = [];
    const missing: string[] = [];
    for (const id of ids) {
      const product = entries.get(id.toLowerCase());
      if (product) found.push(product);
      else missing.push(id);
    }
    if (missing.length === 0) return found;
    const readAt = epoch;
    const fetched = await pricing.productsByIds(missing);
    if (epoch === readAt && now() <= freshUntil) for (const product of fetched) keep(product);
    return [...found, ...fetched];
  }

  async function poll(): Promise<boolean> {
    try {
      let pages = 0;
      let dropped = false;
      for (;;) {
        const page = await feed.changesSince(cursor);
        for (const change of page.changes) dropped = entries.delete(change.id.toLowerCase()) || dropped;
        cursor = page.cursor;
        if (!page.hasMore || ++pages >= MAX_PAGES_PER_POLL) break;
      }
      if (dropped) epoch++;
      freshUntil = now() + staleAfterMs;
      if (failing) logger.info('catalog change feed is back: checkout prices are served from the cache again');
      failing = false;
      return true;
    } catch (error) {
      if (!failing) logger.warn({ err: error }, `catalog change feed unavailable: checkout reads prices from the catalog until it answers (retrying every ${pollMs} ms)`);
      failing = true;
      return false;
    }
  }

  const pollOnce = (): Promise<boolean> => {
    polling ??= poll().finally(() => {
      polling = undefined;
    });
    return polling;
  };

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      void pollOnce().finally(schedule);
    }, pollMs);
    timer.unref();
  }

  return {
    productsByIds,
    pollOnce,
    start() {
      stopped = false;
      void pollOnce().finally(schedule);
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
