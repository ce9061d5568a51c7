import { describe, expect, it, vi } from 'vitest';

const incoming = new Headers();
vi.mock('next/headers', () => ({ headers: async () => incoming }));
const { forwardedCaller, isSameOrigin } = await import('./request');

const post = (headers: Record<string, string>) => new Request('http://10.0.0.7:3000/api/trpc/x', { method: 'POST', headers });

describe('isSameOrigin', () => {
  it('accepts the page’s own origin: same Host, the forwarded host of a proxy, the public URL, or no Origin', () => {
    expect(isSameOrigin(post({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' }), 'https://shop.example')).toBe(true);
    expect(isSameOrigin(post({ host: 'storefront:3000', 'x-forwarded-host': 'www.omnicart.test', origin: 'https://www.omnicart.test' }), 'https://shop.example')).toBe(true);
    expect(isSameOrigin(post({ host: 'storefront:3000', origin: 'https://shop.example' }), 'https://shop.example')).toBe(true);
    expect(isSameOrigin(post({ host: 'storefront:3000' }), 'https://shop.example')).toBe(true);
  });

  it('refuses other sites and opaque origins', () => {
    expect(isSameOrigin(post({ host: 'shop.example', origin: 'https://evil.example' }), 'https://shop.example')).toBe(false);
    expect(isSameOrigin(post({ host: 'shop.example', origin: 'null' }), 'https://shop.example')).toBe(false);
  });
});

describe('forwardedCaller', () => {
  it('carries the forwarded address and a well-formed request id on, and drops a malformed id', async () => {
    incoming.set('x-forwarded-for', '203.0.113.9, 10.0.0.1');
    incoming.set('x-request-id', 'ingress-42');
    expect(await forwardedCaller()).toEqual({ forwardedFor: '203.0.113.9, 10.0.0.1', requestId: 'ingress-42' });
    incoming.set('x-request-id', 'no spaces allowed');
    expect((await forwardedCaller()).requestId).toBeUndefined();
  });
});
