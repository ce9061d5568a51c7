import { serviceStatus } from '@omnicart/bff';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { OrderActions } from '@/components/orders/OrderActions';
import styles from '@/components/orders/OrderDetail.module.css';
import { StatusBadge } from '@/components/orders/StatusBadge';
import { EntityHistory } from '@/components/audit/EntityHistory';
import { OrderMessages } from '@/components/messages/OrderMessages';
import { dateTime, money } from '@/lib/format';
import { STATUS_LABELS, availableActions } from '@/lib/orders/status';
import { trackingOf } from '@/lib/orders/tracking';
import type { Payment } from '@/lib/orders/types';
import { entityHistory } from '@/server/audit';
import { orderMessages } from '@/server/messages';
import { requireSection } from '@/server/guard';
import { cancelOrder, fulfilOrder, markDelivered, refundOrder } from '@/server/order-actions';

export const metadata: Metadata = { title: 'Order' };

/** Who made a status change, as the orders service records it (a user id, or system / webhook / guest). */
function actorLabel(actor: string, customerId: string | null): string {
  if (actor === 'system') return 'the checkout';
  if (actor === 'webhook') return 'the payment provider';
  if (actor === 'guest') return 'the guest';
  if (customerId && actor === customerId) return 'the customer';
  return 'staff';
}

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { api, staff } = await requireSection('orders');
  const { id } = await params;
  const order = await api.orders.get.query({ id }).catch((error: unknown) => {
    if (serviceStatus(error) === 404 || serviceStatus(error) === 400) notFound();
    throw error;
  });
  // The payment is the payments service's: its absence (a guest order still pending, an outage) must not hide the order.
  const payment: Payment | null = await api.payments.byOrder.query({ orderId: order.id }).catch(() => null);
  const { actions, refundable } = availableActions(order);
  const tracking = trackingOf(order);
  const currency = order.currency;
  const hasLineDiscounts = order.items.some((item) => item.discount > 0);
  const canReadPromotions = staff.permissions.includes('discounts:read');

  return (
    <div className="stack">
      <p className="no-print">
        <Link href="/orders">← All orders</Link>
      </p>
      <div className="page-header">
        <h1 className="page-title">
          Order {order.number} <StatusBadge status={order.status} />
        </h1>
        <Link className="oc-button oc-button--secondary oc-button--sm" href={`/orders/${order.id}/packing-slip`}>
          Packing slip
        </Link>
      </div>
      <p className="muted">Placed {dateTime(order.createdAt)}</p>

      <div className={styles.layout}>
        <div className={styles.column}>
          <section className="panel" aria-labelledby="items-title">
            <h2 id="items-title" className={styles.panelTitle}>
              Items
            </h2>
            <div className="table-scroll">
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">Product</th>
                    <th scope="col">SKU</th>
                    <th scope="col" className="num">
                      Price
                    </th>
                    <th scope="col" className="num">
                      Qty
                    </th>
                    {hasLineDiscounts ? (
                      <th scope="col" className="num">
                        Discount
                      </th>
                    ) : null}
                    <th scope="col" className="num">
                      Total
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {order.items.map((item) => (
                    <tr key={`${item.productId}-${item.sku}`}>
                      <th scope="row">{item.name}</th>
                      <td>{item.sku}</td>
                      <td className="num">{money(item.unitPrice, currency)}</td>
                      <td className="num">{item.quantity}</td>
                      {hasLineDiscounts ? <td className="num">{item.discount > 0 ? `−${money(item.discount, currency)}` : '—'}</td> : null}
                      <td className="num">{money(item.lineTotal, currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <dl className={styles.totals}>
              <dt>Subtotal</dt>
              <dd>{money(order.subtotal, currency)}</dd>
              {order.discount > 0 ? (
                <>
                  <dt>Discount</dt>
                  <dd data-testid="order-discount">−{money(order.discount, currency)}</dd>
                </>
              ) : null}
              <dt>Shipping</dt>
              <dd>{money(order.shipping, currency)}</dd>
              <dt>Tax</dt>
              <dd>{money(order.tax, currency)}</dd>
              <dt className={styles.grand}>Total</dt>
              <dd className={styles.grand}>{money(order.total, currency)}</dd>
              {order.amountRefunded > 0 ? (
                <>
                  <dt>Refunded</dt>
                  <dd data-testid="amount-refunded">−{money(order.amountRefunded, currency)}</dd>
                  <dt>Net</dt>
                  <dd>{money(order.total - order.amountRefunded, currency)}</dd>
                </>
              ) : null}
            </dl>
          </section>

          {order.discounts.length ? (
            <section className="panel" aria-labelledby="discounts-title">
              <h2 id="discounts-title" className={styles.panelTitle}>
                Discounts
              </h2>
              <table className="data-table">
                <caption className="oc-visually-hidden">Promotions applied to this order</caption>
                <thead>
                  <tr>
                    <th scope="col">Promotion</th>
                    <th scope="col">Code</th>
                    <th scope="col">Discount</th>
                    <th scope="col" className="num">
                      Amount
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {order.discounts.map((discount) => (
                    <tr key={discount.promotionId}>
                      <th scope="row">{canReadPromotions ? <Link href={`/promotions/${discount.promotionId}`}>{discount.name}</Link> : discount.name}</th>
                      <td>{discount.code ? <code>{discount.code}</code> : 'Automatic'}</td>
                      <td>{discount.label}</td>
                      <td className="num">−{money(discount.amount, currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ) : null}

          <section className="panel" aria-labelledby="history-title">
            <h2 id="history-title" className={styles.panelTitle}>
              Status history
            </h2>
            <ol className={styles.timeline}>
              {order.statusHistory.map((entry, index) => (
                <li key={`${entry.at}-${index}`}>
                  <strong>{STATUS_LABELS[entry.to]}</strong>
                  {entry.from ? <span className="muted"> (from {STATUS_LABELS[entry.from]})</span> : null}
                  <br />
                  <span className="muted">
                    {dateTime(entry.at)} · by {actorLabel(entry.actor, order.customerId)}
                  </span>
                  {entry.note ? <p style={{ margin: '4px 0 0' }}>{entry.note}</p> : null}
                </li>
              ))}
            </ol>
          </section>

          <OrderMessages orderId={order.id} messages={await orderMessages(order.id)} headingClassName={styles.panelTitle} />
        </div>

        <div className={styles.column}>
          <section className="panel" aria-labelledby="actions-title">
            <h2 id="actions-title" className={styles.panelTitle}>
              Actions
            </h2>
            <OrderActions
              orderId={order.id}
              currency={currency}
              actions={actions}
              refundable={refundable}
              canWrite={staff.permissions.includes('orders:write')}
              canRefund={staff.permissions.includes('orders:refund')}
              fulfil={fulfilOrder}
              deliver={markDelivered}
              cancel={cancelOrder}
              refund={refundOrder}
            />
          </section>

          <section className="panel" aria-labelledby="customer-title">
            <h2 id="customer-title" className={styles.panelTitle}>
              Customer
            </h2>
            <dl className={styles.facts}>
              {order.guestEmail ? (
                <>
                  <dt>Guest</dt>
                  <dd>
                    <a href={`mailto:${order.guestEmail}`}>{order.guestEmail}</a>
                  </dd>
                </>
              ) : (
                <>
                  <dt>Account</dt>
                  <dd>
                    <Link href={`/orders?customerId=${order.customerId}`}>Orders of this customer</Link>
                    <br />
                    <span className="muted">{order.customerId}</span>
                  </dd>
                </>
              )}
            </dl>
          </section>

          <section className="panel" aria-labelledby="shipping-title">
            <h2 id="shipping-title" className={styles.panelTitle}>
              Shipping
            </h2>
            <address style={{ fontStyle: 'normal' }}>
              {order.shippingAddress.name}
              <br />
              {order.shippingAddress.line1}
              {order.shippingAddress.line2 ? (
                <>
                  <br />
                  {order.shippingAddress.line2}
                </>
              ) : null}
              <br />
              {order.shippingAddress.postalCode} {order.shippingAddress.city}
              <br />
              {order.shippingAddress.country}
            </address>
            {tracking ? (
              <dl className={styles.facts} style={{ marginTop: 8 }}>
                <dt>Carrier</dt>
                <dd>{tracking.carrier}</dd>
                <dt>Tracking number</dt>
                <dd data-testid="tracking-number">{tracking.trackingNumber}</dd>
              </dl>
            ) : null}
          </section>

          <section className="panel" aria-labelledby="payment-title">
            <h2 id="payment-title" className={styles.panelTitle}>
              Payment
            </h2>
            {payment ? (
              <dl className={styles.facts}>
                <dt>Status</dt>
                <dd>{payment.status}</dd>
                <dt>Captured</dt>
                <dd>{money(payment.amount, payment.currency)}</dd>
                <dt>Refunded</dt>
                <dd>{money(payment.amountRefunded, payment.currency)}</dd>
                <dt>Method</dt>
                <dd>{payment.paymentMethod}</dd>
                {payment.intentId ? (
                  <>
                    <dt>Intent</dt>
                    <dd>{payment.intentId}</dd>
                  </>
                ) : null}
                {payment.declineCode ? (
                  <>
                    <dt>Declined</dt>
                    <dd>
                      {payment.declineCode}
                      {payment.message ? ` — ${payment.message}` : ''}
                    </dd>
                  </>
                ) : null}
              </dl>
            ) : (
              <p className="muted">
                Payment status: {order.payment.status}. The payment’s details could not be loaded{order.payment.intentId ? ` (intent ${order.payment.intentId})` : ''}.
              </p>
            )}
          </section>
        </div>
      </div>
      <EntityHistory entityType="order" entityId={order.id} history={await entityHistory('order', order.id)} />
    </div>
  );
}
