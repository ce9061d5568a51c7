import { LinkButton } from '@omnicart/ui';
import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { TrackedProducts } from '@/components/analytics/TrackedProducts';
import { ProductGrid } from '@/components/catalog/ProductGrid';
import { pickBestSellers } from '@/components/catalog/best-sellers';
import type { CategoryNode, ProductListItem } from '@/lib/catalog/types';
import { getEnv } from '@/env';
import { getBestSellers, getCategories, getNewArrivals, listProducts } from '@/server/catalog-cache';
import { recordPageView } from '@/server/analytics/page-views';
import styles from './home.module.css';
import { HomeRecommendations } from './_shelves/Shelves';

// Per request (the header reads the session); the catalog reads behind it are cached.
export const dynamic = 'force-dynamic';

const SHELF = 8;

export function generateMetadata(): Metadata {
  const url = `${getEnv().STOREFRONT_URL}/`;
  const description = 'Shop electronics, home, fashion and more at OmniCart: new arrivals every week, best sellers and fast delivery.';
  return {
    title: { absolute: 'OmniCart — everything you need, delivered' },
    description,
    alternates: { canonical: url },
    openGraph: { type: 'website', url, title: 'OmniCart — everything you need, delivered', description },
  };
}

/** Best sellers, filled up with other products when too few have sold (the heading says which). */
async function bestSellerShelf(sold: ProductListItem[], exclude: readonly string[]) {
  let fillers: ProductListItem[] = [];
  if (sold.length < 4) {
    fillers = await listProducts({ inStock: true, sort: 'price_desc', limit: SHELF * 2 })
      .then((page) => page.items)
      .catch((): ProductListItem[] => []);
  }
  return pickBestSellers(sold, fillers, exclude, SHELF);
}

const tracked = (products: ProductListItem[]) => products.map((product) => ({ id: product.id, slug: product.slug }));

export default async function HomePage() {
  recordPageView('/', { pageType: 'home' });
  const [categories, newArrivals, sold] = await Promise.all([
    getCategories(),
    getNewArrivals(SHELF),
    getBestSellers(SHELF).catch((): ProductListItem[] => []),
  ]);
  const shelf = await bestSellerShelf(sold, newArrivals.map((product) => product.id));

  return (
    <div className={styles.home}>
      <section className={styles.hero} aria-labelledby="hero-heading">
        <div className={styles.heroText}>
          <h1 id="hero-heading" className={styles.heroTitle}>
            Everything you need, delivered
          </h1>
          <p className={styles.heroLead}>
            Headphones to hiking boots: thousands of products, honest prices and free shipping on larger orders.
          </p>
          <div className={styles.heroActions}>
            <LinkButton as={Link} href="/search" variant="primary" size="lg">
              Shop all products
            </LinkButton>
            <LinkButton as={Link} href="/search?sort=newest" variant="secondary" size="lg">
              See what’s new
            </LinkButton>
          </div>
        </div>
      </section>

      {categories.length ? <FeaturedCategories categories={categories} /> : null}

      <section aria-labelledby="new-arrivals-heading" className={styles.shelf}>
        <div className={styles.shelfHeader}>
          <h2 id="new-arrivals-heading">New arrivals</h2>
          <Link href="/search?sort=newest">See all new arrivals</Link>
        </div>
        <TrackedProducts list="new_arrivals" products={tracked(newArrivals)}>
          <ProductGrid products={newArrivals} priorityCount={2} />
        </TrackedProducts>
      </section>

      {shelf.products.length ? (
        <section aria-labelledby="best-sellers-heading" className={styles.shelf}>
          <div className={styles.shelfHeader}>
            <h2 id="best-sellers-heading">{shelf.heading}</h2>
            <Link href="/search">Browse all products</Link>
          </div>
          <TrackedProducts list="best_sellers" products={tracked(shelf.products)}>
            <ProductGrid products={shelf.products} />
          </TrackedProducts>
        </section>
      ) : null}

      {/* "Recommended for you" or "Trending now": streams in after the page (last, so nothing above it moves), or is left out. */}
      <Suspense fallback={null}>
        <HomeRecommendations />
      </Suspense>
    </div>
  );
}

function FeaturedCategories({ categories }: { categories: CategoryNode[] }) {
  const featured = [...categories].filter((category) => category.productCount > 0).sort((a, b) => b.productCount - a.productCount).slice(0, 8);
  return (
    <section aria-labelledby="categories-heading" className={styles.shelf}>
      <div className={styles.shelfHeader}>
        <h2 id="categories-heading">Shop by category</h2>
      </div>
      <ul className={styles.categories}>
        {featured.map((category) => (
          <li key={category.slug}>
            <Link href={`/categories/${category.slug}`} className={styles.category}>
              <span className={styles.categoryName}>{category.name}</span>
              <span className={styles.categoryCount}>
                {category.productCount.toLocaleString('en-US')} {category.productCount === 1 ? 'product' : 'products'}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
