/** The home page's best-seller shelf: real best sellers when enough have sold, else filled up honestly. */

/** Fewer sold products than this and the shelf is filled up (and no longer called "Best sellers"). */
export const MIN_BEST_SELLERS = 4;

export interface Shelf<T> {
  heading: 'Best sellers' | 'Popular right now' | 'Featured products';
  products: T[];
}

/**
 * `sold`: best sellers, most units first. `fillers`: other products to fill up with (those already
 * sold or listed in `exclude`, e.g. the new arrivals above, are skipped).
 */
export function pickBestSellers<T extends { id: string }>(sold: readonly T[], fillers: readonly T[], exclude: readonly string[], size: number): Shelf<T> {
  if (sold.length >= MIN_BEST_SELLERS) return { heading: 'Best sellers', products: sold.slice(0, size) };
  const taken = new Set(sold.map((product) => product.id));
  const skipped = new Set(exclude);
  const products = [...sold];
  const fill = (allowExcluded: boolean) => {
    for (const product of fillers) {
      if (products.length >= size) return;
      if (taken.has(product.id) || (!allowExcluded && skipped.has(product.id))) continue;
      taken.add(product.id);
      products.push(product);
    }
  };
  fill(false);
  fill(true); // a small catalog may have nothing but the new arrivals
  return { heading: sold.length ? 'Popular right now' : 'Featured products', products };
}
