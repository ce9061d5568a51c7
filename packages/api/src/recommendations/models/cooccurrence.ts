/**
 * Item-to-item co-occurrence, SAR-style (Microsoft Recommenders' Simple Algorithm for
 * Recommendation): c(i) = baskets with i, c(i,j) = baskets with both; a pair counts only from
 * `minSupport` baskets; its affinity is Jaccard c(i,j) / (c(i) + c(j) − c(i,j)) (default; the
 * "also bought" lists), lift c(i,j)·N / (c(i)·c(j)), the plain co-occurrence count c(i,j) (SAR's
 * `cooccurrence` similarity; the lists "for you" goes through, where popular partners should win). A basket is a customer's purchases (a guest's order on its own) or a
 * session's views. Pure: the service feeds it rows from SQL, the bench from memory.
 */

export type Affinity = 'jaccard' | 'lift' | 'cooccurrence';

export interface CoScored {
  productId: string;
  score: number;
  /** Baskets holding both. */
  together: number;
}

export interface CoOptions {
  minSupport: number;
  affinity?: Affinity;
  /** Baskets in all (lift only). */
  baskets?: number;
  k: number;
}

/** In-memory counts of a set of baskets. */
export interface Cooccurrence {
  baskets: number;
  itemCounts: Map<string, number>;
  pairs: Map<string, Map<string, number>>;
}

export function buildCooccurrence(baskets: Iterable<Iterable<string>>): Cooccurrence {
  const itemCounts = new Map<string, number>();
  const pairs = new Map<string, Map<string, number>>();
  let count = 0;
  for (const basket of baskets) {
    const items = [...new Set(basket)];
    if (items.length === 0) continue;
    count++;
    for (const item of items) itemCounts.set(item, (itemCounts.get(item) ?? 0) + 1);
    for (const a of items) {
      let row = pairs.get(a);
      if (!row) pairs.set(a, (row = new Map()));
      for (const b of items) if (a !== b) row.set(b, (row.get(b) ?? 0) + 1);
    }
  }
  return { baskets: count, itemCounts, pairs };
}

/** The affinity of i and j from their counts. */
export function affinity(itemCount: number, otherCount: number, together: number, measure: Affinity = 'jaccard', baskets = 0): number {
  if (together <= 0 || itemCount <= 0 || otherCount <= 0) return 0;
  if (measure === 'cooccurrence') return together;
  if (measure === 'lift') return (together * Math.max(baskets, 1)) / (itemCount * otherCount);
  return together / (itemCount + otherCount - together);
}

/** Best first: score, then more baskets together, then id (deterministic). */
export const byScore = (a: CoScored, b: CoScored) => b.score - a.score || b.together - a.together || (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0);

/**
 * The top k partners of one item from its co-count row (`row`: partner → baskets with both) and
 * every partner's own count.
 */
export function scoreRow(itemCount: number, row: Iterable<readonly [string, number]>, countOf: (productId: string) => number, options: CoOptions): CoScored[] {
  const scored: CoScored[] = [];
  for (const [productId, together] of row) {
    if (together < options.minSupport) continue;
    const score = affinity(itemCount, countOf(productId), together, options.affinity, options.baskets);
    if (score > 0) scored.push({ productId, score, together });
  }
  return scored.sort(byScore).slice(0, options.k);
}

/** The top k partners of `productId` in an in-memory co-occurrence. */
export function alsoBought(model: Cooccurrence, productId: string, options: Omit<CoOptions, 'baskets'>): CoScored[] {
  const row = model.pairs.get(productId);
  if (!row) return [];
  return scoreRow(model.itemCounts.get(productId) ?? 0, row, (id) => model.itemCounts.get(id) ?? 0, { ...options, baskets: model.baskets });
}
