import { describe, expect, it } from 'vitest';
import { ReadCache } from './cache.js';

describe('read cache', () => {
  it('serves a hit until the TTL passes', async () => {
    let now = 0;
    const cache = new ReadCache<number>(10, 1_000, () => now);
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.getOrLoad('k', load)).toBe(1);
    now = 999;
    expect(await cache.getOrLoad('k', load)).toBe(1);
    now = 1_000;
    expect(await cache.getOrLoad('k', load)).toBe(2);
  });

  it('shares one load between concurrent callers', async () => {
    const cache = new ReadCache<number>(10, 1_000);
    let loads = 0;
    const load = () => new Promise<number>((resolve) => setTimeout(() => resolve(++loads), 5));
    expect(await Promise.all([cache.getOrLoad('k', load), cache.getOrLoad('k', load)])).toEqual([1, 1]);
  });

  it('evicts the least recently used entry beyond its size', async () => {
    const cache = new ReadCache<string>(2, 60_000);
    await cache.getOrLoad('a', async () => 'a');
    await cache.getOrLoad('b', async () => 'b');
    await cache.getOrLoad('a', async () => 'a2'); // touch a
    await cache.getOrLoad('c', async () => 'c'); // evicts b
    expect(await cache.getOrLoad('a', async () => 'a3')).toBe('a');
    expect(await cache.getOrLoad('b', async () => 'b2')).toBe('b2');
  });

  it('forgets failures and everything on clear()', async () => {
    const cache = new ReadCache<number>(10, 60_000);
    await expect(cache.getOrLoad('k', async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await cache.getOrLoad('k', async () => 1)).toBe(1);
    cache.clear();
    expect(await cache.getOrLoad('k', async () => 2)).toBe(2);
  });

  it('does not keep a result loaded across a clear (a write happened meanwhile)', async () => {
    const cache = new ReadCache<number>(10, 60_000);
    let release!: (n: number) => void;
    const pending = cache.getOrLoad('k', () => new Promise<number>((resolve) => (release = resolve)));
    cache.clear();
    release(1);
    expect(await pending).toBe(1);
    expect(await cache.getOrLoad('k', async () => 2)).toBe(2);
  });

  it('is a pass-through when the TTL is zero', async () => {
    const cache = new ReadCache<number>(10, 0);
    let loads = 0;
    await cache.getOrLoad('k', async () => ++loads);
    await cache.getOrLoad('k', async () => ++loads);
    expect(loads).toBe(2);
  });
});
