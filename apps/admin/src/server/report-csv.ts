import 'server-only';
import { serviceStatus } from '@omnicart/bff';
import { reportCsvFileName, type ReportId } from '@/lib/reports/csv-link';
import type { ReportCsv } from '@/lib/reports/types';
import { GRANULARITIES, type Granularity } from '@/lib/reports/range';
import { isoDate } from '@/lib/url-state';
import { getAdminContext } from './context';
import type { Services } from './services';

const TEXT = { 'content-type': 'text/plain; charset=utf-8' };

type CsvInput = Parameters<Services['analytics']['reportCsv']['query']>[0];

/** A whole number in [min, max] from the query, or undefined. */
function bounded(value: string | null, min: number, max: number): number | undefined {
  if (!value || !/^\d{1,4}$/.test(value)) return undefined;
  const number = Number(value);
  return number >= min && number <= max ? number : undefined;
}

/**
 * `/reports/<report>/export.csv?from=&to=&granularity=&compare=&limit=&by=&months=`: the analytics
 * service's CSV of the report (`analytics.reportCsv`, with the staff member's token), for exactly
 * the days and rows the page showed (the page's link carries them: lib/reports/csv-link.ts).
 */
export async function reportCsvResponse(request: Request, report: ReportId): Promise<Response> {
  const { user, staff, api } = await getAdminContext();
  if (!user) return new Response('Sign in to download reports.\n', { status: 401, headers: TEXT });
  if (!staff?.permissions.includes('reports:read')) return new Response("You don't have permission to download reports.\n", { status: 403, headers: TEXT });

  const params = new URL(request.url).searchParams;
  const from = isoDate(params.get('from') ?? undefined);
  const to = isoDate(params.get('to') ?? undefined);
  if (!from || !to || from > to) return new Response('Choose the report’s days: from and to as YYYY-MM-DD, from not after to.\n', { status: 400, headers: TEXT });
  const granularity = (GRANULARITIES as readonly string[]).includes(params.get('granularity') ?? '') ? (params.get('granularity') as Granularity) : 'day';
  const by = params.get('by');
  const limit = bounded(params.get('limit'), 1, 100);
  const months = bounded(params.get('months'), 1, 24);
  const input: CsvInput = {
    report,
    from,
    to,
    granularity,
    compare: params.get('compare') !== '0',
    ...(by === 'revenue' || by === 'units' ? { by } : {}),
    ...(limit ? { limit } : {}),
    ...(months ? { months } : {}),
  };

  let answer: ReportCsv;
  try {
    answer = await api.analytics.reportCsv.query(input);
  } catch (error) {
    const status = serviceStatus(error);
    if (status === 401) return new Response('Sign in to download reports.\n', { status: 401, headers: TEXT });
    if (status === 403) return new Response("You don't have permission to download reports.\n", { status: 403, headers: TEXT });
    if (status === 400) return new Response(`This report cannot be downloaded: ${error instanceof Error ? error.message : 'invalid range'}\n`, { status: 400, headers: TEXT });
    console.error(`report CSV ${report} failed`, error);
    return new Response('Reports unavailable: the analytics service did not answer. Try again in a moment.\n', { status: 503, headers: TEXT });
  }
  const filename = /^[\w.-]+\.csv$/.test(answer.filename) ? answer.filename : reportCsvFileName(report, { from, to });
  return new Response(`\uFEFF${answer.csv}`, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
