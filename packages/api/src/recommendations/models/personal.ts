import { decayWeight } from './decay.js';

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

export interface ForYouOptions {
  now: Date;
  halfLifeDays: number;
  /** Products never to suggest (bought and not consumable). */
  exclude: ReadonlySet<string>;
  k: number;
}

/**
 * "Recommended for you" (SAR's user affinity × item similarity): score(j) = Σ_i w(i)·s(i, j) over
 * the history's products i with their decayed weights w(i) and the item-to-item lists s(i, ·).
 */
export function forYou(history: readonly HistoryEntry[], listOf: (productId: string) => readonly Neighbour[], options: ForYouOptions): Suggestion[] {
  const weights = historyWeights(history, options.now, options.halfLifeDays);
  const sums = new Map<string, Suggestion>();
  for (const [item, weight] of weights) {
    for (const neighbour of listOf(item)) {
      if (options.exclude.has(neighbour.productId)) continue;
      const entry = sums.get(neighbour.productId) ?? { productId: neighbour.productId, score: 0, sources: 0 };
      entry.score += weight * neighbour.score;
      entry.sources++;
      sums.set(neighbour.productId, entry);
    }
  }
  return [...sums.values()].sort(bySuggestion).slice(0, options.k);
}

/** The products a history's purchases leave out of for-you: bought ones, unless consumable. */
export function boughtExclusions(history: readonly HistoryEntry[], isConsumable: (productId: string) => boolean): Set<string> {
  return new Set(history.filter((entry) => entry.kind === 'purchase' && !isConsumable(entry.productId)).map((entry) => entry.productId));
}
