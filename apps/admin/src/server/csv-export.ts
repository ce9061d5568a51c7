import 'server-only';
import type { Permission } from '@omnicart/contracts';
import { getAdminContext, type AdminContext } from './context';

const TEXT = { 'content-type': 'text/plain; charset=utf-8' };

/**
 * A list's CSV export (the same URL parameters as the list, any page/pageSize ignored), streamed:
 * the next page is fetched from the service only when the client is ready for more, so a
 * 100,000-row export never sits in memory. `noun` names the rows in messages and the file name.
 */
export async function csvExport<Row>(
  request: Request,
  options: {
    noun: string;
    permission: Permission;
    header: string;
    row: (item: Row) => string;
    pages: (api: AdminContext['api'], params: Record<string, string>) => AsyncGenerator<Row[]>;
  },
): Promise<Response> {
  const { noun, permission } = options;
  const { user, staff, api } = await getAdminContext();
  if (!user) return new Response(`Sign in to export ${noun}.\n`, { status: 401, headers: TEXT });
  if (!staff?.permissions.includes(permission)) return new Response(`You don't have permission to export ${noun}.\n`, { status: 403, headers: TEXT });

  const pages = options.pages(api, Object.fromEntries(new URL(request.url).searchParams));
  const encoder = new TextEncoder();
  let headerSent = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(`\uFEFF${options.header}`)); // BOM: spreadsheets read UTF-8
        return;
      }
      try {
        const next = await pages.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value.map(options.row).join('')));
      } catch (error) {
        console.error(`${noun} export failed`, error);
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
      'content-disposition': `attachment; filename="${noun}-${stamp}.csv"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
