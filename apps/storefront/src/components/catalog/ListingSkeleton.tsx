import { Skeleton } from '@omnicart/ui';
import styles from './catalog.module.css';

/** Fixed-size placeholder of a listing page (same boxes as the real one: no jump when it arrives). */
export function ListingSkeleton({ cards = 8 }: { cards?: number }) {
  return (
    <div className={styles.listing} aria-busy="true">
      <p className="oc-visually-hidden" role="status">
        Loading products…
      </p>
      <div className={styles.listingHeader}>
        <Skeleton width="min(360px, 70%)" height={40} shape="block" />
      </div>
      <div className={styles.toolbar}>
        <Skeleton width={120} height={24} />
        <Skeleton width={220} height={40} shape="block" />
      </div>
      <div className={styles.body}>
        <div className={styles.sidebar}>
          <Skeleton width="100%" height={320} shape="block" />
        </div>
        <div className={styles.results}>
          <ProductGridSkeleton cards={cards} />
        </div>
      </div>
    </div>
  );
}

export function ProductGridSkeleton({ cards = 8 }: { cards?: number }) {
  return (
    <ul className="oc-grid-products" aria-hidden="true">
      {Array.from({ length: cards }, (_, index) => (
        <li key={index} className={styles.cardSkeleton}>
          <Skeleton width="100%" height="auto" shape="block" style={{ aspectRatio: '1 / 1' }} />
          <Skeleton width="80%" height={20} />
          <Skeleton width="40%" height={16} />
          <Skeleton width="30%" height={20} />
        </li>
      ))}
    </ul>
  );
}
