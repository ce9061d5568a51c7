import type { Permission } from '@omnicart/contracts';

/** One thing the command palette can jump to besides a section: a product, an order or a customer. */
export interface PaletteHit {
  kind: 'product' | 'order' | 'customer';
  id: string;
  label: string;
  detail: string;
  href: string;
}

export const PALETTE_KIND_LABELS: Record<PaletteHit['kind'], string> = { product: 'Product', order: 'Order', customer: 'Customer' };

/** How many of each kind the palette shows; the list pages have the rest. */
export const PALETTE_HITS_PER_KIND = 5;

/** Queries shorter than this search sections only (every order number starts with "OC"). */
export const PALETTE_MIN_QUERY = 2;

/** The query as the search endpoint takes it, or null when it is too short to search entities. */
export function paletteQuery(raw: string | null | undefined): string | null {
  const query = (raw ?? '').trim().slice(0, 100);
  return query.length >= PALETTE_MIN_QUERY ? query : null;
}

/** Which entity kinds a staff member may look up (each kind needs its list's permission). */
export function searchableKinds(permissions: readonly Permission[]): PaletteHit['kind'][] {
  const kinds: PaletteHit['kind'][] = [];
  if (permissions.includes('products:read')) kinds.push('product');
  if (permissions.includes('orders:read')) kinds.push('order');
  if (permissions.includes('customers:read')) kinds.push('customer');
  return kinds;
}

/** A product opens in the editor for staff who may edit it; others see its row in the products table. */
export function productHit(product: { id: string; name: string; sku: string; status?: string }, canEdit: boolean): PaletteHit {
  const status = product.status && product.status !== 'active' ? ` · ${product.status}` : '';
  const href = canEdit ? `/products/${product.id}` : `/products?q=${encodeURIComponent(product.sku)}`;
  return { kind: 'product', id: product.id, label: product.name, detail: `${product.sku}${status}`, href };
}

/** `buyer` and `total` arrive formatted (lib/format.ts buyerOf and money). */
export function orderHit(order: { id: string; number: string; status: string }, buyer: string, total: string): PaletteHit {
  return { kind: 'order', id: order.id, label: order.number, detail: [buyer, order.status.replaceAll('_', ' '), total].join(' · '), href: `/orders/${order.id}` };
}

export function customerHit(user: { id: string; name: string; email: string; disabled?: boolean }): PaletteHit {
  return { kind: 'customer', id: user.id, label: user.name, detail: `${user.email}${user.disabled ? ' · disabled' : ''}`, href: `/customers/${user.id}` };
}
