import { Price, cx } from '@omnicart/ui';
import Link from 'next/link';
import styles from './Account.module.css';
import table from './OrderTable.module.css';
import { OrderStatusBadge } from './OrderDetails';
import { formatOrderDate } from './order-status';

export interface OrderListItem {
  id: string;
  number: string;
  status: string;
  total: number;
  currency: string;
  createdAt: string;
  items: unknown[];
}

export function OrderList({ orders }: { orders: OrderListItem[] }) {
  return (
    <table className={cx(table.table, table.middle, styles.orders)}>
      <thead>
        <tr>
          <th scope="col">Order</th>
          <th scope="col">Date</th>
          <th scope="col">Status</th>
          <th scope="col" className={table.num}>
            Total
          </th>
        </tr>
      </thead>
      <tbody>
        {orders.map((order) => (
          <tr key={order.id} data-testid="order-row">
            <th scope="row">
              <Link href={`/account/orders/${order.id}`}>{order.number}</Link>
              <span className={styles.muted}>
                {' '}
                · {order.items.length} {order.items.length === 1 ? 'item' : 'items'}
              </span>
            </th>
            <td>{formatOrderDate(order.createdAt)}</td>
            <td>
              <OrderStatusBadge status={order.status} />
            </td>
            <td className={table.num}>
              <Price amount={order.total} currency={order.currency} size="sm" />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
