import { Skeleton } from '@omnicart/ui';
import styles from '@/components/account/Account.module.css';

export default function AccountLoading() {
  return (
    <div aria-busy="true">
      <div className={styles.header}>
        <h1 className="page-title">Your account</h1>
        <Skeleton width={96} height={40} shape="block" />
      </div>
      <div className={styles.layout}>
        <Skeleton height={300} shape="block" />
        <Skeleton height={420} shape="block" />
      </div>
    </div>
  );
}
