import type { Metadata } from 'next';
import { Pager } from '@/components/Pager';
import { StockTable } from '@/components/inventory/StockTable';
import { FilterButtons, ListTotal, PageSizeField } from '@/components/ListControls';
import styles from '@/components/lists.module.css';
import { parseStockListParams, stockListQuery } from '@/lib/inventory/list-params';
import { STOCK_SORT_LABELS } from '@/lib/inventory/types';
import type { SearchParams } from '@/lib/url-state';
import { orForbidden, requireSection } from '@/server/guard';

export const metadata: Metadata = { title: 'Inventory' };

/** Stock per SKU: prefix search, the low-stock filter, sort and page in the URL (a plain GET form). */
export default async function InventoryPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { api, staff } = await requireSection('inventory');
  const state = parseStockListParams(await searchParams);
  const { q, lowStock, sort, page, pageSize } = state;
  const result = await orForbidden(api.inventory.list.query({ ...(q ? { q } : {}), ...(lowStock ? { lowStock } : {}), sort, page, pageSize }));
  const filtered = Boolean(q || lowStock);
  const exportQuery = stockListQuery({ ...state, page: 1, pageSize: 20 });

  return (
    <div className="stack">
      <div className="page-header">
        <h1 className="page-title">Inventory</h1>
        <a className="oc-button oc-button--secondary oc-button--sm" href={`/inventory/export.csv${exportQuery}`} download>
          Export CSV{filtered ? ' (current filter)' : ''}
        </a>
      </div>
      <form method="get" action="/inventory" className={`panel ${styles.filters}`} role="search" aria-label="Filter stock">
        <label className={styles.wide}>
          SKU starts with
          <input className="oc-input" type="search" name="q" defaultValue={q} placeholder="e.g. HPH-" spellCheck={false} />
        </label>
        <label>
          Stock
          <select className="oc-select" name="lowStock" defaultValue={lowStock ? '1' : ''}>
            <option value="">All SKUs</option>
            <option value="1">Low on stock only</option>
          </select>
        </label>
        <label>
          Sort
          <select className="oc-select" name="sort" defaultValue={sort}>
            {Object.entries(STOCK_SORT_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <PageSizeField value={pageSize} />
        <FilterButtons filtered={filtered} clearHref="/inventory" />
      </form>

      <ListTotal noun={{ one: 'SKU', many: 'SKUs', none: 'No stock recorded yet.' }} result={result} filtered={filtered} />
      {staff.permissions.includes('inventory:write') && result.items.length ? <p className="muted">Open a SKU to set its stock and see its movement history.</p> : null}
      {result.items.length ? <StockTable levels={result.items} caption="Stock per SKU" /> : null}
      <Pager page={result.page} pageSize={result.pageSize} total={result.total} href={(target) => `/inventory${stockListQuery(state, { page: target })}`} label="Stock pages" />
    </div>
  );
}
