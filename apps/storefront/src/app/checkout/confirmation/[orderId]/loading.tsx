import { Skeleton } from '@omnicart/ui';

export default function ConfirmationLoading() {
  return (
    <div aria-busy="true" style={{ display: 'grid', gap: 'var(--oc-space-lg)', maxWidth: 820 }}>
      <Skeleton width="60%" height={40} />
      <Skeleton width="40%" height="1.4em" />
      <Skeleton height={280} shape="block" />
      <Skeleton height={120} shape="block" />
    </div>
  );
}
