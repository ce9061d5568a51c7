import type { CatalogProduct, DiscountRequest, Evaluation } from './clients.js';
import type { AppliedDiscounts } from './pricing.js';
import type { OrderDiscount } from './repository.js';

/**
 * Promotions' answer as an order keeps it: what the totals subtract (pricing.ts), the snapshot of
 * each promotion's part, and each line's share. Promotions decides what applies; orders only adds
 * up what it was told (README: Discounts).
 */
export interface OrderDiscounts {
  applied: AppliedDiscounts;
  snapshot: OrderDiscount[];
  /** Product id → cents off its line. */
  perLine: Map<string, number>;
}

export const NO_DISCOUNTS: OrderDiscounts = { applied: { lines: 0, shipping: 0 }, snapshot: [], perLine: new Map() };

export function orderDiscountsOf(evaluation: Evaluation | null): OrderDiscounts {
  if (!evaluation || evaluation.applied.length === 0) return NO_DISCOUNTS;
  return {
    applied: { lines: evaluation.discount - evaluation.shippingDiscount, shipping: evaluation.shippingDiscount },
    snapshot: evaluation.applied.map((a) => ({ promotionId: a.promotionId, kind: a.kind, code: a.code, name: a.name, label: a.label, amount: a.amount })),
    perLine: new Map(evaluation.lines.map((line) => [line.productId, line.amount])),
  };
}

/** A priced line as promotions needs it. */
export const discountLine = (product: Pick<CatalogProduct, 'id' | 'priceAmount' | 'categoryId'>, quantity: number): DiscountRequest['lines'][number] => ({
  productId: product.id,
  categoryId: product.categoryId ?? null,
  unitPrice: product.priceAmount,
  quantity,
});
