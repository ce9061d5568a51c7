import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import styles from '@/components/account/Account.module.css';
import { OrderDetails } from '@/components/account/OrderDetails';
import { getServerApi, getViewer } from '@/server/caller';

export const metadata: Metadata = {
  title: 'Order details',
  robots: { index: false, follow: false },
};

export default async function AccountOrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const login = `/login?callbackUrl=${encodeURIComponent(`/account/orders/${id}`)}`;
  if (!(await getViewer())) redirect(login);
  const api = await getServerApi();
  let order;
  try {
    order = await api.account.order({ id });
  } catch (error) {
    const code = (error as { code?: string } | null)?.code;
    if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') notFound();
    if (code === 'UNAUTHORIZED') redirect(login);
    throw error;
  }
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
