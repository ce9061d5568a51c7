import { afterEach, describe, expect, it, vi } from 'vitest';
import { callerHeaders, domainClient } from './service-clients';

describe('callerHeaders', () => {
  it('sends the token, the forwarded address and the request id only when there are some', () => {
    expect(callerHeaders({})).toEqual({});
    expect(callerHeaders({ accessToken: 't', forwardedFor: '203.0.113.9', requestId: 'r-1' })).toEqual({
      authorization: 'Bearer t',
      'x-forwarded-for': '203.0.113.9',
      'x-request-id': 'r-1',
    });
  });
});

describe('domainClient', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('calls the domain through the gateway, uncached, with the caller’s headers', async () => {
    const fetch = vi.fn(async () => Response.json({ result: { data: { ok: true } } }));
    vi.stubGlobal('fetch', fetch);
    const client = domainClient('catalog', { gatewayUrl: 'http://gateway:4000', timeoutMs: 1000 }, { accessToken: 't' }) as unknown as {
      categories: { query: () => Promise<unknown> };
    };
    expect(await client.categories.query()).toEqual({ ok: true });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toMatch(/^http:\/\/gateway:4000\/trpc\/catalog\/categories/);
    expect(init.cache).toBe('no-store');
    expect(new Headers(init.headers).get('authorization')).toBe('Bearer t');
  });
});
