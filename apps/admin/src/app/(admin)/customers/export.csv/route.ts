import { CUSTOMER_CSV_HEADER, customerCsvRow } from '@/lib/customers/csv';
import { parseUserListParams } from '@/lib/users/list-params';
import { csvExport } from '@/server/csv-export';
import { customerPages } from '@/server/customers';

export const dynamic = 'force-dynamic';

/** The customers matching the list's filters as CSV, streamed page by page (server/csv-export.ts). */
export function GET(request: Request): Promise<Response> {
  return csvExport(request, {
    noun: 'customers',
    permission: 'customers:read',
    header: CUSTOMER_CSV_HEADER,
    row: customerCsvRow,
    pages: (api, params) => {
      const { page: _page, pageSize: _pageSize, staffRole: _staffRole, ...filters } = parseUserListParams(params);
      return customerPages(api, filters);
    },
  });
}
