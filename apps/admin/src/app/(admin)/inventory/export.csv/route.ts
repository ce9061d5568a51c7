import { STOCK_CSV_HEADER, stockCsvRow } from '@/lib/inventory/csv';
import { parseStockListParams } from '@/lib/inventory/list-params';
import { csvExport } from '@/server/csv-export';
import { stockPages } from '@/server/inventory';

export const dynamic = 'force-dynamic';

/** The SKUs matching the stock table's filters as CSV, streamed page by page (server/csv-export.ts). */
export function GET(request: Request): Promise<Response> {
  return csvExport(request, {
    noun: 'stock',
    permission: 'inventory:read',
    header: STOCK_CSV_HEADER,
    row: stockCsvRow,
    pages: (api, params) => {
      const { page: _page, pageSize: _pageSize, ...filters } = parseStockListParams(params);
      return stockPages(api, filters);
    },
  });
}
