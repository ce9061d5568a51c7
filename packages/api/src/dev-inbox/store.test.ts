import { describe, expect, it } from 'vitest';
import { BoundedStore } from './store.js';

describe('the bounded message store', () => {
  it('drops the oldest past the count, newest first in lists', () => {
    const store = new BoundedStore<string>(2, Number.POSITIVE_INFINITY);
    for (const name of ['a', 'b', 'c']) store.add(name, name, 1);
    expect(store.list()).toEqual(['c', 'b']);
    expect(store.get('a')).toBeUndefined();
    expect(store.size).toBe(2);
  });

  it('drops the oldest past the byte budget but always keeps the newest', () => {
    const store = new BoundedStore<string>(100, 10);
    store.add('a', 'a', 4);
    store.add('b', 'b', 4);
    store.add('c', 'c', 4); // 12 > 10: a goes
    expect(store.list()).toEqual(['c', 'b']);
    store.add('huge', 'huge', 50);
    expect(store.list()).toEqual(['huge']);
    store.add('d', 'd', 1); // the huge one goes as soon as something newer exists
    expect(store.list()).toEqual(['d']);
  });

  it('filters, clears and refuses a nonsensical cap', () => {
    const store = new BoundedStore<number>(10, 100);
    for (const n of [1, 2, 3, 4]) store.add(String(n), n, 1);
    expect(store.list((n) => n % 2 === 0)).toEqual([4, 2]);
    expect(store.clear()).toBe(4);
    expect(store.list()).toEqual([]);
    expect(() => new BoundedStore(0, 1)).toThrow(/maxMessages must be a positive integer/);
  });
});
