import Link from 'next/link';
import { dateTime, money } from '@/lib/format';
import type { OrderSummary } from '@/lib/orders/types';
import { StatusBadge } from './StatusBadge';

/** Orders as rows; the number links to the order's page. `compact` (the dashboard's narrow column): number, status, total. */
export function OrdersTable({ orders, caption, compact = false }: { orders: OrderSummary[]; caption: string; compact?: boolean }) {
  if (compact) {
    return (
      <div className="table-scroll">
        <table className="data-table">
          <caption className="oc-visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {orders.map((order) => (
              <tr key={order.id}>
                <th scope="row">
                  <Link href={`/orders/${order.id}`}>{order.number}</Link>
                  <br />
                  <span className="muted">
                    {order.shippingAddress.name} · {dateTime(order.createdAt)}
                  </span>
                </th>
                <td>
                  <StatusBadge status={order.status} />
                </td>
                <td className="num">{money(order.total, order.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className="oc-visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Placed</th>
            <th scope="col">Customer</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Items
            </th>
            <th scope="col" className="num">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {orders.map((order) => (
            <tr key={order.id}>
              <th scope="row">
                <Link href={`/orders/${order.id}`}>{order.number}</Link>
              </th>
              <td>{dateTime(order.createdAt)}</td>
              <td>
                {order.shippingAddress.name}
                <br />
                <span className="muted">{order.guestEmail ? `Guest · ${order.guestEmail}` : 'Customer account'}</span>
              </td>
              <td>
                <StatusBadge status={order.status} />
              </td>
              <td className="num">{order.items.reduce((sum, item) => sum + item.quantity, 0)}</td>
              <td className="num">
                {money(order.total, order.currency)}
                {order.amountRefunded > 0 ? (
                  <>
                    <br />
                    <span className="muted">−{money(order.amountRefunded, order.currency)} refunded</span>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
