import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventBatcher, type SendBatch } from './batcher';
import { makeEvent, type BehaviourEvent } from './events';

const origin = { visitorId: null, sessionId: null, path: '/', referrerHost: null, device: 'desktop' as const };
const event = (n = 1): BehaviourEvent => makeEvent('page_view', { pageType: 'other', resultCount: n }, origin);
const events = (count: number) => Array.from({ length: count }, (_, index) => event(index));

class HttpError extends Error {
  constructor(readonly status: number) {
    super(`status ${status}`);
  }
}
const statusOf = (error: unknown) => (error instanceof HttpError ? error.status : undefined);

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function batcher(send: SendBatch, options: Partial<ConstructorParameters<typeof EventBatcher>[0]> = {}) {
  return new EventBatcher({ send, statusOf, log: () => undefined, ...options });
}

describe('EventBatcher', () => {
  it('enqueue returns at once; the queue is sent about a second later', async () => {
    const send = vi.fn<SendBatch>(async () => undefined);
    const queue = batcher(send);
    queue.enqueue(event());
    expect(send).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(999);
    expect(send).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(send).toHaveBeenCalledTimes(1);
    expect(queue.stats()).toMatchObject({ queued: 0, sent: 1 });
  });

  it('sends at once when 50 events wait, in chunks of at most 50', async () => {
    const send = vi.fn<SendBatch>(async () => undefined);
    const queue = batcher(send);
    queue.enqueue(events(49));
    expect(send).not.toHaveBeenCalled();
    queue.enqueue(events(71));
    await vi.advanceTimersByTimeAsync(0);
    expect(send.mock.calls.map(([, batch]) => batch.length)).toEqual([50, 50, 20]);
  });

  it('groups events by the access token they were recorded with (anonymous together)', async () => {
    const send = vi.fn<SendBatch>(async () => undefined);
    const queue = batcher(send);
    queue.enqueue(event(1), 'token-a');
    queue.enqueue(event(2));
    queue.enqueue(event(3), 'token-b');
    queue.enqueue(event(4), 'token-a');
    queue.enqueue(event(5), '');
    await queue.flush();
    const calls = send.mock.calls.map(([token, batch]) => [token, batch.map((e) => (e.props as { resultCount: number }).resultCount)]);
    expect(calls).toEqual([
      ['token-a', [1, 4]],
      [undefined, [2, 5]],
      ['token-b', [3]],
    ]);
  });

  it('keeps events when analytics cannot be reached, retries later, and bounds the queue by dropping the oldest', async () => {
    let down = true;
    const sent: BehaviourEvent[] = [];
    const send = vi.fn<SendBatch>(async (_token, batch) => {
      if (down) throw new HttpError(503);
      sent.push(...batch);
    });
    const queue = batcher(send, { maxQueue: 100, flushIntervalMs: 1000, maxBackoffMs: 4000 });
    const all = events(130);
    queue.enqueue(all.slice(0, 40));
    await queue.flush();
    expect(queue.stats()).toMatchObject({ queued: 40, dropped: 0, failures: 1 });
    queue.enqueue(all.slice(40));
    expect(queue.stats()).toMatchObject({ queued: 100, dropped: 30 });
    down = false;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(queue.stats()).toMatchObject({ queued: 0, sent: 100, dropped: 30 });
    // The 30 oldest were dropped; the rest arrived oldest first.
    expect(sent.map((e) => e.id)).toEqual(all.slice(30).map((e) => e.id));
  });

  it('while analytics fails it tries one call per attempt and backs off', async () => {
    const send = vi.fn<SendBatch>(async () => {
      throw new Error('fetch failed');
    });
    const queue = batcher(send, { flushIntervalMs: 1000, maxBackoffMs: 8000 });
    queue.enqueue(events(10), 'a');
    queue.enqueue(events(10), 'b');
    await queue.flush();
    expect(send).toHaveBeenCalledTimes(1); // the second group waits for the next attempt
    await vi.advanceTimersByTimeAsync(1999);
    expect(send).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(send).toHaveBeenCalledTimes(2);
    expect(queue.stats().queued).toBe(20);
  });

  it('an expired token (401) is sent again anonymously; another 4xx is dropped, not retried', async () => {
    const send = vi.fn<SendBatch>(async (token) => {
      if (token === 'expired') throw new HttpError(401);
      if (token === 'bad') throw new HttpError(400);
    });
    const queue = batcher(send);
    queue.enqueue(event(), 'expired');
    queue.enqueue(events(2), 'bad');
    await queue.flush();
    expect(send.mock.calls.map(([token]) => token)).toEqual(['expired', undefined, 'bad']);
    expect(queue.stats()).toMatchObject({ queued: 0, sent: 1, rejected: 2 });
  });

  it('never throws into the caller, and logs failures at most once per interval', async () => {
    const log = vi.fn();
    const queue = batcher(
      async () => {
        throw new Error('boom');
      },
      { log, logEveryMs: 60_000, now: () => Date.now() },
    );
    expect(() => queue.enqueue(event())).not.toThrow();
    await queue.flush();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(log).toHaveBeenCalledTimes(1);
  });
});
