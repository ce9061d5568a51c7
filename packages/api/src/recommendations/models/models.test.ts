import { describe, expect, it } from 'vitest';
import { affinity, alsoBought, buildCooccurrence, scoreRow } from './cooccurrence.js';
import { decayWeight } from './decay.js';
import { boughtExclusions, boughtTogether, categoryTaste, forYou, forYouReason, HISTORY_ITEMS, historyWeights, strongestItems, type HistoryEntry } from './personal.js';
import { categoryPopularity } from './popularity.js';
import { fitSegments, segmentTaste } from './segments.js';
import { similarFor, similarity, type SimilarFacts } from './similar.js';
import { buildTfIdf, cosine, tokenize } from './text.js';
import { trendingReason, trendingScores } from './trending.js';

const DAY = 86_400_000;

describe('co-occurrence (SAR-style)', () => {
  const model = buildCooccurrence([
    ['a', 'b', 'c'],
    ['a', 'b'],
    ['a', 'b', 'a'], // duplicates in a basket count once
    ['a', 'c'],
    ['d'],
    [],
  ]);

  it('counts baskets per item and per pair (empty baskets ignored)', () => {
    expect(model.baskets).toBe(5);
    expect(model.itemCounts.get('a')).toBe(4);
    expect(model.pairs.get('a')?.get('b')).toBe(3);
    expect(model.pairs.get('b')?.get('a')).toBe(3);
    expect(model.pairs.get('a')?.get('c')).toBe(2);
    expect(model.pairs.get('d')?.size).toBe(0);
  });

  it('scores Jaccard c(i,j)/(c(i)+c(j)−c(i,j)), lift c(i,j)·N/(c(i)·c(j)) and the co-occurrence count', () => {
    expect(affinity(4, 3, 3)).toBeCloseTo(3 / 4);
    expect(affinity(4, 2, 2, 'jaccard')).toBeCloseTo(2 / 4);
    expect(affinity(4, 3, 3, 'lift', 5)).toBeCloseTo((3 * 5) / 12);
    expect(affinity(4, 3, 3, 'cooccurrence')).toBe(3);
    expect(affinity(4, 3, 0)).toBe(0);
  });

  it('keeps pairs with at least the minimum support, best first, at most k', () => {
    expect(alsoBought(model, 'a', { minSupport: 2, k: 10 }).map((entry) => [entry.productId, entry.together])).toEqual([
      ['b', 3],
      ['c', 2],
    ]);
    expect(alsoBought(model, 'a', { minSupport: 3, k: 10 }).map((entry) => entry.productId)).toEqual(['b']);
    expect(alsoBought(model, 'a', { minSupport: 1, k: 1 })).toHaveLength(1);
    expect(alsoBought(model, 'zzz', { minSupport: 1, k: 5 })).toEqual([]);
  });

  it('scores rows from SQL counts exactly as from memory', () => {
    const row = [...model.pairs.get('b')!];
    const fromRow = scoreRow(model.itemCounts.get('b')!, row, (id) => model.itemCounts.get(id) ?? 0, { minSupport: 1, k: 5, baskets: model.baskets });
    expect(fromRow).toEqual(alsoBought(model, 'b', { minSupport: 1, k: 5 }));
  });
});

describe('TF-IDF', () => {
  it('tokenizes without stop words, numbers and one-letter words', () => {
    expect(tokenize('The Wireless 2-in-1 Headphones, for a run!')).toEqual(['wireless', 'headphones', 'run']);
  });

  it('gives identical texts cosine 1, unrelated texts 0, and weighs rare words above common ones', () => {
    const model = buildTfIdf(['wireless headphones black', 'wireless speaker black', 'cotton t-shirt black', 'leather jacket black']);
    const headphones = model.vector('wireless headphones black');
    expect(cosine(headphones, model.vector('wireless headphones black'))).toBeCloseTo(1);
    expect(cosine(model.vector('wireless headphones'), model.vector('cotton jacket'))).toBe(0);
    // "headphones" (1 document) outweighs "black" (4 documents).
    expect(headphones.get('headphones')!).toBeGreaterThan(headphones.get('black')!);
    expect(cosine(headphones, model.vector('studio headphones'))).toBeGreaterThan(cosine(headphones, model.vector('black speaker')));
  });
});

describe('similar', () => {
  const tfidf = buildTfIdf(['sonora wireless headphones', 'sonora studio headphones', 'apex wireless earbuds', 'apex speaker', 'cotton shirt']);
  const facts = (id: string, categoryId: string, familyId: string, brand: string, attributes: Record<string, string>, text: string): SimilarFacts => ({
    id,
    categoryId,
    familyId,
    brand,
    attributes,
    vector: tfidf.vector(text),
  });
  const target = facts('t', 'headphones', 'electronics', 'Sonora', { colour: 'Black', material: 'Plastic' }, 'sonora wireless headphones');
  const sameBrand = facts('a', 'headphones', 'electronics', 'Sonora', { colour: 'Black', material: 'Leather' }, 'sonora studio headphones');
  const sameCategory = facts('b', 'headphones', 'electronics', 'Apex', { colour: 'Red', material: 'Silicone' }, 'apex wireless earbuds');
  const sameFamily = facts('c', 'speakers', 'electronics', 'Apex', { colour: 'Black', material: 'Plastic' }, 'apex speaker');
  const otherFamily = facts('d', 'shirts', 'clothing', 'Sonora', { colour: 'Black' }, 'cotton shirt');

  it('ranks same category and brand first, keeps to the family, never the product itself', () => {
    const ranked = similarFor(target, [target, sameCategory, sameFamily, sameBrand, otherFamily], 10);
    expect(ranked.map((entry) => entry.productId)).toEqual(['a', 'b', 'c']);
    expect(ranked[0]!.reason).toBe('Same category, shares brand and 1 attribute');
    expect(similarity(target, sameFamily).reason).toBe('Same department, shares 2 attributes');
  });
});

describe('decay, for you and bought together', () => {
  const now = new Date('2026-12-07T00:00:00Z');
  it('halves a weight every half-life', () => {
    expect(decayWeight(0, 14)).toBe(1);
    expect(decayWeight(14 * DAY, 14)).toBeCloseTo(0.5);
    expect(decayWeight(28 * DAY, 14)).toBeCloseTo(0.25);
    expect(decayWeight(-DAY, 14)).toBe(1);
  });

  it('weighs recent behaviour more and purchases above views', () => {
    const weights = historyWeights(
      [
        { productId: 'old', kind: 'view', at: new Date(now.getTime() - 28 * DAY) },
        { productId: 'new', kind: 'view', at: now },
        { productId: 'bought', kind: 'purchase', at: now },
      ],
      now,
      14,
    );
    expect(weights.get('old')).toBeCloseTo(0.25);
    expect(weights.get('new')).toBe(1);
    expect(weights.get('bought')).toBe(3);
  });

  const lists: Record<string, Array<{ productId: string; score: number }>> = {
    old: [{ productId: 'x', score: 1 }],
    new: [
      { productId: 'y', score: 0.5 },
      { productId: 'bought', score: 0.9 },
      { productId: 'coffee', score: 0.2 },
    ],
    bought: [{ productId: 'coffee', score: 0.1 }],
  };
  const listOf = (id: string) => lists[id] ?? [];

  it('goes through the item-to-item lists, leaving bought products out unless consumable', () => {
    const history: HistoryEntry[] = [
      { productId: 'old', kind: 'view', at: new Date(now.getTime() - 28 * DAY) },
      { productId: 'new', kind: 'view', at: now },
      { productId: 'bought', kind: 'purchase', at: now },
      { productId: 'coffee', kind: 'purchase', at: now },
    ];
    const exclude = boughtExclusions(history, (id) => id === 'coffee');
    expect([...exclude]).toEqual(['bought']);
    // No categories known: the neighbours alone, normalised: coffee 0.2·1 + 0.1·3 = 0.5, y 0.5, x 0.25·1; total 1.25.
    const ranked = forYou(history, { neighbours: listOf, popularIn: () => [] }, [], { now, halfLifeDays: 14, exclude, k: 10, neighbourShare: 1 });
    expect(ranked.map((entry) => entry.productId)).toEqual(['coffee', 'y', 'x']); // a tie at 0.5: more sources first
    expect(ranked.find((entry) => entry.productId === 'coffee')).toMatchObject({ sources: 2, score: expect.closeTo(0.5 / 1.25, 5), because: { kind: 'history', productId: 'bought' } });
  });

  it('follows only the history’s strongest products through the lists (a long history is a bounded read)', () => {
    // 30 products viewed one day apart: the newest HISTORY_ITEMS are followed, the oldest six are not.
    const history: HistoryEntry[] = Array.from({ length: 30 }, (_, day) => ({ productId: `p${String(day).padStart(2, '0')}`, kind: 'view' as const, at: new Date(now.getTime() - day * DAY) }));
    const strongest = strongestItems(historyWeights(history, now, 14)).map(([id]) => id);
    expect(strongest).toHaveLength(HISTORY_ITEMS);
    expect(strongest.slice(0, 2)).toEqual(['p00', 'p01']);
    expect(strongest).not.toContain('p24');
    const ranked = forYou(history, { neighbours: (id) => [{ productId: `next-to-${id}`, score: 1 }], popularIn: () => [] }, [], { now, halfLifeDays: 14, exclude: new Set(), k: 30, neighbourShare: 1 });
    expect(ranked.map((entry) => entry.productId)).toEqual(strongest.map((id) => `next-to-${id}`));
  });

  it('fits taste segments to customers and completes a partial taste from them', () => {
    // Two kinds of customers: coffee + mugs + tea, and shoes + socks + bags; each has shown two of their three categories.
    const customers = new Map<string, Map<string, number>>();
    const kitchen = ['coffee', 'mugs', 'tea'];
    const wardrobe = ['shoes', 'socks', 'bags'];
    for (let i = 0; i < 30; i++) {
      const [a, b] = [kitchen[i % 3]!, kitchen[(i + 1) % 3]!];
      const [c, d] = [wardrobe[i % 3]!, wardrobe[(i + 1) % 3]!];
      customers.set(`k${i}`, new Map([[a, 2], [b, 1]]));
      customers.set(`w${i}`, new Map([[c, 2], [d, 1]]));
    }
    const segments = fitSegments(customers, { segments: 4, iterations: 30, keep: 6 });
    expect(segments.reduce((sum, segment) => sum + segment.weight, 0)).toBeCloseTo(1);
    // A shopper who bought coffee only: tea and mugs (never shoes) complete the taste.
    const history: HistoryEntry[] = [{ productId: 'espresso', kind: 'purchase', at: now, categoryId: 'coffee' }];
    const taste = categoryTaste(history, segments, { now, halfLifeDays: 14 });
    expect(taste[0]).toMatchObject({ categoryId: 'coffee', own: true });
    expect(taste.slice(1, 3).map((entry) => entry.categoryId).sort()).toEqual(['mugs', 'tea']);
    expect(taste.slice(1, 3).every((entry) => !entry.own)).toBe(true);
    expect(taste.find((entry) => entry.categoryId === 'shoes')?.score ?? 0).toBeLessThan(0.05);
    expect(taste.reduce((sum, entry) => sum + entry.score, 0)).toBeCloseTo(1);
    expect(segmentTaste(new Map([['socks', 1]]), segments).get('bags')).toBeGreaterThan(0.2);
    // No segments yet: the history's own categories; no categories known: no taste.
    expect(categoryTaste(history, [], { now, halfLifeDays: 14 })).toEqual([{ categoryId: 'coffee', score: 1, own: true }]);
    expect(categoryTaste([{ productId: 'x', kind: 'view', at: now }], segments, { now, halfLifeDays: 14 })).toEqual([]);
  });

  it('blends the neighbours with the taste’s popular products and says why', () => {
    const history: HistoryEntry[] = [{ productId: 'espresso', kind: 'purchase', at: now, categoryId: 'coffee' }];
    const taste = [
      { categoryId: 'coffee', score: 0.6, own: true },
      { categoryId: 'mugs', score: 0.4, own: false },
    ];
    const popular: Record<string, Array<{ productId: string; score: number }>> = {
      coffee: [
        { productId: 'espresso', score: 0.5 },
        { productId: 'decaf', score: 0.3 },
      ],
      mugs: [{ productId: 'mug', score: 0.9 }],
    };
    const ranked = forYou(history, { neighbours: () => [{ productId: 'grinder', score: 4 }], popularIn: (id) => popular[id] ?? [] }, taste, {
      now,
      halfLifeDays: 14,
      exclude: new Set(['espresso']),
      k: 10,
      neighbourShare: 0.25,
    });
    // grinder 0.25·1, mug 0.75·0.4·0.9 = 0.27, decaf 0.75·0.6·0.3 = 0.135; the bought espresso left out.
    expect(ranked.map((entry) => [entry.productId, entry.because.kind])).toEqual([
      ['mug', 'category'],
      ['grinder', 'history'],
      ['decaf', 'category'],
    ]);
    const facts = {
      productName: (id: string) => ({ espresso: 'Espresso beans' })[id] ?? null,
      categoryName: (id: string) => ({ coffee: 'Coffee tea', mugs: 'Mugs' })[id] ?? null,
      bought: (id: string) => id === 'espresso',
      boughtIn: (id: string) => id === 'coffee',
    };
    expect(ranked.map((entry) => forYouReason(entry.because, facts))).toEqual([
      'Popular in Mugs with shoppers of your taste',
      'Because you bought Espresso beans',
      'Popular in Coffee tea, which you buy',
    ]);
    expect(forYouReason({ kind: 'history', productId: 'teapot' }, facts)).toBe('Based on products you viewed or bought');
  });

  it('ranks a category’s products by their share of its decayed orders', () => {
    const lists = categoryPopularity(
      [
        { productId: 'a', categoryId: 'coffee', at: now, count: 2 },
        { productId: 'b', categoryId: 'coffee', at: new Date(now.getTime() - 14 * DAY), count: 2 },
        { productId: 'c', categoryId: 'coffee', at: now },
        { productId: 'm', categoryId: 'mugs', at: now },
      ],
      now,
      14,
      2,
    );
    // a 2, b 2·½ = 1, c 1 (tie with b: more orders first); total 4.
    expect(lists.get('coffee')).toEqual([
      { productId: 'a', score: 0.5, orders: 2 },
      { productId: 'b', score: 0.25, orders: 2 },
    ]);
    expect(lists.get('mugs')).toEqual([{ productId: 'm', score: 1, orders: 1 }]);
  });

  it('sums the cart items’ complements and never suggests the cart itself', () => {
    const ranked = boughtTogether(['new', 'bought'], listOf, 10);
    expect(ranked.map((entry) => entry.productId)).toEqual(['y', 'coffee']);
    expect(ranked[1]).toMatchObject({ sources: 2, score: expect.closeTo(0.3, 5) });
  });
});

describe('trending', () => {
  const now = new Date('2026-12-07T00:00:00Z');
  it('decays views and weighted purchases and counts the week for its reason', () => {
    const ranked = trendingScores(
      [
        { productId: 'a', kind: 'view', at: now, count: 10 },
        { productId: 'b', kind: 'purchase', at: now, count: 3 },
        { productId: 'c', kind: 'purchase', at: new Date(now.getTime() - 70 * DAY), count: 100 },
      ],
      now,
      7,
    );
    expect(ranked.map((entry) => entry.productId)).toEqual(['b', 'a', 'c']);
    expect(ranked[0]!.score).toBe(15);
    expect(trendingReason(ranked[1]!)).toBe('Trending: 10 views and 0 orders this week');
    expect(trendingReason({ score: 0, viewsThisWeek: 0, ordersThisWeek: 0 })).toMatch(/catalogue/);
  });
});
