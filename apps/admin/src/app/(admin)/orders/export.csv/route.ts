import { parseOrderListParams } from '@/lib/orders/list-params';
import { ORDER_CSV_HEADER, orderCsvRow } from '@/lib/orders/csv';
import { csvExport } from '@/server/csv-export';
import { orderPages } from '@/server/orders';

export const dynamic = 'force-dynamic';

/** The orders matching the list's filters as CSV, streamed page by page (server/csv-export.ts). */
export function GET(request: Request): Promise<Response> {
  return csvExport(request, {
    noun: 'orders',
    permission: 'orders:read',
    header: ORDER_CSV_HEADER,
    row: orderCsvRow,
    pages: (api, params) => {
      const { page: _page, pageSize: _pageSize, ...filters } = parseOrderListParams(params);
      return orderPages(api, filters);
    },
  });
}
