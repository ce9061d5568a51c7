import { Badge } from '@omnicart/ui';
import type { Metadata } from 'next';
import Link from 'next/link';
import { Pager } from '@/components/Pager';
import { FilterButtons, ListTotal, PageSizeField } from '@/components/ListControls';
import styles from '@/components/lists.module.css';
import { dateTime } from '@/lib/format';
import { isFiltered, parseUserListParams, userListInput, userListQuery } from '@/lib/users/list-params';
import { USER_SORT_LABELS } from '@/lib/users/types';
import type { SearchParams } from '@/lib/url-state';
import { orForbidden, requireSection } from '@/server/guard';

export const metadata: Metadata = { title: 'Customers' };

/** Customer accounts: search, access filter, sort and page in the URL (a plain GET form), the total, a CSV export of the filter. */
export default async function CustomersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { api } = await requireSection('customers');
  const { staffRole: _staffRole, ...state } = parseUserListParams(await searchParams);
  const result = await orForbidden(api.identity.list.query(userListInput(state)));
  const filtered = isFiltered(state);
  const exportQuery = userListQuery({ ...state, page: 1, pageSize: 20 });

  return (
    <div className="stack">
      <div className="page-header">
        <h1 className="page-title">Customers</h1>
        <a className="oc-button oc-button--secondary oc-button--sm" href={`/customers/export.csv${exportQuery}`} download>
          Export CSV{filtered ? ' (current filter)' : ''}
        </a>
      </div>

      <form method="get" action="/customers" className={`panel ${styles.filters}`} role="search" aria-label="Filter customers">
        <label className={styles.wide}>
          Search
          <input className="oc-input" type="search" name="q" defaultValue={state.q} placeholder="Name or email" />
        </label>
        <label>
          Access
          <select className="oc-select" name="disabled" defaultValue={state.disabled ?? ''}>
            <option value="">Active and disabled</option>
            <option value="no">Active only</option>
            <option value="yes">Disabled only</option>
          </select>
        </label>
        <label>
          Sort
          <select className="oc-select" name="sort" defaultValue={state.sort}>
            {Object.entries(USER_SORT_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <PageSizeField value={state.pageSize} />
        <FilterButtons filtered={filtered} clearHref="/customers" />
      </form>

      <ListTotal noun={{ one: 'customer', many: 'customers', none: 'No customers yet.' }} result={result} filtered={filtered} />
      {result.items.length ? (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="oc-visually-hidden">Customers</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Access</th>
                <th scope="col">Customer since</th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((customer) => (
                <tr key={customer.id}>
                  <th scope="row">
                    <Link href={`/customers/${customer.id}`}>{customer.name}</Link>
                  </th>
                  <td>{customer.email}</td>
                  <td>{customer.disabled ? <Badge tone="danger">Disabled</Badge> : <Badge tone="success">Active</Badge>}</td>
                  <td>{dateTime(customer.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pager page={result.page} pageSize={result.pageSize} total={result.total} href={(page) => `/customers${userListQuery(state, { page })}`} label="Customer pages" />
    </div>
  );
}
