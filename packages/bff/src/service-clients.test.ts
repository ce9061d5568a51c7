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

  it('presents the service token with the shopper’s address, so the gateway trusts the app as a proxy', () => {
    expect(callerHeaders({ forwardedFor: '203.0.113.9' }, { serviceToken: 'the-service-token', appName: 'storefront' })).toEqual({
      'x-omnicart-service-token': 'the-service-token',
      'x-omnicart-service': 'storefront',
      'x-forwarded-for': '203.0.113.9',
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
    expect(new Headers(init.headers).get('x-omnicart-service-token')).toBeNull();
  });

  it('sends the service token it was given with every call', async () => {
    const fetch = vi.fn(async () => Response.json({ result: { data: { ok: true } } }));
    vi.stubGlobal('fetch', fetch);
    const gateway = { gatewayUrl: 'http://gateway:4000', timeoutMs: 1000, serviceToken: 'the-service-token', appName: 'storefront' };
    const client = domainClient('identity', gateway, { forwardedFor: '203.0.113.9' }) as unknown as { me: { query: () => Promise<unknown> } };
    await client.me.query();
    const headers = new Headers((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].headers);
    expect(headers.get('x-omnicart-service-token')).toBe('the-service-token');
    expect(headers.get('x-forwarded-for')).toBe('203.0.113.9');
  });
});
