import { beforeEach, describe, expect, it, vi } from 'vitest';
import { parseListingParams } from '@/lib/catalog/listing-params';
import type { Facets, ProductPage } from '@/lib/catalog/types';

class Refused extends Error {}
const listProducts = vi.fn();
vi.mock('./catalog-cache', () => ({
  listProducts,
  isBadRequest: (error: unknown) => error instanceof Refused,
  isNotFound: () => false,
}));
const { loadListing } = await import('./catalog-listing');

const facets = (total: number): Facets => ({ total, categories: [], brand: [], colour: [], size: [], material: [], price: [] });
const page = (total: number): ProductPage => ({ items: [], nextCursor: null, facets: facets(total), correctedQuery: null });
const CURSOR = 'WyJuZXdlc3QiLCJhIiwxLCJ4Il0';

describe('loadListing', () => {
  beforeEach(() => {
    listProducts.mockReset();
  });

  it('restarts at page 1 when the catalog refuses a stale cursor', async () => {
    listProducts.mockImplementation(async (input: { cursor?: string; limit: number }) => {
      if (input.cursor) throw new Refused('cursor: start from the first page');
      return page(input.limit === 1 ? 7 : 40);
    });
    const data = await loadListing(parseListingParams({ q: 'mug', cursor: CURSOR, prev: CURSOR }), 'search');
    expect(data.params.cursor).toBeUndefined();
    expect(data.params.prev).toEqual([]);
    expect(data.page.facets.total).toBe(40);
    expect(data.facetSources.inStockCount).toBe(7);
  });

  it('counts each selected group without its own filter', async () => {
    listProducts.mockResolvedValue(page(3));
    await loadListing(parseListingParams({ brand: ['A', 'B'], colour: 'Red', inStock: '1' }), 'search');
    const facetQueries = listProducts.mock.calls.map(([input]) => input).filter((input) => input.limit === 1);
    expect(facetQueries).toEqual(
      expect.arrayContaining([
        expect.not.objectContaining({ brand: expect.anything() }),
        expect.not.objectContaining({ colour: expect.anything() }),
      ]),
    );
    // In stock is already the filter: its count is the listing's own total, no extra read.
    expect(facetQueries).toHaveLength(2);
  });

  it('falls back to the keywords alone when the catalog refuses the filters', async () => {
    listProducts.mockImplementation(async (input: { category?: string }) => {
      if (input.category) throw new Refused('unknown category');
      return page(5);
    });
    const data = await loadListing(parseListingParams({ q: 'mug', category: 'no-such-thing' }), 'search');
    expect(data.params).toMatchObject({ q: 'mug' });
    expect(data.params.category).toBeUndefined();
  });
});
