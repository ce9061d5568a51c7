import { describe, expect, it } from 'vitest';
import { permissionsOf } from '@omnicart/contracts';
import { customerHit, orderHit, paletteQuery, productHit, searchableKinds } from './search';

describe('palette search', () => {
  it('searches entities from two characters, trimmed and bounded', () => {
    expect(paletteQuery(undefined)).toBeNull();
    expect(paletteQuery(' o ')).toBeNull();
    expect(paletteQuery('  OC-0001 ')).toBe('OC-0001');
    expect(paletteQuery('x'.repeat(300))).toHaveLength(100);
  });

  it('looks up only what the role may list', () => {
    expect(searchableKinds(permissionsOf('owner'))).toEqual(['product', 'order', 'customer']);
    expect(searchableKinds(['products:read', 'products:write'])).toEqual(['product']);
    expect(searchableKinds(permissionsOf('order_manager'))).toEqual(['product', 'order', 'customer']);
    expect(searchableKinds([])).toEqual([]);
  });

  it('links each hit to its page and says what it is', () => {
    expect(productHit({ id: 'p1', name: 'Tee', sku: 'TEE-1', status: 'draft' }, true)).toEqual({ kind: 'product', id: 'p1', label: 'Tee', detail: 'TEE-1 · draft', href: '/products/p1' });
    expect(productHit({ id: 'p1', name: 'Tee', sku: 'TEE 1', status: 'active' }, false)).toMatchObject({ detail: 'TEE 1', href: '/products?q=TEE%201' });
    expect(orderHit({ id: 'o1', number: 'OC-00000042', status: 'partially_refunded' }, 'ann@example.com', '$10.00')).toMatchObject({
      label: 'OC-00000042',
      detail: 'ann@example.com · partially refunded · $10.00',
      href: '/orders/o1',
    });
    expect(customerHit({ id: 'c1', name: 'Ann', email: 'ann@example.com', disabled: true })).toMatchObject({ detail: 'ann@example.com · disabled', href: '/customers/c1' });
  });
});
