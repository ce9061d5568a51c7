import 'server-only';
import type { StockListState } from '@/lib/inventory/list-params';
import type { StockLevel } from '@/lib/inventory/types';
import type { Services } from './services';

/**
 * The SKUs matching the stock table's filters and sort, one page of 100 at a time (the CSV export:
 * never every row at once). One row per SKU, so the walk is as long as the catalog's SKU list.
 */
export async function* stockPages(api: Services, state: Omit<StockListState, 'page' | 'pageSize'>, maxPages = 10_000): AsyncGenerator<StockLevel[]> {
  const { q, lowStock, sort } = state;
  for (let page = 1; page <= maxPages; page++) {
    const answer = await api.inventory.list.query({ ...(q ? { q } : {}), ...(lowStock ? { lowStock } : {}), sort, page, pageSize: 100 });
    if (answer.items.length > 0) yield answer.items;
    if (page * answer.pageSize >= answer.total || answer.items.length === 0) return;
  }
}
