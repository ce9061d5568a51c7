import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Page not found', robots: { index: false } };

export default function NotFound() {
  return (
    <section aria-labelledby="not-found-title" style={{ maxWidth: 640 }}>
      <h1 id="not-found-title" className="page-title">
        We couldn’t find that page
      </h1>
      <p>The link may be old, or the product may no longer be sold. Try searching, or start from the home page.</p>
      <form action="/search" role="search" style={{ display: 'flex', gap: 8, flexWrap: 'wrap', margin: '16px 0' }}>
        <label htmlFor="not-found-q" className="oc-visually-hidden">
          Search products
        </label>
        <input id="not-found-q" name="q" type="search" className="oc-input" placeholder="Search products" style={{ flex: '1 1 220px' }} />
        <button type="submit" className="oc-button oc-button--primary">
          Search
        </button>
      </form>
      <p>
        <Link href="/">Back to the home page</Link>
      </p>
    </section>
  );
}
