import { summarizeCspReports } from '@omnicart/bff/csp';

/**
 * Where browsers report Content-Security-Policy violations (`report-uri` and `report-to` of the
 * policy set by src/proxy.ts). Each report is logged as one line (no query strings: they may carry
 * search terms or tokens); the answer is always 204, so a page never learns anything from it.
 */
export const dynamic = 'force-dynamic';

const MAX_REPORT_BYTES = 16 * 1024;

export async function POST(request: Request): Promise<Response> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_REPORT_BYTES) return new Response(null, { status: 413 });
  const text = await request.text().catch(() => '');
  if (text.length > MAX_REPORT_BYTES) return new Response(null, { status: 413 });
  for (const line of summarizeCspReports(text)) console.warn(`csp violation ${JSON.stringify(line)}`);
  return new Response(null, { status: 204 });
}
