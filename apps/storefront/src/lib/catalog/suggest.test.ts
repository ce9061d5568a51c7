import { describe, expect, it } from 'vitest';
import { suggestInput, suggestQuery, toSuggestion } from './suggest';

describe('suggestion input', () => {
  it('accepts 2 to 100 characters after trimming', () => {
    expect(suggestInput.parse({ q: '  mu ' })).toEqual({ q: 'mu' });
    expect(suggestInput.safeParse({ q: ' m ' }).success).toBe(false);
    expect(suggestInput.safeParse({ q: '' }).success).toBe(false);
    expect(suggestInput.safeParse({ q: 'x'.repeat(100) }).success).toBe(true);
    expect(suggestInput.safeParse({ q: 'x'.repeat(101) }).success).toBe(false);
    expect(suggestInput.safeParse({}).success).toBe(false);
    expect(suggestInput.safeParse({ q: 'mu\u0000sic' }).success).toBe(false);
    expect(suggestInput.safeParse({ q: 'mu\uD800' }).success).toBe(false);
  });

  it('asks for suggestions only from two characters on', () => {
    expect(suggestQuery('a')).toBeNull();
    expect(suggestQuery('   a  ')).toBeNull();
    expect(suggestQuery(' desk   lamp ')).toBe('desk lamp');
    expect(suggestQuery('y'.repeat(150))).toHaveLength(100);
  });

  it('maps a product to a suggestion', () => {
    expect(
      toSuggestion({ slug: 'mug', name: 'Mug', price: { amount: 900, currency: 'USD' }, images: [{ url: '/images/products/mug.svg', alt: 'Mug' }] }),
    ).toEqual({ slug: 'mug', name: 'Mug', price: { amount: 900, currency: 'USD' }, image: '/images/products/mug.svg' });
    expect(toSuggestion({ slug: 'x', name: 'X', price: { amount: 1, currency: 'USD' }, images: [] }).image).toBeNull();
  });
});
