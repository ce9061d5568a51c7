import { AUDIT_CSV_HEADER, auditCsvRow } from '@/lib/audit/csv';
import { parseAuditListParams } from '@/lib/audit/list-params';
import { auditPages } from '@/server/audit';
import { csvExport } from '@/server/csv-export';

export const dynamic = 'force-dynamic';

/** The audit entries matching the log's filters as CSV, streamed page by page (server/csv-export.ts). */
export function GET(request: Request): Promise<Response> {
  return csvExport(request, {
    noun: 'audit-log',
    permission: 'audit:read',
    header: AUDIT_CSV_HEADER,
    row: auditCsvRow,
    pages: (api, params) => {
      const { page: _page, pageSize: _pageSize, ...filters } = parseAuditListParams(params);
      return auditPages(api, filters);
    },
  });
}
