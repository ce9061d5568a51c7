import type { Services } from '@/server/services';

/**
 * The product CSV (the catalog's import format, packages/api/src/catalog/product-csv.ts): the header
 * here, the rows written by the catalog (`catalog.exportPage`), so an export imports back unchanged.
 */
export const PRODUCT_CSV_COLUMNS = ['sku', 'name', 'description', 'price', 'currency', 'category', 'brand', 'status', 'attributes'] as const;
export const PRODUCT_CSV_HEADER = `${PRODUCT_CSV_COLUMNS.join(',')}\r\n`;

const STATUSES = new Set(['draft', 'active', 'archived']);
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The export's pages (CSV text each), in SKU order, following the catalog's keyset. */
export async function* productCsvPages(api: Services, params: Record<string, string>, maxPages = 10_000): AsyncGenerator<string[]> {
  const category = params.category && SLUG.test(params.category) ? params.category : undefined;
  const status = params.status && STATUSES.has(params.status) ? (params.status as 'draft' | 'active' | 'archived') : undefined;
  let after: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const answer = await api.catalog.exportPage.query({ limit: 500, ...(after ? { after } : {}), ...(category ? { category } : {}), ...(status ? { status } : {}) });
    if (answer.rows > 0) yield [answer.csv];
    if (!answer.next) return;
    after = answer.next;
  }
}
