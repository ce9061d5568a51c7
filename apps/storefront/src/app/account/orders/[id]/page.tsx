import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import styles from '@/components/account/Account.module.css';
import { OrderDetails } from '@/components/account/OrderDetails';
import { loadAccountOrder } from '@/server/order-loaders';

export const metadata: Metadata = {
  title: 'Order details',
  robots: { index: false, follow: false },
};

export default async function AccountOrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // The layout already redirected guests and answered 404 for orders that are not theirs.
  const loaded = await loadAccountOrder(id);
  if (loaded.status !== 'ok') notFound();
  const { order } = loaded;
  return (
    <>
      <Link href="/account" className={styles.back}>
        ← Back to your account
      </Link>
      <h1 className="page-title">Order {order.number}</h1>
      <OrderDetails order={order} />
    </>
  );
}
