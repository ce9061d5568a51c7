import { describe, expect, it, vi } from 'vitest';

const incoming = new Headers();
vi.mock('next/headers', () => ({ headers: async () => incoming }));
const { forwardedCaller, isSameOrigin } = await import('./request');
const { shopperAddress } = await import('./address');

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
  it('carries the shopper’s address and a well-formed request id on, and drops a malformed id', async () => {
    // Issue #10: the shopper's address as the trusted hops saw it, no longer the raw chain.
    incoming.set('x-forwarded-for', '203.0.113.9, 10.0.0.1');
    incoming.set('x-request-id', 'ingress-42');
    expect(await forwardedCaller()).toEqual({ forwardedFor: '203.0.113.9', requestId: 'ingress-42' });
    incoming.set('x-request-id', 'no spaces allowed');
    expect((await forwardedCaller()).requestId).toBeUndefined();
  });
});

describe('shopperAddress', () => {
  it('is the address Next.js or the ingress saw, never an entry the shopper wrote', () => {
    // Next.js alone (npm start): it wrote the socket's address.
    expect(shopperAddress('127.0.0.1')).toBe('127.0.0.1');
    expect(shopperAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    // Behind an ingress: the shopper sent "X-Forwarded-For: 1.1.1.1", the ingress appended what it saw.
    expect(shopperAddress('1.1.1.1, 203.0.113.9')).toBe('203.0.113.9');
    expect(shopperAddress('1.1.1.1, 203.0.113.9, 10.0.0.4')).toBe('203.0.113.9');
    expect(shopperAddress(['10.9.9.9, 2001:db8::9', 'fd00::4'])).toBe('2001:db8::9');
  });

  it('follows the app’s own list of trusted proxies', () => {
    expect(shopperAddress('203.0.113.9, 10.0.0.4', [])).toBe('10.0.0.4');
    expect(shopperAddress('203.0.113.9, 198.51.100.4', ['198.51.100.0/24'])).toBe('203.0.113.9');
  });

  it('answers nothing rather than something unreadable', () => {
    expect(shopperAddress(undefined)).toBeUndefined();
    expect(shopperAddress('')).toBeUndefined();
    expect(shopperAddress('unknown')).toBeUndefined();
  });
});
