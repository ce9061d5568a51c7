import { Badge, cx, Price } from '@omnicart/ui';
import { countryName } from '@/lib/checkout/countries';
import type { DiscountLine } from '@/lib/checkout/discount-code';
import { DiscountRows, Savings } from '@/components/checkout/DiscountRows';
import totals from '@/components/totals.module.css';
import styles from './OrderDetails.module.css';
import table from './OrderTable.module.css';
import { formatOrderDate, orderStatus, shipmentText } from './order-status';

/** What the confirmation page and the account's order page show about one order. */
export interface OrderView {
  id: string;
  number: string;
  status: string;
  /** `discount`: cents promotions took off the line (orders placed before promotions have none). */
  items: Array<{ productId: string; sku: string; name: string; unitPrice: number; quantity: number; lineTotal: number; discount?: number }>;
  subtotal: number;
  /** What each promotion took off (code or automatic); total = subtotal − discount + shipping + tax. */
  discounts?: Array<DiscountLine & { promotionId: string }>;
  shipping: number;
  tax: number;
  total: number;
  currency: string;
  createdAt: string;
  shippingAddress?: { name: string; line1: string; line2?: string | null; city: string; postalCode: string; country: string };
  statusHistory?: Array<{ from: string | null; to: string; note: string | null; at: string }>;
  amountRefunded?: number;
  /** Recorded when the order shipped (null before, or when the shop gave none). */
  carrier?: string | null;
  trackingNumber?: string | null;
}


export function OrderStatusBadge({ status }: { status: string }) {
  const { label, tone } = orderStatus(status);
  return <Badge tone={tone}>{label}</Badge>;
}

export function OrderDetails({ order, headingLevel = 2 }: { order: OrderView; headingLevel?: 2 | 3 }) {
  const H = `h${headingLevel}` as 'h2' | 'h3';
  const address = order.shippingAddress;
  const shipment = shipmentText(order);
  return (
    <div className={styles.order}>
      <dl className={styles.facts}>
        <div>
          <dt>Order number</dt>
          <dd data-testid="order-number">{order.number}</dd>
        </div>
        <div>
          <dt>Placed</dt>
          <dd>{formatOrderDate(order.createdAt, true)}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd data-testid="order-status" data-status={order.status}>
            <OrderStatusBadge status={order.status} />
          </dd>
        </div>
        {shipment ? (
          <div>
            <dt>Shipment</dt>
            <dd data-testid="order-shipment">{shipment}</dd>
          </div>
        ) : null}
      </dl>

      <section aria-labelledby={`items-${order.id}`} className={styles.section}>
        <H id={`items-${order.id}`} className={styles.heading}>
          Items
        </H>
        <table className={table.table}>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col" className={table.num}>
                Price
              </th>
              <th scope="col" className={table.num}>
                Qty
              </th>
              <th scope="col" className={table.num}>
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {order.items.map((item) => (
              <tr key={item.productId}>
                <th scope="row" className={styles.itemName}>
                  {item.name}
                  <span className={styles.sku}>SKU {item.sku}</span>
                </th>
                <td className={table.num}>
                  <Price amount={item.unitPrice} currency={order.currency} size="sm" />
                </td>
                <td className={table.num}>{item.quantity}</td>
                <td className={table.num}>
                  <Price amount={item.lineTotal} currency={order.currency} size="sm" />
                  {item.discount ? (
                    <span className={styles.lineSavings} data-testid="order-line-savings">
                      <span className="oc-visually-hidden">Discount: </span>
                      <Savings amount={item.discount} currency={order.currency} size="sm" />
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <dl className={cx(totals.totals, styles.totals)}>
          <div>
            <dt>Subtotal</dt>
            <dd>
              <Price amount={order.subtotal} currency={order.currency} />
            </dd>
          </div>
          <DiscountRows discounts={order.discounts} currency={order.currency} />
          <div>
            <dt>Shipping</dt>
            <dd>{order.shipping === 0 ? 'Free' : <Price amount={order.shipping} currency={order.currency} />}</dd>
          </div>
          <div>
            <dt>Tax</dt>
            <dd>
              <Price amount={order.tax} currency={order.currency} />
            </dd>
          </div>
          <div className={cx(totals.grandTotal, styles.grandTotal)}>
            <dt>Total</dt>
            <dd data-testid="order-total">
              <Price amount={order.total} currency={order.currency} />
            </dd>
          </div>
          {order.amountRefunded ? (
            <div>
              <dt>Refunded</dt>
              <dd>
                <Price amount={order.amountRefunded} currency={order.currency} />
              </dd>
            </div>
          ) : null}
        </dl>
      </section>

      {address ? (
        <section aria-labelledby={`address-${order.id}`} className={styles.section}>
          <H id={`address-${order.id}`} className={styles.heading}>
            Shipping address
          </H>
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
            {countryName(address.country)}
          </address>
        </section>
      ) : null}

      {order.statusHistory && order.statusHistory.length > 0 ? (
        <section aria-labelledby={`history-${order.id}`} className={styles.section}>
          <H id={`history-${order.id}`} className={styles.heading}>
            Status history
          </H>
          <ol className={styles.history}>
            {order.statusHistory.map((entry) => (
              <li key={`${entry.at}-${entry.to}`}>
                <time dateTime={entry.at}>{formatOrderDate(entry.at, true)}</time> <OrderStatusBadge status={entry.to} />
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}
