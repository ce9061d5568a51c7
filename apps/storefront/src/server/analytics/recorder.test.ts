import { afterEach, describe, expect, it, vi } from 'vitest';

const mutate = vi.fn(async () => ({ accepted: 1, rejected: [] }));
const analyticsClient = vi.fn((_caller: { accessToken?: string }) => ({ ingest: { mutate } }));
vi.mock('../services', () => ({ analyticsClient }));
vi.mock('@/env', () => ({ getEnv: () => ({ ANALYTICS_FLUSH_MS: 1000, ANALYTICS_QUEUE_MAX: 100 }) }));

const { analyticsBatcher, record } = await import('./recorder');

const origin = { visitorId: '0b7e4a1c-2d3f-4a5b-9c6d-7e8f9a0b1c2d', sessionId: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b', path: '/', referrerHost: null, device: 'desktop' as const };

afterEach(() => vi.clearAllMocks());

describe('record', () => {
  it('sends identify once per visitor and signed-in shopper, with the shopper token; anonymous events without one', async () => {
    record({ origin, accessToken: 'token-1', customerId: 'c1' }, 'page_view', { pageType: 'home' });
    record({ origin, accessToken: 'token-1', customerId: 'c1' }, 'page_view', { pageType: 'product' });
    record({ origin: { ...origin, visitorId: null, sessionId: null }, accessToken: undefined, customerId: null }, 'page_view', { pageType: 'home' });
    await analyticsBatcher().flush();
    expect(analyticsClient.mock.calls.map(([caller]) => caller.accessToken)).toEqual(['token-1', undefined]);
    const [signedIn, anonymous] = mutate.mock.calls as unknown as Array<[{ events: Array<{ type: string; visitorId: string | null }> }]>;
    expect(signedIn![0].events.map((e) => e.type)).toEqual(['identify', 'page_view', 'page_view']);
    expect(anonymous![0].events).toMatchObject([{ type: 'page_view', visitorId: null }]);
    // No customer id, e-mail or user agent in any event: the token says who it is.
    expect(JSON.stringify(mutate.mock.calls)).not.toMatch(/customerId|"c1"|user-agent|Mozilla/);
  });

  it('a DNT shopper (no visitor id) is never identified', async () => {
    record({ origin: { ...origin, visitorId: null, sessionId: null }, accessToken: 'token-2', customerId: 'c2' }, 'page_view', { pageType: 'home' });
    await analyticsBatcher().flush();
    const calls = mutate.mock.calls as unknown as Array<[{ events: Array<{ type: string }> }]>;
    expect(calls[0]![0].events.map((e) => e.type)).toEqual(['page_view']);
  });
});
