import { CUSTOMER_CSV_HEADER, customerCsvRow } from '@/lib/customers/csv';
import { parseUserListParams } from '@/lib/users/list-params';
import { getAdminContext } from '@/server/context';
import { customerPages } from '@/server/customers';

export const dynamic = 'force-dynamic';

/**
 * The customers matching the list's filters (same URL parameters, any page/pageSize ignored) as
 * CSV, streamed like the orders' export: one page of 100 from identity when the client wants more.
 */
export async function GET(request: Request): Promise<Response> {
  const { user, staff, api } = await getAdminContext();
  if (!user) return new Response('Sign in to export customers.\n', { status: 401, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  if (!staff?.permissions.includes('customers:read')) return new Response("You don't have permission to export customers.\n", { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });

  const { page: _page, pageSize: _pageSize, staffRole: _staffRole, ...filters } = parseUserListParams(Object.fromEntries(new URL(request.url).searchParams));
  const pages = customerPages(api, filters);
  const encoder = new TextEncoder();
  let headerSent = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(`\uFEFF${CUSTOMER_CSV_HEADER}`)); // BOM: spreadsheets read UTF-8
        return;
      }
      try {
        const next = await pages.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value.map(customerCsvRow).join('')));
      } catch (error) {
        console.error('customers export failed', error);
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
      'content-disposition': `attachment; filename="customers-${stamp}.csv"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
