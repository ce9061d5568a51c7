import 'server-only';
import { unstable_cache } from 'next/cache';
import { headers } from 'next/headers';
import { getEnv } from '@/env';
import type { ShelfName } from '@/lib/analytics/client-events';
import type { ProductListItem } from '@/lib/catalog/types';
import type { RecommendationsClient, ShelfDto } from './analytics/clients';
import { idsFromProxyHeaders } from './analytics/tracking-ids';
import { getRequestContext } from './caller';
import { getProductsByIds } from './catalog-cache';
import { recommendationsClient } from './services';

/**
 * The recommendation shelves' data for pages: recommendations answers product ids (issue 13), the
 * catalog's cached byIds read turns them into product cards. Every shelf is a nicety: each load
 * gives up after SHELF_TIMEOUT_MS (≤ 300 ms by default, for the recommendations call and the cards
 * together) and any failure is an absent shelf (null), never an error on the page.
 */

export interface ShelfProducts {
  shelf: ShelfName;
  products: ProductListItem[];
  /** The product the shelf was made for (product page shelves). */
  sourceProductId?: string;
}

/**
 * Does the answer hold the model's own suggestions, not only trending filler? A shelf answered
 * entirely from trending (every item's source 'trending') is no "Customers also bought".
 */
export function hasModelData(answer: Pick<ShelfDto, 'items'>): boolean {
  return answer.items.some((item) => item.source === 'model');
}

/** Rejects after `ms` (the shelf is then left out). */
function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`shelf took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Product cards for the answer's ids, in its order: active and in stock only, at most `limit`. */
export async function shelfProducts(answer: ShelfDto, limit: number, exclude: readonly string[] = []): Promise<ProductListItem[]> {
  const skip = new Set(exclude.map((id) => id.toLowerCase()));
  const ids = answer.items.map((item) => item.productId.toLowerCase()).filter((id) => !skip.has(id));
  if (!ids.length) return [];
  const cards = await getProductsByIds(ids);
  return cards.filter((card) => card.inStock && card.status === 'active').slice(0, limit);
}

type Load = (client: RecommendationsClient) => Promise<ShelfProducts | null>;

/**
 * The shelves that are the same for every shopper (also bought, similar, bought together, trending)
 * are kept SHELF_CACHE_SECONDS in Next's data cache (tag `recommendations`), so a busy product page
 * asks recommendations once per product and half minute, not on every view. Failures are never
 * cached. "For you" is per shopper and always asked.
 */
export const RECOMMENDATIONS_TAG = 'recommendations';
function cachedShelf<I>(name: string, ask: (input: I) => Promise<ShelfDto>): (input: I) => Promise<ShelfDto> {
  return (input) =>
    getEnv().SHELF_CACHE_SECONDS === 0
      ? ask(input)
      : unstable_cache((key: string) => ask(JSON.parse(key) as I), [`recommendations:${name}`], {
          tags: [RECOMMENDATIONS_TAG],
          revalidate: getEnv().SHELF_CACHE_SECONDS,
        })(JSON.stringify(input));
}
const anonymousShelves = {
  alsoBought: cachedShelf('also_bought', (input: { productId: string; limit: number }) => recommendationsClient().alsoBought.query(input)),
  similar: cachedShelf('similar', (input: { productId: string; limit: number }) => recommendationsClient().similar.query(input)),
  boughtTogether: cachedShelf('bought_together', (input: { productIds: string[]; limit: number }) => recommendationsClient().boughtTogether.mutate(input)),
  trending: cachedShelf('trending', (input: { limit: number }) => recommendationsClient().trending.query(input)),
};

/** One warning per shelf per half minute: a recommendations outage must not flood the log (every page view asks). */
const WARN_EVERY_MS = 30_000;
const lastWarned = new Map<string, number>();
function warnOnce(label: string, message: string): void {
  const now = Date.now();
  if (now - (lastWarned.get(label) ?? -Infinity) < WARN_EVERY_MS) return;
  lastWarned.set(label, now);
  console.warn(`recommendations: ${label} shelf left out (${message}); the page shows without it`);
}

/** Runs one shelf load with the shopper's token under the shelf timeout; null on any failure. */
async function guarded(label: string, load: Load): Promise<ShelfProducts | null> {
  try {
    const context = await getRequestContext();
    const client = recommendationsClient({ accessToken: context.accessToken });
    const result = await withTimeout(load(client), getEnv().SHELF_TIMEOUT_MS);
    return result && result.products.length ? result : null;
  } catch (error) {
    warnOnce(label, error instanceof Error ? error.message : String(error));
    return null;
  }
}

export const PRODUCT_SHELF_SIZE = 4;
export const CART_SHELF_SIZE = 4;
export const HOME_SHELF_SIZE = 8;

/** The product page's shelves: "Customers also bought" and "Similar products", each only with the model's own data. */
export async function productShelves(productId: string): Promise<ShelfProducts[]> {
  const load =
    (name: 'also_bought' | 'similar'): Load =>
    async () => {
      const input = { productId, limit: PRODUCT_SHELF_SIZE };
      const answer = name === 'also_bought' ? await anonymousShelves.alsoBought(input) : await anonymousShelves.similar(input);
      if (!hasModelData(answer)) return null;
      return { shelf: name, products: await shelfProducts(answer, PRODUCT_SHELF_SIZE, [productId]), sourceProductId: productId };
    };
  const [alsoBought, similar] = await Promise.all([guarded('also_bought', load('also_bought')), guarded('similar', load('similar'))]);
  // A product both shelves suggest is shown once, under "Customers also bought".
  if (alsoBought && similar) {
    const shown = new Set(alsoBought.products.map((product) => product.id));
    similar.products = similar.products.filter((product) => !shown.has(product.id));
  }
  return [alsoBought, similar].filter((shelf): shelf is ShelfProducts => shelf !== null && shelf.products.length > 0);
}

/** The cart page's "Frequently bought together" (complements of the cart's products, never the cart's own). */
export function cartShelf(productIds: readonly string[]): Promise<ShelfProducts | null> {
  const ids = [...new Set(productIds)].slice(0, 50);
  if (!ids.length) return Promise.resolve(null);
  return guarded('bought_together', async () => {
    const answer = await anonymousShelves.boughtTogether({ productIds: [...ids].sort(), limit: CART_SHELF_SIZE });
    if (!hasModelData(answer)) return null;
    return { shelf: 'bought_together', products: await shelfProducts(answer, CART_SHELF_SIZE, ids) };
  });
}

/**
 * The home page's shelf: "Recommended for you" for a signed-in shopper or a returning visitor (an
 * `oc_vid` from an earlier visit) when their history gives suggestions, else "Trending now".
 */
export async function homeShelf(): Promise<ShelfProducts | null> {
  const [context, incoming] = await Promise.all([getRequestContext(), headers()]);
  const ids = idsFromProxyHeaders(incoming);
  const known = Boolean(context.session) || (ids !== null && !ids.newVisitor);
  return guarded(known ? 'for_you' : 'trending', async (client) => {
    if (known) {
      const answer = await client.forYou.query({ ...(ids ? { visitorId: ids.visitorId } : {}), limit: HOME_SHELF_SIZE });
      // No history to go on: recommendations answered trending, so the shelf says so.
      const shelf: ShelfName = hasModelData(answer) ? 'for_you' : 'trending';
      return { shelf, products: await shelfProducts(answer, HOME_SHELF_SIZE) };
    }
    const answer = await anonymousShelves.trending({ limit: HOME_SHELF_SIZE });
    return { shelf: 'trending', products: await shelfProducts(answer, HOME_SHELF_SIZE) };
  });
}
