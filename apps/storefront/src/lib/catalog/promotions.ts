/**
 * Which running automatic promotion a product shows as a badge ("10 % off"), from one read of
 * `GET /promotions/live` and the category tree: scope order → every product; categories → products
 * of those categories or of their sub-categories; products → those ids. Pure, so the listing, the
 * product page and the tests share it; no per-product calls.
 */

/** The slice of promotions' live answer a badge needs. */
export interface LivePromotion {
  id: string;
  name: string;
  label: string;
  scope: 'order' | 'categories' | 'products';
  categoryIds: readonly string[];
  productIds: readonly string[];
  minSubtotal: number;
  endsAt: string | null;
}

export interface PromotionBadge {
  promotionId: string;
  /** What it takes off, e.g. "10 % off", "Free shipping". */
  label: string;
  /** The promotion's name, e.g. "Weekend sale". */
  name: string;
  /** Cents the order must reach (0: none). */
  minSubtotal: number;
  endsAt: string | null;
}

/** A product as listings and the product page have it. */
export interface BadgeProduct {
  id: string;
  category: { id: string };
}

/** The category tree's shape (top level with children): sub-category id → its parent's id. */
export function parentCategories(tree: ReadonlyArray<{ id: string; children: ReadonlyArray<{ id: string }> }>): ReadonlyMap<string, string> {
  const parents = new Map<string, string>();
  for (const top of tree) for (const child of top.children) parents.set(child.id, top.id);
  return parents;
}

/** More specific first: a product's own promotion, then its category's, then the whole order's. */
const SPECIFICITY: Record<LivePromotion['scope'], number> = { products: 0, categories: 1, order: 2 };

function applies(promotion: LivePromotion, product: BadgeProduct, parents: ReadonlyMap<string, string>): boolean {
  if (promotion.scope === 'order') return true;
  if (promotion.scope === 'products') return promotion.productIds.includes(product.id);
  const categoryId = product.category.id;
  const parentId = parents.get(categoryId);
  return promotion.categoryIds.includes(categoryId) || (parentId !== undefined && promotion.categoryIds.includes(parentId));
}

/** The badge for one product: the most specific live promotion that covers it, or null. */
export function promotionBadge(product: BadgeProduct, live: readonly LivePromotion[], parents: ReadonlyMap<string, string>): PromotionBadge | null {
  let best: LivePromotion | null = null;
  for (const promotion of live) {
    if (!applies(promotion, product, parents)) continue;
    if (!best || SPECIFICITY[promotion.scope] < SPECIFICITY[best.scope]) best = promotion;
  }
  return best ? { promotionId: best.id, label: best.label, name: best.name, minSubtotal: best.minSubtotal, endsAt: best.endsAt } : null;
}

/** Badges for a page of products, by product id (products without one are left out). */
export function promotionBadges(
  products: readonly BadgeProduct[],
  live: readonly LivePromotion[],
  parents: ReadonlyMap<string, string>,
): ReadonlyMap<string, PromotionBadge> {
  const badges = new Map<string, PromotionBadge>();
  if (!live.length) return badges;
  for (const product of products) {
    const badge = promotionBadge(product, live, parents);
    if (badge) badges.set(product.id, badge);
  }
  return badges;
}
