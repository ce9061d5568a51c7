import { describe, expect, it } from 'vitest';
import { listQueryKey, listTags, normaliseListQuery, productTags, tagsForChanges } from './catalog-keys';

describe('normaliseListQuery', () => {
  it('gives the same key for the same page asked differently', () => {
    const a = listQueryKey({ q: '  desk  lamp ', brand: ['Lumo', 'Aurel', 'Lumo'], limit: 24 });
    const b = listQueryKey({ limit: 24, brand: ['Aurel', 'Lumo'], q: 'desk lamp', sort: 'relevance', colour: [] });
    expect(a).toBe(b);
  });

  it('drops empty values and fills the catalog defaults', () => {
    expect(normaliseListQuery({ q: '   ', category: '', brand: ['  '] })).toEqual({ sort: 'newest', limit: 20 });
    expect(normaliseListQuery({ q: 'mug' })).toEqual({ q: 'mug', sort: 'relevance', limit: 20 });
  });

  it('keeps filters that change the answer apart', () => {
    expect(listQueryKey({ inStock: true })).not.toBe(listQueryKey({ inStock: false }));
    expect(listQueryKey({ cursor: 'abc' })).not.toBe(listQueryKey({}));
    expect(listQueryKey({ minPrice: 100 })).not.toBe(listQueryKey({ maxPrice: 100 }));
  });
});

describe('cache tags', () => {
  it('tags listings with catalog and their category', () => {
    expect(listTags({ q: 'mug' })).toEqual(['catalog']);
    expect(listTags({ category: 'kitchen' })).toEqual(['catalog', 'category:kitchen']);
    expect(productTags('blue-mug')).toEqual(['catalog', 'product:blue-mug']);
  });

  it('expires each changed product under its current and previous slug, plus catalog and home', () => {
    const tags = tagsForChanges([
      { id: '1', slug: 'blue-mug', previousSlug: null },
      { id: '2', slug: 'desk-lamp-2', previousSlug: 'desk-lamp' },
      { id: '1', slug: 'blue-mug', previousSlug: 'blue-mug' },
    ]);
    expect(tags.sort()).toEqual(['catalog', 'home', 'product:blue-mug', 'product:desk-lamp', 'product:desk-lamp-2']);
  });

  it('expires nothing when nothing changed', () => {
    expect(tagsForChanges([])).toEqual([]);
  });
});
