import Link from 'next/link';
import { SearchBox } from '@/components/catalog/SearchBox';
import type { CategoryNode } from '@/lib/catalog/types';
import { CartBadge } from './CartBadge';
import styles from './SiteHeader.module.css';
import { UserMenu } from './UserMenu';

/**
 * The site header. `categories`: the nav's top categories, read by the layout (server/) and
 * awaited here, so the page renders alongside the read; empty when the catalog is down.
 */
export async function SiteHeader({ categories: pending }: { categories: Promise<ReadonlyArray<Pick<CategoryNode, 'slug' | 'name'>>> }) {
  const categories = await pending;
  return (
    <header className={styles.header}>
      <div className={styles.bar}>
        <Link href="/" className={styles.logo} aria-label="OmniCart home">
          <svg aria-hidden="true" width="28" height="28" viewBox="0 0 32 32">
            <rect width="32" height="32" rx="7" fill="currentColor" />
            <path d="M9 11h2.2l2.1 9.2h8.1l1.8-6.7H12.6" fill="none" stroke="#fff" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          <span>OmniCart</span>
        </Link>
        <div className={styles.search}>
          <SearchBox />
        </div>
        <nav className={styles.actions} aria-label="Account and cart">
          <UserMenu />
          <CartBadge />
        </nav>
      </div>
      {categories.length > 0 && (
        <nav className={styles.categories} aria-label="Categories">
          <ul>
            {categories.map((category) => (
              <li key={category.slug}>
                <Link href={`/categories/${category.slug}`}>{category.name}</Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </header>
  );
}
