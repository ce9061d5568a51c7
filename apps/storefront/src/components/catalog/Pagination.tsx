import { LinkButton } from '@omnicart/ui';
import Link from 'next/link';
import { listingHref, nextPage, pageNumber, previousPage, type ListingMode, type ListingParams } from '@/lib/catalog/listing-params';
import styles from './catalog.module.css';

/**
 * Keyset pagination: "Next page" carries the catalog's cursor, "Previous page" the trail of earlier
 * cursors (prev), so both are plain, shareable links.
 */
export function Pagination({ params, mode, nextCursor }: { params: ListingParams; mode: ListingMode; nextCursor: string | null }) {
  const previous = previousPage(params);
  if (!previous && !nextCursor) return null;
  return (
    <nav className={styles.pagination} aria-label="Pagination">
      {previous ? (
        <LinkButton as={Link} href={listingHref(previous, mode)} variant="secondary" rel="prev">
          <span aria-hidden="true">← </span>Previous page
        </LinkButton>
      ) : (
        <span />
      )}
      <span className={styles.pageNumber} aria-current="page">
        Page {pageNumber(params)}
      </span>
      {nextCursor ? (
        <LinkButton as={Link} href={listingHref(nextPage(params, nextCursor), mode)} variant="secondary" rel="next">
          Next page<span aria-hidden="true"> →</span>
        </LinkButton>
      ) : (
        <span />
      )}
    </nav>
  );
}
