import { describe, expect, it } from 'vitest';
import { urlForLog } from './http.js';

describe('urlForLog', () => {
  it('keeps paths and harmless parameters as they are', () => {
    expect(urlForLog('/api/v1/products?limit=20&sort=newest')).toBe('/api/v1/products?limit=20&sort=newest');
    expect(urlForLog('/healthz')).toBe('/healthz');
    expect(urlForLog(undefined)).toBe('/');
  });

  it('redacts guest cart ids, tRPC input and credentials, whatever their case', () => {
    expect(urlForLog('/api/v1/cart?cartId=abc123secret&x=1')).toBe('/api/v1/cart?cartId=[redacted]&x=1');
    expect(urlForLog('/trpc/get?input=%7B%22cartId%22%3A%22s%22%7D')).toBe('/trpc/get?input=[redacted]');
    expect(urlForLog('/x?CARTID=a&Token=b&email=c%40d')).toBe('/x?CARTID=[redacted]&Token=[redacted]&email=[redacted]');
  });

  it('survives malformed escapes', () => {
    expect(urlForLog('/x?%E0%A4%A=1&cartId=z')).toBe('/x?%E0%A4%A=1&cartId=[redacted]');
  });
});
