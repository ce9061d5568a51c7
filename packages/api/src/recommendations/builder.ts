import { setImmediate as yieldToRequests } from 'node:timers/promises';
import type { Logger } from 'pino';
import { alsoBought, buildCooccurrence, scoreRow, type Affinity, type CoScored } from './models/cooccurrence.js';
import { categoryPopularity, type CategoryPopular } from './models/popularity.js';
import { fitSegments } from './models/segments.js';
import { similarFor, type SimilarFacts } from './models/similar.js';
import { buildTfIdf, productText } from './models/text.js';
import { trendingReason, trendingScores, type TrendingScore } from './models/trending.js';
import type { CatalogFeed } from './clients.js';
import { NIL_UUID, type CategoryRow, type CoCounts, type ListItem, type ProductFactsRow, type RecommendationsRepository, type Tx } from './repository.js';

/**
 * Trains the models and keeps the precomputed lists (table `lists`):
 * - `refresh()` (job `recommendations.refresher`, every RECS_REFRESH_EVERY): the products marked
 *   dirty by new purchases and views get their also-bought and co-viewed lists again from SQL
 *   co-counts, those marked by catalog changes their similar list; trending and each category's
 *   popular products (for-you) follow any new signal.
 *   Dirty rows are claimed with FOR UPDATE SKIP LOCKED, so replicas share the work.
 * - `rebuild()` (job `recommendations.rebuild`, exclusive, every RECS_REBUILD_EVERY and at start):
 *   syncs the catalog's facts (cold start), then recomputes every list from all the signals in memory
 *   and fits for-you's taste segments.
 * Both score with the same pure functions (models/), the bench too.
 */

/** Top-k kept per product and shelf (the shelves answer at most 24). */
export const TOP_K = 24;
/** Trending keeps more: answers filter out what went out of stock since. */
const TRENDING_GLOBAL = 96;
const TRENDING_PER_CATEGORY = 48;
/** Co-viewed partners count half as much as bought ones where they complete an also-bought list. */
const CO_VIEW_FACTOR = 0.5;
const POPULARITY_DAYS = 60;
const CLAIM = 200;

export interface ModelSettings {
  minSupport: number;
  trendingHalfLifeDays: number;
  /** RECS_HALF_LIFE_DAYS: the decay of orders in each category's popular products (as of taste in for-you). */
  halfLifeDays: number;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Also bought: co-purchase partners first, completed by co-viewed ones. */
export function alsoBoughtList(bought: CoScored[], viewed: CoScored[], k = TOP_K): ListItem[] {
  const items: ListItem[] = bought.map((entry) => ({ productId: entry.productId, score: entry.score, reason: `Bought together by ${plural(entry.together, 'customer')}` }));
  const seen = new Set(items.map((item) => item.productId));
  for (const entry of viewed) {
    if (items.length >= k) break;
    if (seen.has(entry.productId)) continue;
    items.push({ productId: entry.productId, score: entry.score * CO_VIEW_FACTOR, reason: `Viewed together in ${plural(entry.together, 'session')}` });
  }
  return items.slice(0, k);
}

/** For-you's neighbours: partners by plain co-occurrence count (popular partners of a taste win). */
export const coBoughtList = (bought: CoScored[]): ListItem[] =>
  bought.map((entry) => ({ productId: entry.productId, score: entry.score, reason: `Bought by ${plural(entry.together, 'customer')} who bought this` }));

/** A category's popular products (shelf `popular`, keyed by the category), their share of its orders. */
export const popularInList = (popular: CategoryPopular[]): ListItem[] =>
  popular.map((entry) => ({ productId: entry.productId, score: entry.score, reason: `Popular in its category: ${plural(entry.orders, 'order')}` }));

const coViewedList = (viewed: CoScored[]): ListItem[] => viewed.map((entry) => ({ productId: entry.productId, score: entry.score, reason: `Viewed together in ${plural(entry.together, 'session')}` }));

/** Facts ready for similarity: the family of each category, the TF-IDF vector of each product. */
export function similarFacts(products: ProductFactsRow[], categories: CategoryRow[]): SimilarFacts[] {
  const parent = new Map(categories.map((category) => [category.id, category.parentId]));
  const tfidf = buildTfIdf(products.map(productText));
  return products.map((product) => ({
    id: product.id,
    categoryId: product.categoryId,
    familyId: product.categoryId ? (parent.get(product.categoryId) ?? product.categoryId) : null,
    brand: product.brand,
    attributes: product.attributes ?? {},
    vector: tfidf.vector(productText(product)),
  }));
}

export function createModelBuilder(deps: { repository: RecommendationsRepository; settings: ModelSettings; catalog?: CatalogFeed; logger: Logger; now?: () => Date }) {
  const { repository, settings, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const coOptions = { minSupport: settings.minSupport, k: TOP_K };

  function fromCounts(counts: CoCounts, item: string, affinity: Affinity = 'jaccard'): CoScored[] {
    const row = counts.rows.get(item);
    if (!row) return [];
    return scoreRow(counts.counts.get(item) ?? 0, row, (id) => counts.counts.get(id) ?? 0, { ...coOptions, affinity, baskets: counts.baskets });
  }

  async function refreshSignals(): Promise<number> {
    return repository.transaction(async (client) => {
      const ids = await repository.claimDirty(client, 'signals', CLAIM);
      if (ids.length === 0) return 0;
      const [bought, viewed] = [await repository.coPurchases(ids, client), await repository.coViews(ids, client)];
      const alsoBoughtLists = new Map<string, ListItem[]>();
      const coBoughtLists = new Map<string, ListItem[]>();
      const coViewedLists = new Map<string, ListItem[]>();
      for (const id of ids) {
        const views = fromCounts(viewed, id);
        alsoBoughtLists.set(id, alsoBoughtList(fromCounts(bought, id), views));
        coBoughtLists.set(id, coBoughtList(fromCounts(bought, id, 'cooccurrence')));
        coViewedLists.set(id, coViewedList(views));
      }
      await repository.writeLists(client, 'also_bought', alsoBoughtLists);
      await repository.writeLists(client, 'co_bought', coBoughtLists);
      await repository.writeLists(client, 'co_viewed', coViewedLists);
      return ids.length;
    });
  }

  async function similarLists(targets: SimilarFacts[], all: SimilarFacts[], active: Set<string>): Promise<Map<string, ListItem[]>> {
    const byFamily = new Map<string | null, SimilarFacts[]>();
    for (const facts of all) {
      if (!active.has(facts.id)) continue;
      const family = byFamily.get(facts.familyId) ?? [];
      family.push(facts);
      byFamily.set(facts.familyId, family);
    }
    const lists = new Map<string, ListItem[]>();
    for (const [index, target] of targets.entries()) {
      lists.set(target.id, similarFor(target, byFamily.get(target.familyId) ?? [], TOP_K));
      if (index % 100 === 99) await yieldToRequests(); // keep answering shelves meanwhile
    }
    return lists;
  }

  async function refreshFacts(): Promise<number> {
    return repository.transaction(async (client) => {
      const ids = await repository.claimDirty(client, 'facts', CLAIM);
      if (ids.length === 0) return 0;
      const [products, categories] = [await repository.allProducts(), await repository.allCategories()];
      const all = similarFacts(products, categories);
      const wanted = new Set(ids);
      const lists = await similarLists(all.filter((facts) => wanted.has(facts.id)), all, new Set(products.filter((p) => p.status === 'active').map((p) => p.id)));
      await repository.writeLists(client, 'similar', lists);
      return ids.length;
    });
  }

  /** Trending, global and per category (leaf and family), with catalogue products to fill (cold start). */
  async function refreshTrending(client: Tx): Promise<void> {
    const at = now();
    const [products, categories, signals] = [await repository.allProducts(), await repository.allCategories(), await repository.popularity(POPULARITY_DAYS)];
    const scores = new Map<string, TrendingScore>(trendingScores(signals, at, settings.trendingHalfLifeDays).map((score) => [score.productId, score]));
    const parent = new Map(categories.map((category) => [category.id, category.parentId]));
    const eligible = products
      .filter((product) => product.status === 'active' && (product.available ?? 0) > 0)
      .map((product) => ({ product, score: scores.get(product.id) ?? { productId: product.id, score: 0, viewsThisWeek: 0, ordersThisWeek: 0 } }))
      .sort((a, b) => b.score.score - a.score.score || (a.product.id < b.product.id ? -1 : 1));
    const lists = new Map<string, ListItem[]>([[NIL_UUID, []]]);
    for (const category of categories) lists.set(category.id, []);
    const add = (key: string, max: number, entry: (typeof eligible)[number]) => {
      const list = lists.get(key);
      if (list && list.length < max) list.push({ productId: entry.product.id, score: entry.score.score, reason: trendingReason(entry.score) });
    };
    for (const entry of eligible) {
      add(NIL_UUID, TRENDING_GLOBAL, entry);
      const categoryId = entry.product.categoryId;
      if (!categoryId) continue;
      add(categoryId, TRENDING_PER_CATEGORY, entry);
      const family = parent.get(categoryId);
      if (family) add(family, TRENDING_PER_CATEGORY, entry);
    }
    await repository.writeLists(client, 'trending', lists);
    await repository.pruneLists(client, 'trending', [...lists.keys()]);
    await repository.setState(client, 'trending', at);
  }

  /** For-you's popular products of each category (shelf `popular`), from all purchases. */
  async function refreshPopular(client: Tx): Promise<void> {
    const popular = new Map([...categoryPopularity(await repository.categoryPurchases(client), now(), settings.halfLifeDays, TOP_K)].map(([categoryId, list]) => [categoryId, popularInList(list)]));
    await repository.writeLists(client, 'popular', popular);
    await repository.pruneLists(client, 'popular', [...popular.keys()]);
  }

  /** For-you's taste segments (table `taste_segments`), fitted to every customer's purchases (full rebuild only: about a second per 3,000 customers). */
  async function refreshSegments(client: Tx): Promise<number> {
    const segments = fitSegments(await repository.customerCategories(client));
    await repository.writeSegments(client, segments);
    return segments.length;
  }

  async function syncCatalog(): Promise<number> {
    const catalog = deps.catalog;
    if (!catalog) return 0;
    const started = now();
    await repository.syncCategories(await catalog.categories());
    let after: string | null = null;
    let count = 0;
    do {
      const page = await catalog.factsPage(after, 500);
      await repository.syncProducts(page.items, started);
      count += page.items.length;
      after = page.next;
    } while (after);
    return count;
  }

  let synced = false;

  const builder = {
    /**
     * One incremental round; resolves to what it recomputed. Until a full rebuild has synced the
     * catalog once (the cold start: the catalog may not answer yet when this service starts), each
     * round tries that first.
     */
    async refresh(): Promise<{ signals: number; facts: number; trending: boolean; rebuilt?: boolean }> {
      if (!synced && deps.catalog && !(await repository.state('synced'))) {
        await builder.rebuild();
        if (!(await repository.state('synced'))) return { signals: 0, facts: 0, trending: false, rebuilt: true };
      }
      synced = true;
      const signals = await refreshSignals();
      const facts = await refreshFacts();
      let trending = false;
      if (signals > 0 || facts > 0) {
        trending = await repository.transaction(async (client) => {
          // One replica at a time (the others skip: the next round catches up).
          const [lock] = (await client.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock(hashtext('recommendations.trending')) AS ok")).rows;
          if (!lock?.ok) return false;
          await refreshTrending(client);
          await refreshPopular(client);
          return true;
        });
      }
      return { signals, facts, trending };
    },

    /** The full rebuild: catalog sync, then every list from every signal. */
    async rebuild(): Promise<{ synced: number; alsoBought: number; similar: number }> {
      const started = performance.now();
      const count = await syncCatalog().catch((error: unknown) => {
        // Stale facts still beat no lists: rebuild with what the events told us (the refresher retries the sync).
        logger.warn({ err: error }, 'catalog sync failed; rebuilding from the facts known');
        return null;
      });
      if (count !== null && deps.catalog) {
        synced = true;
        await repository.transaction((client) => repository.setState(client, 'synced', now()));
      }
      const bought = buildCooccurrence(await repository.purchaseBaskets());
      const viewed = buildCooccurrence(await repository.viewSessions());
      const keys = new Set([...bought.itemCounts.keys(), ...viewed.itemCounts.keys()]);
      const alsoBoughtLists = new Map<string, ListItem[]>();
      const coBoughtLists = new Map<string, ListItem[]>();
      const coViewedLists = new Map<string, ListItem[]>();
      for (const id of keys) {
        const views = alsoBought(viewed, id, coOptions);
        alsoBoughtLists.set(id, alsoBoughtList(alsoBought(bought, id, coOptions), views));
        coBoughtLists.set(id, coBoughtList(alsoBought(bought, id, { ...coOptions, affinity: 'cooccurrence' })));
        coViewedLists.set(id, coViewedList(views));
      }
      const [products, categories] = [await repository.allProducts(), await repository.allCategories()];
      const all = similarFacts(products, categories);
      const similar = await similarLists(all, all, new Set(products.filter((p) => p.status === 'active').map((p) => p.id)));
      const write = async (shelf: 'also_bought' | 'co_bought' | 'co_viewed' | 'similar', lists: Map<string, ListItem[]>) => {
        const entries = [...lists];
        for (let start = 0; start < entries.length; start += 500) {
          await repository.transaction((client) => repository.writeLists(client, shelf, new Map(entries.slice(start, start + 500))));
        }
        await repository.transaction((client) => repository.pruneLists(client, shelf, [...lists.keys()]));
      };
      await write('also_bought', alsoBoughtLists);
      await write('co_bought', coBoughtLists);
      await write('co_viewed', coViewedLists);
      await write('similar', similar);
      await repository.transaction(async (client) => {
        await refreshTrending(client);
        await refreshPopular(client);
        await refreshSegments(client);
        await repository.setState(client, 'rebuild', now());
      });
      logger.info({ synced: count, products: products.length, baskets: bought.baskets, sessions: viewed.baskets, ms: Math.round(performance.now() - started) }, 'recommendations rebuilt');
      return { synced: count ?? 0, alsoBought: alsoBoughtLists.size, similar: similar.size };
    },
  };
  return builder;
}

export type ModelBuilder = ReturnType<typeof createModelBuilder>;
