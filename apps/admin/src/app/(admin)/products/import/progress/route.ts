import { getAdminContext } from '@/server/context';

export const dynamic = 'force-dynamic';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'private, no-store' };

/** How far the staff member's running import has got (the import page polls it while applying). */
export async function GET(request: Request): Promise<Response> {
  const id = new URL(request.url).searchParams.get('id') ?? '';
  const { user, staff, api } = await getAdminContext();
  if (!user || !staff?.permissions.includes('products:write')) return new Response(JSON.stringify({ state: 'unknown', processed: 0, total: 0 }), { status: 403, headers: JSON_HEADERS });
  if (!UUID.test(id)) return new Response(JSON.stringify({ state: 'unknown', processed: 0, total: 0 }), { status: 400, headers: JSON_HEADERS });
  const progress = await api.catalog.importProgress.query({ importId: id }).catch(() => ({ state: 'unknown' as const, processed: 0, total: 0 }));
  return new Response(JSON.stringify(progress), { headers: JSON_HEADERS });
}
