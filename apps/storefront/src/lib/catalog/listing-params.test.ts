import { describe, expect, it } from 'vitest';
import {
  bandRange,
  clearFilters,
  effectiveSort,
  hasFilters,
  isBandSelected,
  listingHref,
  nextPage,
  pageNumber,
  parseListingParams,
  previousPage,
  productCountLabel,
  sortOptions,
  toListInput,
  toggleValue,
  withCategory,
  withInStock,
  withPrice,
  withSort,
} from './listing-params';

const CURSOR_A = 'WyJuZXdlc3QiLCJhIiwxLCJ4Il0';
const CURSOR_B = 'WyJuZXdlc3QiLCJhIiwyLCJ5Il0';
const CURSOR_C = 'WyJuZXdlc3QiLCJhIiwzLCJ6Il0';

describe('parseListingParams', () => {
  it('reads every documented parameter', () => {
    const params = parseListingParams({
      q: '  wireless   headphones ',
      category: 'headphones',
      brand: ['Sonora', 'Aurel'],
      colour: 'Black',
      minPrice: '1000',
      maxPrice: '4999',
      inStock: '1',
      sort: 'price_asc',
      cursor: CURSOR_B,
      prev: CURSOR_A,
    });
    expect(params).toEqual({
      q: 'wireless headphones',
      category: 'headphones',
      brand: ['Aurel', 'Sonora'],
      colour: ['Black'],
      minPrice: 1000,
      maxPrice: 4999,
      inStock: true,
      sort: 'price_asc',
      cursor: CURSOR_B,
      prev: [CURSOR_A],
    });
  });

  it('ignores invalid values instead of failing', () => {
    const params = parseListingParams({
      q: '   ',
      category: '../etc/passwd',
      brand: ['', '   '],
      minPrice: 'abc',
      maxPrice: '-5',
      inStock: 'yes please',
      sort: 'cheapest',
      cursor: 'not a cursor!',
      prev: CURSOR_A,
    });
    expect(params).toEqual({ brand: [], colour: [], inStock: false, prev: [] });
  });

  it('drops keywords and values the catalog would refuse (a NUL, a lone surrogate)', () => {
    expect(parseListingParams({ q: 'head\u0000phones', brand: ['Sonora', 'Bad\u0000'], colour: ['\uD800'] })).toEqual({
      brand: ['Sonora'],
      colour: [],
      inStock: false,
      prev: [],
    });
    expect(parseListingParams({ q: 'casque 🎧 東京' }).q).toBe('casque 🎧 東京');
  });

  it('drops a reversed price range and prices beyond the catalog maximum', () => {
    expect(parseListingParams({ minPrice: '5000', maxPrice: '1000' })).toEqual({ brand: [], colour: [], inStock: false, prev: [] });
    expect(parseListingParams({ minPrice: '1.5', maxPrice: '999999999' })).toEqual({ brand: [], colour: [], inStock: false, prev: [] });
    expect(parseListingParams({ maxPrice: '2500' }).maxPrice).toBe(2500);
  });

  it('de-duplicates and caps repeated values, and only the first of single parameters counts', () => {
    const many = Array.from({ length: 30 }, (_, i) => `Brand ${String(i).padStart(2, '0')}`);
    const params = parseListingParams({ brand: [...many, 'Brand 00'], q: ['first', 'second'] });
    expect(params.brand).toHaveLength(20);
    expect(params.q).toBe('first');
  });

  it('ignores "Best match" without keywords', () => {
    expect(parseListingParams({ sort: 'relevance' }).sort).toBeUndefined();
    expect(parseListingParams({ sort: 'relevance', q: 'lamp' }).sort).toBe('relevance');
  });

  it('accepts inStock=true as well as inStock=1', () => {
    expect(parseListingParams({ inStock: 'true' }).inStock).toBe(true);
    expect(parseListingParams({ inStock: '0' }).inStock).toBe(false);
  });
});

describe('listing URLs', () => {
  it('round-trips through a canonical URL', () => {
    const params = parseListingParams({ colour: ['Red', 'Blue'], q: 'mug', inStock: '1', category: 'kitchen' });
    const href = listingHref(params);
    expect(href).toBe('/search?q=mug&category=kitchen&colour=Blue&colour=Red&inStock=1');
    const again = parseListingParams(Object.fromEntries(groupEntries(new URL(href, 'http://x').searchParams)));
    expect(again).toEqual(params);
  });

  it('keeps the category in the path in category mode', () => {
    const params = parseListingParams({ brand: 'Sonora' });
    expect(listingHref({ ...params, category: 'headphones' }, 'category')).toBe('/categories/headphones?brand=Sonora');
    expect(listingHref(withCategory({ ...params, category: 'headphones' }, 'audio'), 'category')).toBe('/categories/audio?brand=Sonora');
    // Removing the category of a category page leads to all products.
    expect(listingHref(withCategory({ ...params, category: 'headphones' }, undefined), 'category')).toBe('/search?brand=Sonora');
  });

  it('encodes values with spaces and symbols', () => {
    const params = toggleValue(parseListingParams({}), 'brand', 'Acme & Sons');
    expect(listingHref(params)).toBe('/search?brand=Acme+%26+Sons');
  });
});

describe('facet toggling', () => {
  const base = parseListingParams({ q: 'lamp', brand: 'Lumo', cursor: CURSOR_B, prev: CURSOR_A });

  it('adds and removes a value, back at page 1', () => {
    const added = toggleValue(base, 'brand', 'Aurel');
    expect(added.brand).toEqual(['Aurel', 'Lumo']);
    expect(added.cursor).toBeUndefined();
    expect(added.prev).toEqual([]);
    expect(toggleValue(added, 'brand', 'Lumo').brand).toEqual(['Aurel']);
  });

  it('selects a price band as an inclusive range and recognises it', () => {
    const band = { min: 2500, max: 5000 };
    expect(bandRange(band)).toEqual({ minPrice: 2500, maxPrice: 4999 });
    expect(bandRange({ min: 0, max: 2500 })).toEqual({ maxPrice: 2499 });
    expect(bandRange({ min: 20000, max: null })).toEqual({ minPrice: 20000 });
    const selected = withPrice(base, band);
    expect(isBandSelected(selected, band)).toBe(true);
    expect(isBandSelected(selected, { min: 0, max: 2500 })).toBe(false);
    expect(isBandSelected(base, { min: 0, max: null })).toBe(false);
    expect(withPrice(selected, null)).not.toHaveProperty('minPrice');
  });

  it('sets in-stock and sort, each back at page 1', () => {
    expect(withInStock(base, true)).toMatchObject({ inStock: true, prev: [] });
    expect(withInStock(base, true)).not.toHaveProperty('cursor');
    expect(withSort(base, 'price_desc')).toMatchObject({ sort: 'price_desc', prev: [] });
    expect(withSort(base, 'price_desc')).not.toHaveProperty('cursor');
    expect(withSort(withSort(base, 'name'), undefined).sort).toBeUndefined();
  });

  it('clears all filters but keeps the keywords, the sort and a category page', () => {
    const busy = parseListingParams({ q: 'lamp', category: 'lighting', brand: 'Lumo', inStock: '1', minPrice: '100', sort: 'name' });
    expect(hasFilters(busy)).toBe(true);
    expect(clearFilters(busy)).toEqual({ q: 'lamp', sort: 'name', brand: [], colour: [], inStock: false, prev: [] });
    expect(clearFilters(busy, 'category')).toMatchObject({ category: 'lighting' });
    expect(hasFilters(clearFilters(busy, 'category'), 'category')).toBe(false);
    expect(hasFilters(parseListingParams({ q: 'lamp' }))).toBe(false);
  });
});

describe('pagination', () => {
  it('walks forward and back with shareable URLs', () => {
    const page1 = parseListingParams({ q: 'mug' });
    expect(pageNumber(page1)).toBe(1);
    expect(previousPage(page1)).toBeNull();
    const page2 = nextPage(page1, CURSOR_A);
    expect(pageNumber(page2)).toBe(2);
    expect(listingHref(page2)).toBe(`/search?q=mug&cursor=${CURSOR_A}`);
    const page3 = nextPage(page2, CURSOR_B);
    expect(listingHref(page3)).toBe(`/search?q=mug&cursor=${CURSOR_B}&prev=${CURSOR_A}`);
    const page4 = nextPage(parseListingParams(Object.fromEntries(groupEntries(new URL(listingHref(page3), 'http://x').searchParams))), CURSOR_C);
    expect(pageNumber(page4)).toBe(4);
    expect(previousPage(page4)).toEqual(page3);
    expect(previousPage(page3)).toEqual(page2);
    expect(previousPage(page2)).toEqual(page1);
  });
});

describe('catalog input', () => {
  it('defaults the sort to relevance with keywords and newest without', () => {
    expect(effectiveSort({ q: 'x' })).toBe('relevance');
    expect(effectiveSort({})).toBe('newest');
    expect(sortOptions({})).not.toContain('relevance');
    expect(sortOptions({ q: 'x' })[0]).toBe('relevance');
  });

  it('sends only the set filters', () => {
    expect(toListInput(parseListingParams({ q: 'mug', inStock: '1', colour: 'Red', cursor: CURSOR_A }), 24)).toEqual({
      q: 'mug',
      colour: ['Red'],
      inStock: true,
      sort: 'relevance',
      limit: 24,
      cursor: CURSOR_A,
    });
  });

  it('labels counts', () => {
    expect(productCountLabel(1)).toBe('1 product');
    expect(productCountLabel(0)).toBe('0 products');
    expect(productCountLabel(1234)).toBe('1,234 products');
  });
});

function groupEntries(search: URLSearchParams): Array<[string, string | string[]]> {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of search) grouped.set(key, [...(grouped.get(key) ?? []), value]);
  return [...grouped].map(([key, values]) => [key, values.length === 1 ? values[0]! : values]);
}
