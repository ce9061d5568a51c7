import 'server-only';
import { serviceStatus } from '@omnicart/bff';
import { codesCsvFileName } from '@/lib/promotions/forms';
import type { CodesCsv } from '@/lib/promotions/types';
import { getAdminContext } from './context';
import type { Services } from './services';

const TEXT = { 'content-type': 'text/plain; charset=utf-8' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `/promotions/<id>/codes.csv[?batchId=]`: promotions' CSV of the codes (`promotions.exportCodes`,
 * GET /promotions/{id}/codes/csv, with the staff member's token) as a download, the way the report
 * pages hand out analytics' CSV (server/report-csv.ts).
 */
export async function promotionCodesCsvResponse(request: Request, id: string): Promise<Response> {
  const { user, staff, api } = await getAdminContext();
  if (!user) return new Response('Sign in to download codes.\n', { status: 401, headers: TEXT });
  if (!staff?.permissions.includes('discounts:read')) return new Response("You don't have permission to download codes.\n", { status: 403, headers: TEXT });
  const batchId = new URL(request.url).searchParams.get('batchId') ?? undefined;
  if (!UUID.test(id) || (batchId !== undefined && !UUID.test(batchId))) return new Response('No such promotion or batch.\n', { status: 404, headers: TEXT });

  let answer: CodesCsv;
  try {
    answer = await api.promotions.exportCodes.query(batchId ? { id, batchId } : { id });
  } catch (error) {
    const status = serviceStatus(error);
    if (status === 401) return new Response('Sign in to download codes.\n', { status: 401, headers: TEXT });
    if (status === 403) return new Response("You don't have permission to download codes.\n", { status: 403, headers: TEXT });
    if (status === 404 || status === 400) return new Response('No such promotion or batch.\n', { status: 404, headers: TEXT });
    console.error(`promotion codes CSV ${id} failed`, error);
    return new Response('Codes unavailable: the promotions service did not answer. Try again in a moment.\n', { status: 503, headers: TEXT });
  }
  return new Response(`\uFEFF${answer.csv}`, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${codesCsvFileName(answer.filename, id)}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}

export interface ProductLabel {
  id: string;
  label: string;
}

/**
 * The names of a promotion's products for its form (catalog.byIds: active products, 50 at a time);
 * a product the catalog does not list (draft, archived, removed) keeps its id as its label.
 */
export async function productLabels(api: Services, ids: readonly string[]): Promise<ProductLabel[]> {
  const names = new Map<string, string>();
  for (let start = 0; start < ids.length; start += 50) {
    const chunk = ids.slice(start, start + 50);
    try {
      const found = await api.catalog.byIds.query({ ids: [...chunk] });
      for (const product of found.items) names.set(product.id, `${product.name} (${product.sku})`);
    } catch {
      // The catalog unavailable: the ids still show, and saving keeps them.
    }
  }
  return ids.map((id) => ({ id, label: names.get(id) ?? `Product ${id} (not listed in the shop)` }));
}
