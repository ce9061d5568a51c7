import { beforeEach, describe, expect, it, vi } from 'vitest';

const client = {
  alsoBought: { query: vi.fn() },
  similar: { query: vi.fn() },
  boughtTogether: { mutate: vi.fn() },
  forYou: { query: vi.fn() },
  trending: { query: vi.fn() },
};
const getProductsByIds = vi.fn();
let session: { id: string } | null = null;
let proxyHeaders: Record<string, string> = {};
vi.mock('./services', () => ({ recommendationsClient: vi.fn(() => client) }));
vi.mock('./catalog-cache', () => ({ getProductsByIds }));
vi.mock('./caller', () => ({ getRequestContext: vi.fn(async () => ({ session, accessToken: session ? 'token' : undefined })) }));
vi.mock('next/headers', () => ({ headers: vi.fn(async () => new Headers(proxyHeaders)) }));
vi.mock('@/env', () => ({ getEnv: () => ({ SHELF_TIMEOUT_MS: 50, SHELF_CACHE_SECONDS: 30 }) }));
// No data cache outside Next: every call asks (the cache's keys and tags are Next's business).
vi.mock('next/cache', () => ({ unstable_cache: (fn: (...args: unknown[]) => unknown) => fn }));

const { cartShelf, hasModelData, homeShelf, productShelves } = await import('./recommendations');

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const card = (n: number, extra: Record<string, unknown> = {}) => ({ id: id(n), slug: `p-${n}`, inStock: true, status: 'active', ...extra });
const item = (n: number, reason = 'Bought together by 3 customers', source: 'model' | 'trending' = 'model') => ({ productId: id(n), score: 1, reason, source });
const shelf = (name: string, items: ReturnType<typeof item>[], fallback = false) => ({ shelf: name, items, fallback, generatedAt: '2026-12-07T00:00:00.000Z' });

beforeEach(() => {
  vi.clearAllMocks();
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  session = null;
  proxyHeaders = {};
  getProductsByIds.mockImplementation(async (ids: string[]) => ids.map((value) => card(Number(value.slice(-12)))));
});

describe('hasModelData', () => {
  it('a shelf made only of trending filler has none; the model’s own items (even topped up) count', () => {
    expect(hasModelData(shelf('also_bought', []))).toBe(false);
    expect(hasModelData(shelf('also_bought', [item(1, 'Trending: 31 views and 6 orders this week', 'trending')], true))).toBe(false);
    expect(hasModelData(shelf('also_bought', [item(1), item(2, 'Trending: 3 views', 'trending')], true))).toBe(true);
    expect(hasModelData(shelf('similar', [item(1, 'Same category')]))).toBe(true);
    expect(hasModelData(shelf('also_bought', [item(1, 'Popular lately', 'trending'), item(2, 'From the catalogue (not enough activity yet)', 'trending')], true))).toBe(false);
  });
});

describe('productShelves', () => {
  it('also bought and similar, without the product itself, out-of-stock cards or a product shown twice', async () => {
    client.alsoBought.query.mockResolvedValue(shelf('also_bought', [item(2), item(3)]));
    client.similar.query.mockResolvedValue(shelf('similar', [item(3), item(4), item(5), item(1)]));
    getProductsByIds.mockImplementation(async (ids: string[]) => ids.map((value) => card(Number(value.slice(-12)), Number(value.slice(-12)) === 5 ? { inStock: false } : {})));
    const shelves = await productShelves(id(1));
    expect(shelves.map((s) => [s.shelf, s.products.map((p) => p.slug), s.sourceProductId])).toEqual([
      ['also_bought', ['p-2', 'p-3'], id(1)],
      ['similar', ['p-4'], id(1)],
    ]);
  });

  it('no model data, an error or a slow answer: no shelf (the page shows "More from …")', async () => {
    client.alsoBought.query.mockResolvedValue(shelf('also_bought', [item(2, 'Trending: 1 view', 'trending')], true));
    client.similar.query.mockRejectedValue(new Error('503'));
    expect(await productShelves(id(1))).toEqual([]);
    client.similar.query.mockImplementation(() => new Promise(() => undefined)); // never answers
    const started = Date.now();
    expect(await productShelves(id(1))).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('cartShelf', () => {
  it('asks for the cart’s products and never shows them', async () => {
    client.boughtTogether.mutate.mockResolvedValue(shelf('bought_together', [item(7), item(1)]));
    const result = await cartShelf([id(1), id(1)]);
    expect(client.boughtTogether.mutate).toHaveBeenCalledWith({ productIds: [id(1)], limit: 4 });
    // The answer for a cart does not depend on the order of its lines (one cache entry).
    client.boughtTogether.mutate.mockClear();
    await cartShelf([id(3), id(2)]);
    expect(client.boughtTogether.mutate).toHaveBeenCalledWith({ productIds: [id(2), id(3)], limit: 4 });
    expect(result?.products.map((p) => p.slug)).toEqual(['p-7']);
    expect(await cartShelf([])).toBeNull();
  });
});

describe('homeShelf', () => {
  it('a first visit gets trending', async () => {
    proxyHeaders = { 'x-oc-opt-out': '0', 'x-oc-visitor-id': id(90), 'x-oc-session-id': id(91), 'x-oc-new-visitor': '1' };
    client.trending.query.mockResolvedValue(shelf('trending', [item(8, 'Trending: 9 views', 'trending')]));
    expect((await homeShelf())?.shelf).toBe('trending');
    expect(client.forYou.query).not.toHaveBeenCalled();
  });

  it('a returning visitor gets "for you" with their visitor id, or trending when they have no history', async () => {
    proxyHeaders = { 'x-oc-opt-out': '0', 'x-oc-visitor-id': id(90), 'x-oc-session-id': id(91) };
    client.forYou.query.mockResolvedValue(shelf('for_you', [item(8, 'Based on 2 products you viewed or bought')]));
    expect((await homeShelf())?.shelf).toBe('for_you');
    expect(client.forYou.query).toHaveBeenCalledWith({ visitorId: id(90), limit: 8 });
    client.forYou.query.mockResolvedValue(shelf('for_you', [item(8, 'Trending: 9 views', 'trending')], true));
    expect((await homeShelf())?.shelf).toBe('trending');
  });

  it('a signed-in shopper with Do-Not-Track gets "for you" by account only', async () => {
    session = { id: 'c1' };
    proxyHeaders = { 'x-oc-opt-out': '1' };
    client.forYou.query.mockResolvedValue(shelf('for_you', [item(8, 'Based on 1 product you viewed or bought')]));
    expect((await homeShelf())?.shelf).toBe('for_you');
    expect(client.forYou.query).toHaveBeenCalledWith({ limit: 8 });
  });
});
