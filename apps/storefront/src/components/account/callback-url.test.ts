import { describe, expect, it } from 'vitest';
import { safeCallbackUrl } from './callback-url';

describe('safeCallbackUrl', () => {
  it('keeps same-site paths with their query', () => {
    expect(safeCallbackUrl('/account/orders/1?x=1#top')).toBe('/account/orders/1?x=1#top');
    expect(safeCallbackUrl('/checkout')).toBe('/checkout');
  });
  it('falls back for other sites and tricks', () => {
    for (const bad of ['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '/\tfoo', '', undefined, null, 'account']) {
      expect(safeCallbackUrl(bad)).toBe('/account');
    }
  });
  it('reduces absolute URLs on our own origin to their path', () => {
    expect(safeCallbackUrl('http://127.0.0.1:3000/cart?a=1', '/account', 'http://127.0.0.1:3000')).toBe('/cart?a=1');
    expect(safeCallbackUrl('http://127.0.0.1:3001/cart', '/account', 'http://127.0.0.1:3000')).toBe('/account');
  });
  it('does not send a shopper back to the sign-in pages', () => {
    expect(safeCallbackUrl('/login?callbackUrl=/x')).toBe('/account');
    expect(safeCallbackUrl('/a/../register')).toBe('/account');
    expect(safeCallbackUrl('/reset-password?token=abc')).toBe('/account');
    expect(safeCallbackUrl('/forgot-password')).toBe('/account');
  });
  it('takes the first of repeated parameters and honours the fallback', () => {
    expect(safeCallbackUrl(['/cart', '/x'])).toBe('/cart');
    expect(safeCallbackUrl('https://evil.example', '/')).toBe('/');
  });
});
