import { LinkButton } from '@omnicart/ui';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { OrderDetails } from '@/components/account/OrderDetails';
import { loadConfirmationOrder } from '@/server/order-loaders';
import { getViewer } from '@/server/caller';
import styles from './confirmation.module.css';

export const metadata: Metadata = {
  title: 'Order confirmation',
  robots: { index: false, follow: false },
};

export default async function ConfirmationPage({ params }: { params: Promise<{ orderId: string }> }) {
  const { orderId } = await params;
  const [loaded, viewer] = await Promise.all([loadConfirmationOrder(orderId), getViewer()]);
  if (loaded.status !== 'ok') notFound();
  const { order } = loaded;
  const paid = order.status === 'paid' || order.status === 'fulfilled' || order.status === 'delivered';
  // A declined attempt (reachable by URL from the account's order list) is not thanked for.
  const failed = order.status === 'payment_failed' || order.status === 'cancelled';
  const heading = paid ? 'Thank you for your order!' : failed ? 'This order was not completed' : 'Thank you — your order is being processed';
  return (
    <div className={styles.page}>
      <h1 className="page-title">{heading}</h1>
      <p className={styles.lead}>
        Your order number is <strong>{order.number}</strong>.{' '}
        {order.guestEmail ? (
          <>You checked out as a guest with {order.guestEmail}: keep this number for any question about the order.</>
        ) : paid ? (
          <>You can follow it in your account.</>
        ) : null}
      </p>
      <OrderDetails order={order} />
      <div className={styles.actions}>
        <LinkButton as={Link} href="/">
          Continue shopping
        </LinkButton>
        {viewer && order.customerId ? (
          <LinkButton as={Link} href={`/account/orders/${order.id}`} variant="secondary">
            View in your account
          </LinkButton>
        ) : null}
      </div>
    </div>
  );
}
