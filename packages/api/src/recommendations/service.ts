import type { AuthUser } from '../runtime/auth.js';
import { DomainError } from '../runtime/errors.js';
import { boughtExclusions, boughtTogether, categoryTaste, forYou, forYouReason, historyWeights, strongestItems, TASTE_CATEGORIES, type Neighbour } from './models/personal.js';
import { NIL_UUID, type CategoryLabel, type ListItem, type ListShelf, type RecommendationsRepository } from './repository.js';
import type { BoughtTogetherInput, ForYouInput, ProductShelfInput, ShelfDto, ShelfItemDto, ShelfItemSource, ShelfName, TrendingInput } from './schemas.js';

export interface RecommendationsServiceOptions {
  /** Category slugs bought again and again (RECS_CONSUMABLE_CATEGORIES). */
  consumableSlugs: readonly string[];
  /** RECS_HALF_LIFE_DAYS. */
  halfLifeDays: number;
  now?: () => Date;
}

/** In for-you, co-viewed neighbours count half as much as co-bought ones (cooccurrence counts). */
const CO_VIEW_WEIGHT = 0.5;
/** How long for-you reuses the taste segments it read (they change at the hourly rebuild). */
const SEGMENTS_TTL_MS = 60_000;
/** How much history for-you reads (newest first). */
const HISTORY_LIMIT = 200;

/** A shelf item as answered, saying whether the shelf's model or trending (the filler) chose it. */
const withSource =
  (source: ShelfItemSource) =>
  ({ productId, score, reason }: ListItem): ShelfItemDto => ({ productId, score, reason, source });
const fromModel = withSource('model');
const fromTrending = withSource('trending');

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** A category's name for a reason: the catalog's, else made from its slug ("coffee-tea" → "Coffee tea"). */
const categoryLabel = (label: CategoryLabel | undefined) =>
  label ? (label.name ?? label.slug.charAt(0).toUpperCase() + label.slug.slice(1).replace(/-/g, ' ')) : null;

/**
 * The shelves: each answers from the precomputed lists (builder.ts) with indexed reads, filters
 * what is not recommendable now (draft, archived, out of stock: the lists may be older than the
 * last stock change) and fills up with trending (fallback=true) when the model has too little.
 */
export function createRecommendationsService(repository: RecommendationsRepository, options: RecommendationsServiceOptions) {
  const now = options.now ?? (() => new Date());

  /**
   * The answer: the model's items, topped up from `filler` (trending, `exclude` already left out)
   * when the model had fewer than `limit` (fallback, even when the store has no trending yet).
   */
  function answer(shelf: ShelfName, items: ListItem[], limit: number, filler: ListItem[]): ShelfDto {
    const chosen = items.slice(0, limit);
    const modelCount = chosen.length;
    const fallback = chosen.length < limit;
    const seen = new Set(chosen.map((item) => item.productId));
    for (const item of filler) {
      if (chosen.length >= limit) break;
      if (!seen.has(item.productId)) chosen.push(item);
      seen.add(item.productId);
    }
    return { shelf, items: [...chosen.slice(0, modelCount).map(fromModel), ...chosen.slice(modelCount).map(fromTrending)], fallback, generatedAt: now().toISOString() };
  }

  /** The taste segments change only at the full rebuild: read at most once a minute per process. */
  let segmentsCache: { at: number; value: ReturnType<typeof repository.tasteSegments> } | null = null;
  function tasteSegments(): ReturnType<typeof repository.tasteSegments> {
    const at = Date.now();
    if (!segmentsCache || at - segmentsCache.at > SEGMENTS_TTL_MS) {
      const value = repository.tasteSegments();
      segmentsCache = { at, value };
      value.catch(() => (segmentsCache = null));
    }
    return segmentsCache.value;
  }

  function listsOf(rows: Array<{ shelf: ListShelf; key: string; productId: string; score: number }>): (productId: string) => Neighbour[] {
    const lists = new Map<string, Neighbour[]>();
    for (const row of rows) {
      const list = lists.get(row.key) ?? [];
      list.push({ productId: row.productId, score: row.shelf === 'co_viewed' ? row.score * CO_VIEW_WEIGHT : row.score });
      lists.set(row.key, list);
    }
    return (productId) => lists.get(productId) ?? [];
  }

  /** One statement: the product known (else 404), its list, trending to top it up. */
  async function productShelf(shelf: 'also_bought' | 'similar', input: ProductShelfInput): Promise<ShelfDto> {
    const productId = input.productId.toLowerCase();
    const found = await repository.shelfWithFill(shelf, productId, input.limit, [productId]);
    if (!found) throw new DomainError('NOT_FOUND', `Unknown product ${productId}`);
    const items = [...found.items.map(fromModel), ...(found.items.length < input.limit ? found.filler.map(fromTrending) : [])].slice(0, input.limit);
    return { shelf, items, fallback: found.items.length < input.limit, generatedAt: now().toISOString() };
  }

  return {
    /** "Customers also bought": co-purchase partners (completed by co-viewed ones). */
    alsoBought: (input: ProductShelfInput) => productShelf('also_bought', input),

    /** "Similar products": same family, shared attributes and brand, similar text. */
    similar: (input: ProductShelfInput) => productShelf('similar', input),

    /** "Frequently bought together" for a cart: the cart items' complements, the cart left out. Unknown products add nothing. */
    async boughtTogether(input: BoughtTogetherInput): Promise<ShelfDto> {
      const cart = [...new Set(input.productIds.map((id) => id.toLowerCase()))];
      // Trending's first limit + |cart| is always enough to top up what the model gives.
      const found = await repository.neighbours(['also_bought'], cart, input.limit, cart);
      const listOf = listsOf(found.rows);
      const suggestions = boughtTogether(cart, listOf, input.limit).map((suggestion) => ({
        productId: suggestion.productId,
        score: suggestion.score,
        reason: cart.length === 1 ? 'Often bought with this item' : `Often bought with ${plural(suggestion.sources, 'item')} in your cart`,
      }));
      return answer('bought_together', suggestions, input.limit, found.filler);
    },

    /**
     * "Recommended for you": the signed-in customer's history (purchases, views, add to cart,
     * with their linked visitors'), else the visitor's, blended from its item neighbours and its taste
     * (the categories of its taste segments, each one's popular products), with recency decay; bought
     * items left out unless consumable. No history: trending (fallback). Three indexed reads: history,
     * consumables, the lists (the taste segments, a few hundred rows, are read at most once a minute).
     */
    async forYou(user: AuthUser | null, input: ForYouInput): Promise<ShelfDto> {
      const who = { customerId: user?.id ?? null, visitorId: input.visitorId?.toLowerCase() ?? null };
      if (!who.customerId && !who.visitorId) return answer('for_you', [], input.limit, await repository.shelf('trending', NIL_UUID, input.limit));
      const history = await repository.history(who, HISTORY_LIMIT);
      const bought = [...new Set(history.filter((entry) => entry.kind === 'purchase').map((entry) => entry.productId))];
      const consumable = await repository.consumables(bought, [...options.consumableSlugs]);
      const exclude = boughtExclusions(history, (id) => consumable.has(id));
      const { segments, labels } = history.some((entry) => entry.categoryId) ? await tasteSegments() : { segments: [], labels: new Map<string, CategoryLabel>() };
      const at = now();
      const taste = categoryTaste(history, segments, { now: at, halfLifeDays: options.halfLifeDays });
      const items = strongestItems(historyWeights(history, at, options.halfLifeDays)).map(([productId]) => productId);
      const tasteKeys = taste.slice(0, TASTE_CATEGORIES).map((category) => category.categoryId);
      const found = await repository.neighbours(['co_bought', 'co_viewed', 'popular'], [...items, ...tasteKeys], input.limit, [...exclude]);
      const neighbours = listsOf(found.rows.filter((row) => row.shelf !== 'popular'));
      const popularIn = listsOf(found.rows.filter((row) => row.shelf === 'popular'));
      const names = new Map(history.map((entry) => [entry.productId, entry.name]));
      const boughtSet = new Set(bought);
      const boughtIn = new Set(history.flatMap((entry) => (entry.kind === 'purchase' && entry.categoryId ? [entry.categoryId] : [])));
      const facts = {
        productName: (id: string) => names.get(id) ?? null,
        categoryName: (id: string) => categoryLabel(labels.get(id)),
        bought: (id: string) => boughtSet.has(id),
        boughtIn: (id: string) => boughtIn.has(id),
      };
      const suggestions = forYou(history, { neighbours, popularIn }, taste, { now: at, halfLifeDays: options.halfLifeDays, exclude, k: input.limit }).map((suggestion) => ({
        productId: suggestion.productId,
        score: suggestion.score,
        reason: forYouReason(suggestion.because, facts),
      }));
      return answer('for_you', suggestions, input.limit, found.filler);
    },

    /** "Trending": decayed popularity, the whole store or one category (unknown category: 404). */
    async trending(input: TrendingInput): Promise<ShelfDto> {
      const categoryId = input.categoryId?.toLowerCase();
      if (categoryId && !(await repository.categoryExists(categoryId))) throw new DomainError('NOT_FOUND', `Unknown category ${categoryId}`);
      const items = (await repository.shelf('trending', categoryId ?? NIL_UUID, input.limit)).map(fromTrending);
      return { shelf: 'trending', items, fallback: false, generatedAt: now().toISOString() };
    },
  };
}

export type RecommendationsService = ReturnType<typeof createRecommendationsService>;
