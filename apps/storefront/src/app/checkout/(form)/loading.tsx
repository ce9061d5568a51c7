import { Skeleton } from '@omnicart/ui';

export default function CheckoutLoading() {
  return (
    <div aria-busy="true" style={{ display: 'grid', gap: 'var(--oc-space-lg)', maxWidth: 720 }}>
      <h1 className="page-title">Checkout</h1>
      <Skeleton height={520} shape="block" />
      <Skeleton height={220} shape="block" />
      <Skeleton height={360} shape="block" />
    </div>
  );
}
