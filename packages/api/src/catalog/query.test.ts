import { describe, expect, it } from 'vitest';
import { buildTsQuery, filterFingerprint, filterKey, normalizeListInput, pageKey, tokenize } from './query.js';
import { listProductsInput } from './schemas.js';

describe('query normalisation', () => {
  it('tokenizes keywords: lower case, accents stripped, punctuation dropped, at most eight words', () => {
    expect(tokenize('  Crème BRÛLÉE   torch!! ')).toEqual(['creme', 'brulee', 'torch']);
    expect(tokenize("bluetooth & headphones' OR 1=1; --")).toEqual(['bluetooth', 'headphones', 'or', '1', '1']);
    expect(tokenize('a b c d e f g h i j')).toHaveLength(8);
    expect(tokenize('')).toEqual([]);
    expect(tokenize(undefined)).toEqual([]);
    expect(tokenize('!!!')).toEqual([]);
  });

  it('defaults the sort to relevance with keywords and newest without', () => {
    expect(normalizeListInput({ q: 'lamp' }).sort).toBe('relevance');
    expect(normalizeListInput({}).sort).toBe('newest');
    expect(normalizeListInput({ q: '  ' }).sort).toBe('newest');
    expect(normalizeListInput({ sort: 'relevance' }).sort).toBe('newest');
    expect(normalizeListInput({ q: 'lamp', sort: 'price_asc' }).sort).toBe('price_asc');
    expect(normalizeListInput({}).limit).toBe(20);
  });

  it('gives equal keys to requests that mean the same thing', () => {
    const a = normalizeListInput({ q: 'Blue  Lamp', brand: ['Sonora', 'apex', 'APEX'], colour: [' Red '], category: 'Lighting' });
    const b = normalizeListInput({ q: 'blue lamp!', brand: ['Apex', 'sonora'], colour: ['red'], category: 'lighting' });
    expect(filterKey(a)).toBe(filterKey(b));
    expect(pageKey(a)).toBe(pageKey(b));
    expect(filterFingerprint(a)).toBe(filterFingerprint(b));
    expect(a.attributes.brand).toEqual(['apex', 'sonora']);
  });

  it('separates requests that differ in filters, sort, page size or cursor', () => {
    const base = normalizeListInput({ q: 'lamp' });
    const variants = [
      normalizeListInput({ q: 'lamps' }),
      normalizeListInput({ q: 'lamp', minPrice: 100 }),
      normalizeListInput({ q: 'lamp', colour: ['red'] }),
      normalizeListInput({ q: 'lamp', category: 'lighting' }),
    ];
    for (const v of variants) expect(filterFingerprint(v)).not.toBe(filterFingerprint(base));
    expect(pageKey(normalizeListInput({ q: 'lamp', sort: 'name' }))).not.toBe(pageKey(base));
    expect(pageKey(normalizeListInput({ q: 'lamp', limit: 50 }))).not.toBe(pageKey(base));
    expect(filterKey(normalizeListInput({ q: 'lamp', limit: 50, sort: 'name' }))).toBe(filterKey(base));
  });

  it('builds a to_tsquery text with every word required and the last one as a prefix', () => {
    expect(buildTsQuery(['bluetooth', 'headphones'])).toBe('bluetooth & headphones:*');
    expect(buildTsQuery(['lamp'])).toBe('lamp:*');
    expect(buildTsQuery(['sonora', 'camera'], '|')).toBe('sonora | camera:*');
  });
});

describe('list input schema', () => {
  it('coerces query-string numbers and applies the default page size', () => {
    expect(listProductsInput.parse({ minPrice: '100', maxPrice: '2500', limit: '50' })).toMatchObject({ minPrice: 100, maxPrice: 2500, limit: 50 });
    expect(listProductsInput.parse({}).limit).toBe(20);
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '101' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ minPrice: '-1' }, 'minPrice'],
    [{ minPrice: '1.5' }, 'minPrice'],
    [{ minPrice: '500', maxPrice: '100' }, 'minPrice'],
    [{ sort: 'cheapest' }, 'sort'],
  ])('refuses %j naming the field', (input, field) => {
    const result = listProductsInput.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual([field]);
  });
});
