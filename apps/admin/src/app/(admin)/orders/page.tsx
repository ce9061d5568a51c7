import type { Metadata } from 'next';
import { Pager } from '@/components/Pager';
import { OrdersTable } from '@/components/orders/OrdersTable';
import { exportQuery, orderListQuery, parseOrderListParams } from '@/lib/orders/list-params';
import { STATUS_LABELS } from '@/lib/orders/status';
import { ORDER_STATUSES_LIST } from '@/lib/orders/statuses';
import { decimalFromCents, type SearchParams } from '@/lib/url-state';
import { requireSection } from '@/server/guard';
import { searchOrders } from '@/server/orders';
import { FilterButtons, ListTotal, PageSizeField } from '@/components/ListControls';
import styles from '@/components/lists.module.css';

export const metadata: Metadata = { title: 'Orders' };

const SORT_LABELS = { created_desc: 'Newest first', created_asc: 'Oldest first', total_desc: 'Highest total', total_asc: 'Lowest total' } as const;

/** Every filter, the sort and the page live in the URL: a plain GET form, shareable, no JavaScript needed. */
export default async function OrdersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { api } = await requireSection('orders');
  const state = parseOrderListParams(await searchParams);
  const result = await searchOrders(api, state);
  const filtered = Boolean(state.q || state.status || state.from || state.to || state.customerId || state.minTotal !== undefined || state.maxTotal !== undefined);

  return (
    <div className="stack">
      <div className="page-header">
        <h1 className="page-title">Orders</h1>
        <a className="oc-button oc-button--secondary oc-button--sm" href={`/orders/export.csv${exportQuery(state)}`} download>
          Export CSV{filtered ? ' (current filter)' : ''}
        </a>
      </div>

      <form method="get" action="/orders" className={`panel ${styles.filters}`} role="search" aria-label="Filter orders">
        <label className={styles.wide}>
          Search
          <input className="oc-input" type="search" name="q" defaultValue={state.q} placeholder="Order number, email, name or id" />
        </label>
        <label>
          Status
          <select className="oc-select" name="status" defaultValue={state.status ?? ''}>
            <option value="">Any status</option>
            {ORDER_STATUSES_LIST.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Placed from
          <input className="oc-input" type="date" name="from" defaultValue={state.from} />
        </label>
        <label>
          Placed to
          <input className="oc-input" type="date" name="to" defaultValue={state.to} />
        </label>
        <label>
          Min total ($)
          <input className="oc-input" type="text" inputMode="decimal" name="minTotal" defaultValue={decimalFromCents(state.minTotal)} size={8} />
        </label>
        <label>
          Max total ($)
          <input className="oc-input" type="text" inputMode="decimal" name="maxTotal" defaultValue={decimalFromCents(state.maxTotal)} size={8} />
        </label>
        <label>
          Customer id
          <input className="oc-input" type="text" name="customerId" defaultValue={state.customerId} spellCheck={false} />
        </label>
        <label>
          Sort
          <select className="oc-select" name="sort" defaultValue={state.sort}>
            {Object.entries(SORT_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <PageSizeField value={state.pageSize} />
        <FilterButtons filtered={filtered} clearHref="/orders" />
      </form>


      <ListTotal noun={{ one: 'order', many: 'orders', none: 'No orders yet.' }} result={result} filtered={filtered} />
      {result.items.length ? <OrdersTable orders={result.items} caption="Orders" /> : null}
      <Pager page={result.page} pageSize={result.pageSize} total={result.total} href={(page) => `/orders${orderListQuery(state, { page })}`} label="Order pages" />
    </div>
  );
}
