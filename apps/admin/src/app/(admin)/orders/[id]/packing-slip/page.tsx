import { serviceStatus } from '@omnicart/bff';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PrintButton } from '@/components/orders/PrintButton';
import { dateTime } from '@/lib/format';
import { requireSection } from '@/server/guard';
import styles from './packing-slip.module.css';

export const metadata: Metadata = { title: 'Packing slip' };

/** What goes in the parcel: no prices (the slip travels with the goods). Printing hides the admin frame. */
export default async function PackingSlipPage({ params }: { params: Promise<{ id: string }> }) {
  const { api } = await requireSection('orders');
  const { id } = await params;
  const order = await api.orders.get.query({ id }).catch((error: unknown) => {
    if (serviceStatus(error) === 404 || serviceStatus(error) === 400) notFound();
    throw error;
  });
  const address = order.shippingAddress;
  return (
    <div className={styles.slip}>
      <p className={`no-print ${styles.toolbar}`}>
        <Link href={`/orders/${order.id}`}>← Back to order {order.number}</Link>
        <PrintButton />
      </p>
      <header className={styles.head}>
        <div>
          <strong className={styles.shop}>OmniCart</strong>
          <h1 className={styles.title}>Packing slip</h1>
        </div>
        <dl className={styles.meta}>
          <dt>Order</dt>
          <dd>{order.number}</dd>
          <dt>Placed</dt>
          <dd>{dateTime(order.createdAt)}</dd>
        </dl>
      </header>
      <section aria-labelledby="ship-to">
        <h2 id="ship-to" className={styles.sub}>
          Ship to
        </h2>
        <address className={styles.address}>
          {address.name}
          <br />
          {address.line1}
          {address.line2 ? (
            <>
              <br />
              {address.line2}
            </>
          ) : null}
          <br />
          {address.postalCode} {address.city}
          <br />
          {address.country}
        </address>
      </section>
      <table className={styles.items}>
        <caption className="oc-visually-hidden">Items in this parcel</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">SKU</th>
            <th scope="col">Qty</th>
            <th scope="col">Packed</th>
          </tr>
        </thead>
        <tbody>
          {order.items.map((item) => (
            <tr key={`${item.productId}-${item.sku}`}>
              <th scope="row">{item.name}</th>
              <td>{item.sku}</td>
              <td>{item.quantity}</td>
              <td aria-label="Packed (tick by hand)">☐</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className={styles.foot}>Thank you for shopping at OmniCart. Questions about this order? Quote {order.number}.</p>
    </div>
  );
}
