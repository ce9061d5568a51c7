import type { Metadata } from 'next';
import Link from 'next/link';
import { ListingView } from '@/components/catalog/ListingView';
import { listingHref, parseListingParams, type RawSearchParams } from '@/lib/catalog/listing-params';
import styles from '@/components/catalog/catalog.module.css';
import { getCategories } from '@/server/catalog-cache';
import { loadListing } from '@/server/catalog-listing';
import { listingCategories } from '@/server/catalog-pages';
import { recordPageView } from '@/server/analytics/page-views';
import { promotionBadgesFor } from '@/server/promotion-badges';

// Rendered per request (the URL is the query); the catalog reads behind it are cached.
export const dynamic = 'force-dynamic';

interface SearchPageProps {
  searchParams: Promise<RawSearchParams>;
}

export async function generateMetadata({ searchParams }: SearchPageProps): Promise<Metadata> {
  const { q } = parseListingParams(await searchParams);
  return {
    title: q ? `Search results for “${q}”` : 'All products',
    description: q ? `Products matching “${q}” at OmniCart.` : 'Browse every product at OmniCart.',
    // Result pages are endless combinations: keep them out of the index, follow their links.
    robots: { index: false, follow: true },
  };
}

/** At most 200 characters for analytics, never half an emoji. */
const clip = (text: string) => Array.from(text).slice(0, 200).join('');

export default async function SearchPage({ searchParams }: SearchPageProps) {
  const requested = parseListingParams(await searchParams);
  const [data, categories] = await Promise.all([loadListing(requested, 'search'), getCategories().catch(() => [])]);
  const q = data.params.q;
  const corrected = q && data.page.correctedQuery && data.page.correctedQuery !== q ? data.page.correctedQuery : null;
  const { categoryNames, popularCategories } = listingCategories(categories);
  const promotions = await promotionBadgesFor(data.page.items);
  recordPageView('/search', {
    pageType: 'search',
    ...(q ? { query: clip(q) } : {}),
    resultCount: data.page.facets.total,
    ...(corrected ? { correctedQuery: clip(corrected) } : {}),
  });

  return (
    <ListingView
      mode="search"
      data={data}
      popularCategories={popularCategories}
      categoryNames={categoryNames}
      promotions={promotions}
      heading={q ? <>Results for “{q}”</> : 'All products'}
      intro={
        corrected ? (
          <p className={styles.correction}>
            Showing results for <strong>{corrected}</strong>. You searched for{' '}
            <Link href={listingHref({ brand: [], colour: [], inStock: false, prev: [], q })}>“{q}”</Link>.
          </p>
        ) : null
      }
    />
  );
}
