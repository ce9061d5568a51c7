import { describe, expect, it } from 'vitest';
import { createLogger } from '../runtime/logger.js';
import { createCatalogPrices } from './catalog-prices.js';
import type { CatalogChangeFeed, CatalogProduct } from './clients.js';

const product = (id: string, priceAmount = 1_000): CatalogProduct => ({ id, sku: `SKU-${id}`, name: `Product ${id}`, priceAmount, currency: 'USD', status: 'active' });

/** A catalog double: its products, the ids each productsByIds asked for, and a change feed over a list of changes. */
function fakeCatalog() {
  const products = new Map<string, CatalogProduct>();
  const asked: string[][] = [];
  const changes: string[] = [];
  let feedDown = false;
  /** Resolves a productsByIds call only when released (a read racing a poll). */
  let hold: Promise<void> | null = null;
  const feed: CatalogChangeFeed = {
    async changesSince(cursor) {
      if (feedDown) throw new Error('catalog unreachable');
      const from = cursor === undefined ? changes.length : Number(cursor);
      return { changes: changes.slice(from).map((id) => ({ id })), cursor: String(changes.length), hasMore: false };
    },
  };
  return {
    products,
    asked,
    feed,
    change(id: string, next?: CatalogProduct) {
      if (next) products.set(id, next);
      changes.push(id);
    },
    setFeedDown(down: boolean) {
      feedDown = down;
    },
    holdReads() {
      let release!: () => void;
      hold = new Promise((resolve) => {
        release = resolve;
      });
      return () => {
        hold = null;
        release();
      };
    },
    pricing: {
      async productsByIds(ids: string[]) {
        asked.push(ids);
        const answer = ids.map((id) => products.get(id)).filter((p): p is CatalogProduct => p !== undefined);
        if (hold) await hold;
        return answer;
      },
    },
  };
}

function setup(options: { maxEntries?: number } = {}) {
  const catalog = fakeCatalog();
  let clock = 1_000_000;
  const prices = createCatalogPrices({
    pricing: catalog.pricing,
    feed: catalog.feed,
    pollMs: 1_000,
    logger: createLogger({ level: 'silent' }),
    now: () => clock,
    ...options,
  });
  return { catalog, prices, advance: (ms: number) => (clock += ms) };
}

describe('checkout prices kept in memory and revalidated by the catalog change feed', () => {
  it('asks the catalog once per product while the feed answers, and never keeps unknown ids', async () => {
    const { catalog, prices } = setup();
    catalog.products.set('a', product('a'));
    catalog.products.set('b', product('b'));
    await prices.pollOnce();
    expect(await prices.productsByIds(['a', 'b', 'ghost'])).toEqual([product('a'), product('b')]);
    expect(await prices.productsByIds(['b', 'a'])).toEqual([product('b'), product('a')]);
    expect(await prices.productsByIds(['A'])).toEqual([product('a')]); // ids are case-insensitive
    await prices.productsByIds(['a', 'ghost']);
    expect(catalog.asked).toEqual([['a', 'b', 'ghost'], ['ghost']]);
  });

  it('a product the feed reports changed is read again, with its new price', async () => {
    const { catalog, prices } = setup();
    catalog.products.set('a', product('a', 1_000));
    await prices.pollOnce();
    await prices.productsByIds(['a']);
    catalog.change('a', product('a', 1_500));
    expect(await prices.productsByIds(['a'])).toEqual([product('a', 1_000)]); // until the next poll (at most pollMs)
    await prices.pollOnce();
    expect(await prices.productsByIds(['a'])).toEqual([product('a', 1_500)]);
    expect(catalog.asked).toEqual([['a'], ['a']]);
  });

  it('serves nothing from memory before the first poll or when the feed has not answered for staleAfterMs', async () => {
    const { catalog, prices, advance } = setup();
    catalog.products.set('a', product('a'));
    await prices.productsByIds(['a']);
    await prices.productsByIds(['a']);
    expect(catalog.asked).toHaveLength(2); // no poll yet: straight to the catalog
    await prices.pollOnce();
    await prices.productsByIds(['a']);
    await prices.productsByIds(['a']);
    expect(catalog.asked).toHaveLength(3);
    catalog.setFeedDown(true);
    advance(3_001);
    expect(await prices.pollOnce()).toBe(false);
    catalog.change('a', product('a', 2_000)); // a change the feed cannot report yet
    expect(await prices.productsByIds(['a'])).toEqual([product('a', 2_000)]);
    expect(catalog.asked).toHaveLength(4);
    // Back: the cursor resumes where it stopped, so the change is seen before the cache serves again.
    catalog.setFeedDown(false);
    expect(await prices.pollOnce()).toBe(true);
    expect(await prices.productsByIds(['a'])).toEqual([product('a', 2_000)]);
    expect(await prices.productsByIds(['a'])).toEqual([product('a', 2_000)]);
    expect(catalog.asked).toHaveLength(5);
  });

  it('does not keep a read that a poll dropping entries overtook (it may predate the change)', async () => {
    const { catalog, prices } = setup();
    catalog.products.set('a', product('a', 1_000));
    catalog.products.set('b', product('b'));
    await prices.pollOnce();
    await prices.productsByIds(['b']);
    const release = catalog.holdReads();
    const reading = prices.productsByIds(['a']); // answers the old price, held in flight
    await Promise.resolve();
    catalog.change('b');
    await prices.pollOnce();
    release();
    expect(await reading).toEqual([product('a', 1_000)]);
    catalog.products.set('a', product('a', 1_200));
    expect(await prices.productsByIds(['a'])).toEqual([product('a', 1_200)]);
  });

  it('keeps at most maxEntries products, dropping the oldest', async () => {
    const { catalog, prices } = setup({ maxEntries: 2 });
    for (const id of ['a', 'b', 'c']) catalog.products.set(id, product(id));
    await prices.pollOnce();
    await prices.productsByIds(['a']);
    await prices.productsByIds(['b']);
    await prices.productsByIds(['c']);
    catalog.asked.length = 0;
    await prices.productsByIds(['b', 'c']);
    await prices.productsByIds(['a']);
    expect(catalog.asked).toEqual([['a']]);
  });
});
