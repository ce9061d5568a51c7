import { describe, expect, it } from 'vitest';
import { buildFacetGroups, priceBandLabel, priceRangeLabel } from './facets';
import { parseListingParams } from './listing-params';
import type { Facets } from './types';

const facets: Facets = {
  total: 40,
  categories: [
    { id: '00000000-0000-4000-8000-000000000001', slug: 'headphones', name: 'Headphones', count: 30 },
    { id: '00000000-0000-4000-8000-000000000002', slug: 'speakers', name: 'Speakers', count: 10 },
  ],
  brand: [
    { value: 'Sonora', count: 25 },
    { value: 'Aurel', count: 15 },
  ],
  colour: [{ value: 'Black', count: 40 }],
  size: [],
  material: [],
  price: [
    { min: 0, max: 2500, count: 0 },
    { min: 2500, max: 5000, count: 12 },
    { min: 50000, max: null, count: 3 },
  ],
};

const group = (groups: ReturnType<typeof buildFacetGroups>, key: string) => groups.find((g) => g.key === key)!;

describe('facet groups', () => {
  it('links every option to the listing with it selected, with its count', () => {
    const groups = buildFacetGroups(parseListingParams({ q: 'audio' }), 'search', { current: facets, inStockCount: 33 });
    expect(group(groups, 'brand').options).toEqual([
      { label: 'Sonora', count: 25, selected: false, href: '/search?q=audio&brand=Sonora' },
      { label: 'Aurel', count: 15, selected: false, href: '/search?q=audio&brand=Aurel' },
    ]);
    expect(group(groups, 'category').options[0]).toEqual({ label: 'Headphones', count: 30, selected: false, href: '/search?q=audio&category=headphones' });
    // Empty price bands are not offered.
    expect(group(groups, 'price').options.map((o) => o.label)).toEqual(['$25 to $50', '$500 and over']);
    expect(group(groups, 'price').options[0]!.href).toBe('/search?q=audio&minPrice=2500&maxPrice=4999');
    expect(group(groups, 'availability').options[0]).toEqual({ label: 'In stock only', count: 33, selected: false, href: '/search?q=audio&inStock=1' });
  });

  it('shows selected options with a link that removes them', () => {
    const params = parseListingParams({ brand: 'Sonora', minPrice: '2500', maxPrice: '4999', inStock: '1', colour: 'Teal' });
    const groups = buildFacetGroups(params, 'search', { current: facets, withoutBrand: facets, inStockCount: null });
    const sonora = group(groups, 'brand').options.find((o) => o.label === 'Sonora')!;
    expect(sonora).toMatchObject({ selected: true, href: '/search?colour=Teal&minPrice=2500&maxPrice=4999&inStock=1' });
    const aurel = group(groups, 'brand').options.find((o) => o.label === 'Aurel')!;
    expect(aurel.href).toBe('/search?brand=Aurel&brand=Sonora&colour=Teal&minPrice=2500&maxPrice=4999&inStock=1');
    // A selected value the catalog no longer counts still shows, removable.
    expect(group(groups, 'colour').options.find((o) => o.label === 'Teal')).toMatchObject({ selected: true, count: null });
    expect(group(groups, 'price').options.find((o) => o.selected)).toMatchObject({ label: '$25 to $50', href: '/search?brand=Sonora&colour=Teal&inStock=1' });
    expect(group(groups, 'availability').options[0]).toMatchObject({ selected: true, count: 40, href: '/search?brand=Sonora&colour=Teal&minPrice=2500&maxPrice=4999' });
  });

  it('keeps the category in the path on a category page', () => {
    const params = { ...parseListingParams({ brand: 'Aurel' }), category: 'audio' };
    const groups = buildFacetGroups(params, 'category', {
      current: { ...facets, total: 15 },
      inStockCount: 10,
      categoryNames: new Map([['audio', 'Audio']]),
    });
    const categories = group(groups, 'category').options;
    expect(categories[0]).toEqual({ label: 'Audio', count: 15, selected: true, href: '/search?brand=Aurel' });
    expect(categories[1]).toMatchObject({ label: 'Headphones', href: '/categories/headphones?brand=Aurel' });
    expect(group(groups, 'brand').options[0]!.href).toBe('/categories/audio?brand=Aurel&brand=Sonora');
  });

  it('labels price bands and custom ranges', () => {
    expect(priceBandLabel({ min: 0, max: 2500 })).toBe('Under $25');
    expect(priceBandLabel({ min: 10000, max: 25000 })).toBe('$100 to $250');
    expect(priceBandLabel({ min: 50000, max: null })).toBe('$500 and over');
    expect(priceRangeLabel(1050, 4000)).toBe('$10.50 to $40');
    expect(priceRangeLabel(undefined, 4000)).toBe('Up to $40');
    expect(priceRangeLabel(500, undefined)).toBe('$5 and over');
  });
});
