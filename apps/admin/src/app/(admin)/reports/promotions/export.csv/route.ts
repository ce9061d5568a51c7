import { reportCsvResponse } from '@/server/report-csv';

export const dynamic = 'force-dynamic';

/** The report as CSV: the analytics service's file for the page's days and rows (server/report-csv.ts). */
export function GET(request: Request): Promise<Response> {
  return reportCsvResponse(request, 'promotions');
}
