// Pricing rules of a cart (pure): which lines can be bought now, and what they cost.
import type { PricedProduct } from './clients.js';
import type { CartLineRecord } from './repository.js';
import { CURRENCY, MAX_LINE_QUANTITY, type CartItem, type LineIssue } from './schemas.js';

/** Why a line of `quantity` units of this product cannot be bought now (null: it can). */
export function lineIssue(product: PricedProduct | undefined, quantity: number): LineIssue {
  if (!product || product.status === 'draft') return 'unavailable';
  if (product.status === 'archived') return 'archived';
  if (!product.inStock || product.available <= 0) return 'out_of_stock';
  if (product.available < quantity) return 'insufficient_stock';
  return null;
}

export interface PricedLines {
  items: CartItem[];
  subtotal: number;
  itemCount: number;
  currency: string;
}

/**
 * Prices stored lines with current catalog data. Lines with an issue stay in the cart (flagged,
 * priced when catalog still knows the product) but count in neither subtotal nor itemCount:
 * the totals are what can be bought right now.
 */
export function priceLines(lines: CartLineRecord[], products: PricedProduct[]): PricedLines {
  const byId = new Map(products.map((product) => [product.id, product]));
  let subtotal = 0;
  let itemCount = 0;
  const items = lines.map((line): CartItem => {
    const product = byId.get(line.productId);
    const issue = lineIssue(product, line.quantity);
    const unitPrice = product?.priceAmount ?? 0;
    const lineTotal = unitPrice * line.quantity;
    if (issue === null) {
      subtotal += lineTotal;
      itemCount += line.quantity;
    }
    return {
      productId: line.productId,
      sku: product?.sku ?? '',
      name: product?.name ?? 'Unavailable product',
      slug: product?.slug ?? '',
      image: product?.image ?? null,
      unitPrice,
      quantity: line.quantity,
      lineTotal,
      available: product ? Math.max(0, product.available) : 0,
      maxQuantity: Math.min(MAX_LINE_QUANTITY, product?.maxPerOrder ?? MAX_LINE_QUANTITY),
      issue,
    };
  });
  // The shop sells in one currency (USD); catalog prices are all in it.
  return { items, subtotal, itemCount, currency: CURRENCY };
}
