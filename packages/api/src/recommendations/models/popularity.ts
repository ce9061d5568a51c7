import { decayWeight } from './decay.js';

/**
 * "Popular in a category", for-you's taste half: within each leaf category, each product's share of
 * the category's decayed orders, Σ orders·½^(age/h) / Σ over the category — an estimate of
 * P(product | the shopper buys in this category). Pure: the builder feeds it SQL aggregates, the bench
 * its training orders.
 */

export interface CategoryPurchase {
  productId: string;
  categoryId: string;
  at: Date;
  /** Orders holding the product at `at` (default 1). */
  count?: number;
}

export interface CategoryPopular {
  productId: string;
  /** Share of the category's decayed orders (0–1). */
  score: number;
  /** Orders, undecayed (the reason). */
  orders: number;
}

/** The top k products of each category by share; ties by more orders, then id. */
export function categoryPopularity(purchases: Iterable<CategoryPurchase>, now: Date, halfLifeDays: number, k: number): Map<string, CategoryPopular[]> {
  const byCategory = new Map<string, Map<string, CategoryPopular>>();
  const totals = new Map<string, number>();
  for (const purchase of purchases) {
    const count = purchase.count ?? 1;
    const weight = count * decayWeight(now.getTime() - purchase.at.getTime(), halfLifeDays);
    let products = byCategory.get(purchase.categoryId);
    if (!products) byCategory.set(purchase.categoryId, (products = new Map()));
    const entry = products.get(purchase.productId) ?? { productId: purchase.productId, score: 0, orders: 0 };
    entry.score += weight;
    entry.orders += count;
    products.set(purchase.productId, entry);
    totals.set(purchase.categoryId, (totals.get(purchase.categoryId) ?? 0) + weight);
  }
  const lists = new Map<string, CategoryPopular[]>();
  for (const [categoryId, products] of byCategory) {
    const total = totals.get(categoryId) ?? 0;
    if (total <= 0) continue;
    const ranked = [...products.values()]
      .map((entry) => ({ ...entry, score: entry.score / total }))
      .sort((a, b) => b.score - a.score || b.orders - a.orders || (a.productId < b.productId ? -1 : 1))
      .slice(0, k);
    lists.set(categoryId, ranked);
  }
  return lists;
}
