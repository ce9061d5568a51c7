import { Skeleton } from '@omnicart/ui';
import styles from './product.module.css';

/** Same boxes as the product page (square image, title, price, buttons): no jump when it arrives. */
export default function Loading() {
  return (
    <div aria-busy="true">
      <p className="oc-visually-hidden" role="status">
        Loading product…
      </p>
      <div style={{ marginBottom: 'var(--oc-space-md)' }}>
        <Skeleton width={260} height={20} />
      </div>
      <div className={styles.product}>
        <div className={styles.gallery}>
          <div className={styles.mainImage}>
            <Skeleton width="100%" height="100%" shape="block" />
          </div>
        </div>
        <div className={styles.details}>
          <Skeleton width={100} height={16} />
          <Skeleton width="80%" height={40} shape="block" />
          <Skeleton width={160} height={32} shape="block" />
          <Skeleton width="100%" height={72} shape="block" />
          <Skeleton width="100%" height={120} shape="block" />
        </div>
      </div>
    </div>
  );
}
