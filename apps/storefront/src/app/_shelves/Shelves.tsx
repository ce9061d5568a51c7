import type { ReactNode } from 'react';
import { RecommendationShelf } from '@/components/recommendations/RecommendationShelf';
import { cartShelf, homeShelf, productShelves } from '@/server/recommendations';

/**
 * The recommendation shelves as async server components. Pages render them inside <Suspense> with
 * no fallback, so the page (and its time to first byte) never waits for them: each streams in when
 * recommendations answers, within SHELF_TIMEOUT_MS, or is left out (server/recommendations.ts).
 * `_shelves` is a private folder (no route).
 */

/** Product page: "Customers also bought" and "Similar products", or `fallback` ("More from <category>") when neither has data. */
export async function ProductRecommendations({ productId, fallback }: { productId: string; fallback: ReactNode }) {
  const shelves = await productShelves(productId);
  if (!shelves.length) return fallback;
  return (
    <>
      {shelves.map((shelf) => (
        <RecommendationShelf key={shelf.shelf} shelf={shelf.shelf} products={shelf.products} sourceProductId={shelf.sourceProductId} />
      ))}
    </>
  );
}

/** Cart page: "Frequently bought together" for the cart's products. */
export async function CartRecommendations({ productIds }: { productIds: string[] }) {
  const shelf = await cartShelf(productIds);
  return shelf ? <RecommendationShelf shelf={shelf.shelf} products={shelf.products} /> : null;
}

/** Home page: "Recommended for you" (signed in, or a returning visitor) or "Trending now". */
export async function HomeRecommendations() {
  const shelf = await homeShelf();
  return shelf ? <RecommendationShelf shelf={shelf.shelf} products={shelf.products} /> : null;
}
