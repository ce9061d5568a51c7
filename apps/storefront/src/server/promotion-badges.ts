import 'server-only';
import { unstable_cache } from 'next/cache';
import { cache } from 'react';
import { getEnv } from '@/env';
import { parentCategories, promotionBadges, type BadgeProduct, type LivePromotion, type PromotionBadge } from '@/lib/catalog/promotions';
import { getCategories } from './catalog-cache';
import { promotionsClient } from './services';

/** The tag of the cached live promotions. */
export const PROMOTIONS_TAG = 'promotions';

/**
 * The automatic promotions running now (`GET /promotions/live`, public), cached like the catalog's
 * public reads but briefly (PROMOTIONS_REVALIDATE_SECONDS, default 60 s): a promotion that starts
 * or ends shows within a minute. Failures are not cached.
 */
function cachedLivePromotions(): Promise<LivePromotion[]> {
  return unstable_cache(async () => (await promotionsClient.live.query()).items, ['promotions:live'], {
    tags: [PROMOTIONS_TAG],
    revalidate: getEnv().PROMOTIONS_REVALIDATE_SECONDS,
  })();
}

/** One read per request (React cache) of the live promotions and the category tree; none when either cannot be had. */
const badgeSources = cache(async (): Promise<{ live: LivePromotion[]; parents: ReadonlyMap<string, string> }> => {
  try {
    const live = await cachedLivePromotions();
    if (!live.length) return { live, parents: new Map() };
    // Only category-scoped promotions need the tree (it is a cached read too).
    const parents = live.some((promotion) => promotion.scope === 'categories') ? parentCategories(await getCategories()) : new Map<string, string>();
    return { live, parents };
  } catch (error) {
    console.warn('promotions: live promotions not shown', error instanceof Error ? error.message : error);
    return { live: [], parents: new Map() };
  }
});

/** The badge of each product of a page (by product id): one cached read for the page, never a call per product. */
export async function promotionBadgesFor(products: readonly BadgeProduct[]): Promise<ReadonlyMap<string, PromotionBadge>> {
  if (!products.length) return new Map();
  const { live, parents } = await badgeSources();
  return promotionBadges(products, live, parents);
}
