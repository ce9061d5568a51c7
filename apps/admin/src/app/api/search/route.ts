import { ADMIN_PAGE_SIZES } from '@omnicart/contracts';
import { NextResponse } from 'next/server';
import { buyerOf, money } from '@/lib/format';
import { PALETTE_HITS_PER_KIND, customerHit, orderHit, paletteQuery, productHit, searchableKinds, type PaletteHit } from '@/lib/palette/search';
import { getAdminContext } from '@/server/context';

export const dynamic = 'force-dynamic';

const NO_STORE = { 'cache-control': 'private, no-store' };

/**
 * The command palette's entity search: products, orders and customers matching `q`, a few of each,
 * only the kinds this staff member may list. The three lookups run side by side; one that fails
 * (a service down) leaves the others' hits and is named in `unavailable`.
 */
export async function GET(request: Request): Promise<Response> {
  const { user, staff, api } = await getAdminContext();
  if (!user) return NextResponse.json({ message: 'Sign in to search.' }, { status: 401, headers: NO_STORE });
  if (!staff) return NextResponse.json({ message: 'Staff only.' }, { status: 403, headers: NO_STORE });
  const q = paletteQuery(new URL(request.url).searchParams.get('q'));
  if (!q) return NextResponse.json({ hits: [], unavailable: [] }, { headers: NO_STORE });

  // The lists page by 10 at least (the admin page sizes); the palette keeps the first few of each.
  const pageSize = ADMIN_PAGE_SIZES[0];
  const lookups: Record<PaletteHit['kind'], () => Promise<PaletteHit[]>> = {
    // Staff search: every status (drafts and archived products too), name, SKU or brand.
    product: async () => {
      const canEdit = staff.permissions.includes('products:write');
      const page = await api.catalog.search.query({ q, sort: 'updated_desc', page: 1, pageSize });
      return page.items.map((product) => productHit(product, canEdit));
    },
    order: async () => (await api.orders.search.query({ q, sort: 'created_desc', page: 1, pageSize })).items.map((order) => orderHit(order, buyerOf(order), money(order.total, order.currency))),
    customer: async () => (await api.identity.list.query({ q, sort: 'created_desc', page: 1, pageSize })).items.map(customerHit),
  };
  const kinds = searchableKinds(staff.permissions);
  const settled = await Promise.allSettled(kinds.map((kind) => lookups[kind]()));
  const hits = settled.flatMap((result) => (result.status === 'fulfilled' ? result.value.slice(0, PALETTE_HITS_PER_KIND) : []));
  const unavailable = kinds.filter((_, index) => settled[index]!.status === 'rejected');
  settled.forEach((result, index) => {
    if (result.status === 'rejected') console.error(`palette search: the ${kinds[index]} lookup failed`, result.reason);
  });
  return NextResponse.json({ hits, unavailable }, { headers: NO_STORE });
}
