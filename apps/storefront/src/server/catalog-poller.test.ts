import { describe, expect, it, vi } from 'vitest';
import { createChangePoller, type ChangeFeedPage } from './catalog-poller';

function setup(feed: Array<ChangeFeedPage | Error>) {
  const calls: Array<string | undefined> = [];
  const revalidated: string[][] = [];
  const log = { info: vi.fn(), warn: vi.fn() };
  let revalidateFails = false;
  const poller = createChangePoller({
    intervalMs: 1000,
    log,
    async fetchChanges(since) {
      calls.push(since);
      const next = feed.shift();
      if (!next) return { changes: [], cursor: since ?? 't0', hasMore: false };
      if (next instanceof Error) throw next;
      return next;
    },
    async revalidate(tags) {
      if (revalidateFails) throw new Error('connect ECONNREFUSED');
      revalidated.push(tags);
    },
  });
  return { poller, calls, revalidated, log, failRevalidation: (fail: boolean) => (revalidateFails = fail) };
}

describe('catalog change poller', () => {
  it('expires everything on its first poll, then only what changed', async () => {
    const { poller, calls, revalidated } = setup([
      { changes: [{ id: '1', slug: 'old' }], cursor: 't1', hasMore: false },
      { changes: [], cursor: 't2', hasMore: false },
      { changes: [{ id: '2', slug: 'lamp-2', previousSlug: 'lamp' }], cursor: 't3', hasMore: false },
    ]);
    await poller.pollOnce();
    await poller.pollOnce();
    await poller.pollOnce();
    expect(calls).toEqual([undefined, 't1', 't2']);
    expect(revalidated).toEqual([['catalog', 'home'], expect.arrayContaining(['product:lamp-2', 'product:lamp', 'catalog', 'home'])]);
    expect(poller.cursor).toBe('t3');
  });

  it('survives the gateway being down: logs once, keeps its position, recovers', async () => {
    const { poller, calls, log } = setup([
      { changes: [], cursor: 't1', hasMore: false },
      new Error('fetch failed'),
      new Error('fetch failed'),
      { changes: [], cursor: 't2', hasMore: false },
    ]);
    expect(await poller.pollOnce()).toBe(true);
    expect(await poller.pollOnce()).toBe(false);
    expect(await poller.pollOnce()).toBe(false);
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(await poller.pollOnce()).toBe(true);
    expect(log.info).toHaveBeenCalledTimes(1);
    expect(calls).toEqual([undefined, 't1', 't1', 't1']);
  });

  it('retries the same changes when revalidation fails', async () => {
    const { poller, calls, revalidated, failRevalidation } = setup([
      { changes: [], cursor: 't1', hasMore: false },
      { changes: [{ id: '1', slug: 'mug' }], cursor: 't2', hasMore: false },
      { changes: [{ id: '1', slug: 'mug' }], cursor: 't2', hasMore: false },
    ]);
    await poller.pollOnce();
    failRevalidation(true);
    expect(await poller.pollOnce()).toBe(false);
    expect(poller.cursor).toBe('t1');
    failRevalidation(false);
    expect(await poller.pollOnce()).toBe(true);
    expect(calls).toEqual([undefined, 't1', 't1']);
    expect(revalidated.at(-1)).toContain('product:mug');
  });

  it('follows full pages right away', async () => {
    const { poller, calls, revalidated } = setup([
      { changes: [], cursor: 't1', hasMore: false },
      { changes: [{ id: '1', slug: 'a' }], cursor: 't2', hasMore: true },
      { changes: [{ id: '2', slug: 'b' }], cursor: 't3', hasMore: false },
    ]);
    await poller.pollOnce();
    expect(await poller.pollOnce()).toBe(true);
    expect(calls).toEqual([undefined, 't1', 't2']);
    expect(revalidated.slice(1).flat()).toEqual(expect.arrayContaining(['product:a', 'product:b']));
    expect(poller.cursor).toBe('t3');
  });

  it('polls on a timer until stopped', async () => {
    vi.useFakeTimers();
    try {
      const { poller, calls } = setup([]);
      poller.start();
      poller.start();
      await vi.advanceTimersByTimeAsync(3500);
      expect(calls.length).toBe(3);
      poller.stop();
      await vi.advanceTimersByTimeAsync(5000);
      expect(calls.length).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
