import { PRODUCT_CSV_HEADER, productCsvPages } from '@/lib/products/csv';
import { csvExport } from '@/server/csv-export';

export const dynamic = 'force-dynamic';

/**
 * Every product (any status) of the chosen category as CSV in the import format, streamed page by page
 * (server/csv-export.ts). The catalog writes the rows (`catalog.exportPage`), so the export and the
 * import read and write one format; `?category=<slug>&status=<status>` narrow it.
 */
export function GET(request: Request): Promise<Response> {
  return csvExport<string>(request, {
    noun: 'products',
    permission: 'products:read',
    header: PRODUCT_CSV_HEADER,
    row: (chunk) => chunk,
    pages: (api, params) => productCsvPages(api, params),
  });
}
