import { describe, expect, it } from 'vitest';
import { createCatalogRouter } from '../catalog/router.js';
import { listProductsInput } from '../catalog/schemas.js';
import type { CatalogService } from '../catalog/service.js';
import { compileRouteTable, parseQuery } from '../runtime/rest.js';
import { buildCatalogMix, misspell, seededRandom, seededShuffle, MIX_PATH, type CatalogVocabulary } from './catalog-mix.js';

// A vocabulary shaped like the demo catalog's (bench/run.ts reads the real one from the database).
const vocabulary: CatalogVocabulary = {
  categories: [
    { slug: 'electronics', brand: ['Sonora', 'Voltex', 'Auralis'], colour: ['Black', 'White', 'Blue'], size: ['One Size'], material: ['Aluminium', 'Plastic'] },
    { slug: 'headphones', brand: ['Sonora', 'Auralis'], colour: ['Black', 'White'], size: ['One Size'], material: ['Aluminium'] },
    { slug: 'speakers', brand: ['Voltex'], colour: ['Blue', 'Black'], size: ['Small', 'Large'], material: ['Plastic', 'Fabric'] },
    { slug: 'fashion', brand: ['Northwind', 'Trailhead'], colour: ['Red', 'Green', 'Navy'], size: ['S', 'M', 'L', 'XL'], material: ['Cotton', 'Wool'] },
    { slug: 'running-shoes', brand: ['Trailhead'], colour: ['Red', 'Navy'], size: ['8', '9', '10', '11'], material: ['Mesh'] },
    { slug: 'rain-jackets', brand: ['Northwind'], colour: ['Green', 'Navy'], size: ['S', 'M', 'L'], material: ['Nylon'] },
  ],
  terms: [
    'headphones',
    'wireless bluetooth headphones',
    'Sonora headphones',
    'speaker',
    'portable speaker',
    'running shoes',
    'trail running shoes',
    'rain jacket',
    'waterproof rain jacket',
    'Northwind jacket',
    'wool sweater',
    'Black headphones',
  ],
};

const catalogRoute = (() => {
  const table = compileRouteTable(createCatalogRouter({} as CatalogService));
  const matched = table.match('GET', '/products');
  if (matched.kind !== 'found') throw new Error('GET /products is not routed');
  return matched.route;
})();
const documented = new Set(Object.keys(listProductsInput.shape));

/** What the REST adapter makes of a mix URL: the list route's coerced input, parsed by its schema. */
function parseAsTheRouteDoes(url: string) {
  const [path, query = ''] = url.split('?');
  expect(path).toBe(MIX_PATH);
  const raw = parseQuery(query);
  return { names: Object.keys(raw), parsed: listProductsInput.safeParse(catalogRoute.coerce(raw)) };
}

describe('the realistic catalog mix', () => {
  it('has at least 2,000 distinct listing and search URLs', () => {
    const mix = buildCatalogMix(vocabulary);
    const all = [...mix.listings, ...mix.searches];
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeGreaterThanOrEqual(2_000);
    expect(mix.listings.length).toBeGreaterThanOrEqual(1_300);
    expect(mix.searches.length).toBeGreaterThanOrEqual(600);
  });

  it('is deterministic: the same seed gives the same URLs in the same order, another seed other URLs', () => {
    expect(buildCatalogMix(vocabulary)).toEqual(buildCatalogMix(vocabulary));
    expect(buildCatalogMix(vocabulary, { seed: 7 })).toEqual(buildCatalogMix(vocabulary, { seed: 7 }));
    expect(buildCatalogMix(vocabulary, { seed: 7 }).listings).not.toEqual(buildCatalogMix(vocabulary).listings);
    expect(seededShuffle([1, 2, 3, 4, 5, 6, 7, 8], 3)).toEqual(seededShuffle([1, 2, 3, 4, 5, 6, 7, 8], 3));
  });

  it('uses only documented parameters, each valid for GET /api/v1/products', () => {
    const mix = buildCatalogMix(vocabulary);
    for (const url of [...mix.listings, ...mix.searches]) {
      const { names, parsed } = parseAsTheRouteDoes(url);
      for (const name of names) expect(documented, `${url}: ${name}`).toContain(name);
      expect(parsed.success, `${url}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it('covers categories, every filter, price ranges, stock, sorts, page sizes and keyword searches with typos', () => {
    const mix = buildCatalogMix(vocabulary);
    const inputs = (urls: string[]) => urls.map((url) => parseAsTheRouteDoes(url).parsed.data!);
    const listings = inputs(mix.listings);
    const searches = inputs(mix.searches);
    expect(listings.every((input) => input.q === undefined)).toBe(true);
    expect(searches.every((input) => typeof input.q === 'string' && input.q.length > 0)).toBe(true);
    expect(new Set(listings.map((input) => input.category))).toEqual(new Set([undefined, ...vocabulary.categories.map((c) => c.slug)]));
    for (const filter of ['brand', 'colour', 'size', 'material'] as const) {
      expect(listings.some((input) => (input[filter]?.length ?? 0) > 0), filter).toBe(true);
      expect(listings.some((input) => (input[filter]?.length ?? 0) > 1), `${filter} twice`).toBe(true);
    }
    expect(listings.some((input) => input.minPrice !== undefined && input.maxPrice !== undefined)).toBe(true);
    expect(listings.some((input) => input.inStock === true)).toBe(true);
    expect(new Set(listings.map((input) => input.sort))).toEqual(new Set([undefined, 'newest', 'price_asc', 'price_desc', 'name']));
    expect(new Set(listings.map((input) => input.limit))).toEqual(new Set([20, 24, 48]));
    // Facet values come from the category they filter (a shopper picks what the page offers).
    for (const input of listings.filter((i) => i.category && i.brand)) {
      const category = vocabulary.categories.find((c) => c.slug === input.category)!;
      for (const brand of input.brand!) expect(category.brand).toContain(brand);
    }
    // Typos: words that are in no term of the vocabulary.
    const known = new Set(vocabulary.terms.flatMap((term) => term.toLowerCase().split(' ')));
    const misspelt = searches.filter((input) => input.q!.split(' ').some((word) => !known.has(word) && ![...known].some((k) => k.startsWith(word))));
    expect(misspelt.length).toBeGreaterThan(searches.length / 5);
    expect(searches.some((input) => input.category !== undefined)).toBe(true);
  });

  it('misspells a word by one slip and leaves short words alone', () => {
    const random = seededRandom(1);
    for (let i = 0; i < 200; i++) {
      const typo = misspell('headphones', random);
      expect(typo).not.toBe('headphones');
      expect(typo[0]).toBe('h');
      expect(Math.abs(typo.length - 'headphones'.length)).toBeLessThanOrEqual(1);
    }
    expect(misspell('mat', random)).toBe('mat');
  });
});
