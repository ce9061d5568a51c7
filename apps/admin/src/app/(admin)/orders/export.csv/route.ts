import { parseOrderListParams } from '@/lib/orders/list-params';
import { ORDER_CSV_HEADER, orderCsvRow } from '@/lib/orders/csv';
import { getAdminContext } from '@/server/context';
import { orderPages } from '@/server/orders';

export const dynamic = 'force-dynamic';

/**
 * The orders matching the list's filters (same URL parameters, any page/pageSize ignored) as CSV,
 * streamed: one page of 100 is fetched from the orders service when the client is ready for more,
 * so a 100,000-row export never sits in memory.
 */
export async function GET(request: Request): Promise<Response> {
  const { user, staff, api } = await getAdminContext();
  if (!user) return new Response('Sign in to export orders.\n', { status: 401, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  if (!staff?.permissions.includes('orders:read')) return new Response("You don't have permission to export orders.\n", { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });

  const state = parseOrderListParams(Object.fromEntries(new URL(request.url).searchParams));
  const { page: _page, pageSize: _pageSize, ...filters } = state;
  const pages = orderPages(api, filters);
  const encoder = new TextEncoder();
  let headerSent = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(`\uFEFF${ORDER_CSV_HEADER}`)); // BOM: spreadsheets read UTF-8
        return;
      }
      try {
        const next = await pages.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value.map(orderCsvRow).join('')));
      } catch (error) {
        console.error('orders export failed', error);
        controller.error(error);
      }
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="orders-${stamp}.csv"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
