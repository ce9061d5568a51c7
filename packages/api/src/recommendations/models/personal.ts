import { decayWeight } from './decay.js';
import { segmentTaste, type TasteSegment } from './segments.js';

/** A scored neighbour in an item-to-item list (also bought, co-viewed). */
export interface Neighbour {
  productId: string;
  score: number;
}

export interface Suggestion {
  productId: string;
  score: number;
  /** How many of the inputs (cart items, history items) led to it. */
  sources: number;
}

const bySuggestion = (a: Suggestion, b: Suggestion) => b.score - a.score || b.sources - a.sources || (a.productId < b.productId ? -1 : 1);

/**
 * "Frequently bought together" for a cart: Σ over the cart's items of their also-bought affinity
 * to each candidate, the cart's own items left out.
 */
export function boughtTogether(cart: readonly string[], listOf: (productId: string) => readonly Neighbour[], k: number): Suggestion[] {
  const inCart = new Set(cart);
  const sums = new Map<string, Suggestion>();
  for (const item of inCart) {
    for (const neighbour of listOf(item)) {
      if (inCart.has(neighbour.productId)) continue;
      const entry = sums.get(neighbour.productId) ?? { productId: neighbour.productId, score: 0, sources: 0 };
      entry.score += neighbour.score;
      entry.sources++;
      sums.set(neighbour.productId, entry);
    }
  }
  return [...sums.values()].sort(bySuggestion).slice(0, k);
}

export type HistoryKind = 'view' | 'cart' | 'purchase';

export interface HistoryEntry {
  productId: string;
  kind: HistoryKind;
  at: Date;
  /** The product's leaf category (unknown: the entry still feeds the item neighbours). */
  categoryId?: string | null;
}

/** How much one interaction says about taste. */
export const HISTORY_WEIGHTS: Record<HistoryKind, number> = { view: 1, cart: 2, purchase: 3 };

/**
 * The decayed weight of each product in a history: Σ kind weight · ½^(age / half-life).
 */
export function historyWeights(history: readonly HistoryEntry[], now: Date, halfLifeDays: number): Map<string, number> {
  const weights = new Map<string, number>();
  for (const entry of history) {
    const weight = HISTORY_WEIGHTS[entry.kind] * decayWeight(now.getTime() - entry.at.getTime(), halfLifeDays);
    weights.set(entry.productId, (weights.get(entry.productId) ?? 0) + weight);
  }
  return weights;
}

export interface TasteCategory {
  categoryId: string;
  /** Share of the shopper's taste (the profile sums to 1). */
  score: number;
  /** The shopper bought or viewed in it (else only their taste segments suggest it). */
  own: boolean;
}

export interface TasteOptions {
  now: Date;
  halfLifeDays: number;
}

/**
 * The shopper's taste over leaf categories: their category counts from the history (decayed history
 * weights in purchase units: a purchase 1, add to cart ⅔, a view ⅓) give the posterior over the taste
 * segments, and t(c) = Σ_k P(k | history)·θ_kc (`segmentTaste`), best first. No segments fitted yet:
 * the history's own categories by weight.
 */
export function categoryTaste(history: readonly HistoryEntry[], segments: readonly TasteSegment[], options: TasteOptions): TasteCategory[] {
  const own = new Map<string, number>();
  for (const entry of history) {
    if (!entry.categoryId) continue;
    const weight = (HISTORY_WEIGHTS[entry.kind] / HISTORY_WEIGHTS.purchase) * decayWeight(options.now.getTime() - entry.at.getTime(), options.halfLifeDays);
    own.set(entry.categoryId, (own.get(entry.categoryId) ?? 0) + weight);
  }
  const total = [...own.values()].reduce((a, b) => a + b, 0);
  if (total <= 0) return [];
  const fromSegments = segmentTaste(own, segments);
  const taste = fromSegments.size > 0 ? fromSegments : new Map([...own].map(([categoryId, weight]) => [categoryId, weight / total]));
  return [...taste]
    .map(([categoryId, score]) => ({ categoryId, score, own: own.has(categoryId) }))
    .sort((a, b) => b.score - a.score || (a.categoryId < b.categoryId ? -1 : 1));
}

/** Why a product is on the shelf: a product of the history, or a category of the shopper's taste. */
export type ForYouBecause = { kind: 'history'; productId: string } | { kind: 'category'; categoryId: string; own: boolean };

export interface ForYouSuggestion extends Suggestion {
  because: ForYouBecause;
}

export interface ForYouInputs {
  /** Item-to-item lists of the history's products (co-bought, co-viewed at half weight). */
  neighbours: (productId: string) => readonly Neighbour[];
  /** A category's products by their share of its orders (`categoryPopularity`). */
  popularIn: (categoryId: string) => readonly Neighbour[];
}

export interface ForYouOptions {
  now: Date;
  halfLifeDays: number;
  /** Products never to suggest (bought and not consumable). */
  exclude: ReadonlySet<string>;
  k: number;
  /** Share of the item-neighbour score in the blend (default NEIGHBOUR_SHARE). */
  neighbourShare?: number;
}

/** The item neighbours' share of for-you's score; the rest is the taste (category × popularity): bench 0.25 (a quarter of the score for the shopper's own products' neighbours) beat 0 and 0.5. */
export const NEIGHBOUR_SHARE = 0.25;
/** How many of the taste's categories the shelf draws popular products from. */
export const TASTE_CATEGORIES = 8;

/**
 * "Recommended for you", a blend of two probabilities of being in the next order:
 * - neighbours (SAR: user affinity × item similarity): N(j) = Σ_i w(i)·s(i, j) over the history's products
 *   i with their decayed weights and item-to-item lists, normalised to sum 1 over the candidates;
 * - taste: T(j) = Σ_c t(c)·share(j | c) over the taste's first TASTE_CATEGORIES categories
 *   (`categoryTaste`: the taste segments' categories) and each one's popular products (`categoryPopularity`);
 * score(j) = β·N(j) + (1 − β)·T(j), β = NEIGHBOUR_SHARE. The reason is the larger part's strongest source.
 */
/**
 * How many of the history's products for-you follows through the item-to-item lists: the strongest
 * by decayed weight, so a long history costs a bounded read (24 lists, not 200).
 */
export const HISTORY_ITEMS = 24;

/** The history's strongest products (decayed weight, then id), at most `n`. */
export function strongestItems(weights: ReadonlyMap<string, number>, n = HISTORY_ITEMS): Array<[string, number]> {
  return [...weights].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n);
}

export function forYou(history: readonly HistoryEntry[], inputs: ForYouInputs, taste: readonly TasteCategory[], options: ForYouOptions): ForYouSuggestion[] {
  const share = options.neighbourShare ?? NEIGHBOUR_SHARE;
  const weights = historyWeights(history, options.now, options.halfLifeDays);
  const neighbour = new Map<string, { score: number; sources: number; best: number; from: string }>();
  let neighbourTotal = 0;
  for (const [item, weight] of strongestItems(weights)) {
    for (const entry of inputs.neighbours(item)) {
      if (options.exclude.has(entry.productId)) continue;
      const contribution = weight * entry.score;
      const sum = neighbour.get(entry.productId) ?? { score: 0, sources: 0, best: 0, from: item };
      sum.score += contribution;
      sum.sources++;
      if (contribution > sum.best) Object.assign(sum, { best: contribution, from: item });
      neighbour.set(entry.productId, sum);
      neighbourTotal += contribution;
    }
  }
  const tasted = new Map<string, { score: number; best: number; category: TasteCategory }>();
  for (const category of taste.slice(0, TASTE_CATEGORIES)) {
    for (const entry of inputs.popularIn(category.categoryId)) {
      if (options.exclude.has(entry.productId)) continue;
      const contribution = category.score * entry.score;
      const sum = tasted.get(entry.productId) ?? { score: 0, best: 0, category };
      sum.score += contribution;
      if (contribution > sum.best) Object.assign(sum, { best: contribution, category });
      tasted.set(entry.productId, sum);
    }
  }
  const suggestions: ForYouSuggestion[] = [];
  for (const productId of new Set([...neighbour.keys(), ...tasted.keys()])) {
    const fromHistory = neighbour.get(productId);
    const fromTaste = tasted.get(productId);
    const n = fromHistory && neighbourTotal > 0 ? (share * fromHistory.score) / neighbourTotal : 0;
    const t = fromTaste ? (1 - share) * fromTaste.score : 0;
    const because: ForYouBecause =
      fromHistory && (n >= t || !fromTaste) ? { kind: 'history', productId: fromHistory.from } : { kind: 'category', categoryId: fromTaste!.category.categoryId, own: fromTaste!.category.own };
    suggestions.push({ productId, score: n + t, sources: (fromHistory?.sources ?? 0) + (fromTaste ? 1 : 0), because });
  }
  return suggestions.sort(bySuggestion).slice(0, options.k);
}

/** The products a history's purchases leave out of for-you: bought ones, unless consumable. */
export function boughtExclusions(history: readonly HistoryEntry[], isConsumable: (productId: string) => boolean): Set<string> {
  return new Set(history.filter((entry) => entry.kind === 'purchase' && !isConsumable(entry.productId)).map((entry) => entry.productId));
}

export interface ReasonFacts {
  productName: (productId: string) => string | null;
  categoryName: (categoryId: string) => string | null;
  /** The shopper bought this product / in this category. */
  bought: (productId: string) => boolean;
  boughtIn: (categoryId: string) => boolean;
}

/** The shelf's sentence for a for-you suggestion ("Because you viewed X", "Popular in Coffee & tea, which you buy"). */
export function forYouReason(because: ForYouBecause, facts: ReasonFacts): string {
  if (because.kind === 'history') {
    const name = facts.productName(because.productId);
    return name ? `Because you ${facts.bought(because.productId) ? 'bought' : 'viewed'} ${name}` : 'Based on products you viewed or bought';
  }
  const category = facts.categoryName(because.categoryId) ?? 'a category';
  if (because.own) return `Popular in ${category}, which you ${facts.boughtIn(because.categoryId) ? 'buy' : 'browse'}`;
  return `Popular in ${category} with shoppers of your taste`;
}
