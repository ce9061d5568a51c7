import { Skeleton } from '@omnicart/ui';

export default function AccountOrderLoading() {
  return (
    <div aria-busy="true" style={{ display: 'grid', gap: 'var(--oc-space-lg)' }}>
      <Skeleton width={180} height="1.2em" />
      <Skeleton width="50%" height={40} />
      <Skeleton height={280} shape="block" />
      <Skeleton height={140} shape="block" />
    </div>
  );
}
