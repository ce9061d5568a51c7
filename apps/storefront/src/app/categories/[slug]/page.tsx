import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Breadcrumb } from '@/components/catalog/Breadcrumb';
import { JsonLd } from '@/components/catalog/JsonLd';
import { breadcrumbJsonLd, type Crumb } from '@/components/catalog/json-ld';
import { ListingView } from '@/components/catalog/ListingView';
import { hasFilters, parseListingParams, type RawSearchParams } from '@/lib/catalog/listing-params';
import { getEnv } from '@/env';
import { getCategories } from '@/server/catalog-cache';
import { loadListing } from '@/server/catalog-listing';
import { findCategory, listingCategories } from '@/server/catalog-pages';
import { recordPageView } from '@/server/analytics/page-views';
import { promotionBadgesFor } from '@/server/promotion-badges';

export const dynamic = 'force-dynamic';

interface CategoryPageProps {
  params: Promise<{ slug: string }>;
  searchParams: Promise<RawSearchParams>;
}

export async function generateMetadata({ params, searchParams }: CategoryPageProps): Promise<Metadata> {
  const { slug } = await params;
  const category = await findCategory(slug);
  if (!category) return { title: 'Category not found', robots: { index: false } };
  const listing = parseListingParams(await searchParams);
  const url = `${getEnv().STOREFRONT_URL}/categories/${category.slug}`;
  const description = `Shop ${category.productCount.toLocaleString('en-US')} ${category.name.toLowerCase()} products at OmniCart: compare prices, brands and colours.`;
  return {
    title: category.name,
    description,
    alternates: { canonical: url },
    openGraph: { type: 'website', url, title: `${category.name} · OmniCart`, description },
    // Filtered, sorted and later pages point at the category itself and stay out of the index.
    ...(hasFilters(listing, 'category') || listing.sort || listing.cursor || listing.q ? { robots: { index: false, follow: true } } : {}),
  };
}

export default async function CategoryPage({ params, searchParams }: CategoryPageProps) {
  const { slug } = await params;
  const [category, raw, categories] = await Promise.all([findCategory(slug), searchParams, getCategories()]);
  if (!category) notFound();

  // The path names the category; a `category` query parameter would contradict it.
  const requested = { ...parseListingParams(raw), category: category.slug };
  const data = await loadListing(requested, 'category');
  const promotions = await promotionBadgesFor(data.page.items);
  recordPageView(`/categories/${category.slug}`, { pageType: 'category', categoryId: category.id, resultCount: data.page.facets.total });
  const { categoryNames, popularCategories } = listingCategories(categories, category.slug);
  const crumbs: Crumb[] = [
    { name: 'Home', href: '/' },
    ...(category.parent ? [{ name: category.parent.name, href: `/categories/${category.parent.slug}` }] : []),
    { name: category.name, href: `/categories/${category.slug}` },
  ];

  return (
    <>
      <Breadcrumb crumbs={crumbs} />
      <JsonLd data={breadcrumbJsonLd(crumbs, getEnv().STOREFRONT_URL)} />
      <ListingView mode="category" data={data} heading={category.name} popularCategories={popularCategories} categoryNames={categoryNames} promotions={promotions} />
    </>
  );
}
