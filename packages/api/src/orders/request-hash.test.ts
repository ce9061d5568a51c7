import { describe, expect, it } from 'vitest';
import { canonicalJson, requestHash } from './request-hash.js';

describe('request hashing', () => {
  it('ignores object key order and undefined fields', () => {
    const a = { items: [{ productId: 'p1', quantity: 2 }], shippingAddress: { name: 'A', country: 'US', line2: undefined }, paymentMethod: 'pm_card_visa' };
    const b = { paymentMethod: 'pm_card_visa', shippingAddress: { country: 'US', name: 'A' }, items: [{ quantity: 2, productId: 'p1' }] };
    expect(requestHash(a)).toBe(requestHash(b));
  });

  it('changes with any value', () => {
    const base = { items: [{ productId: 'p1', quantity: 2 }], paymentMethod: 'pm_card_visa' };
    expect(requestHash(base)).not.toBe(requestHash({ ...base, paymentMethod: 'pm_card_chargeDeclined' }));
    expect(requestHash(base)).not.toBe(requestHash({ ...base, items: [{ productId: 'p1', quantity: 3 }] }));
  });

  it('keeps array order significant (callers sort lines first)', () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it('writes canonical JSON', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: 1, y: 2 } })).toBe('{"a":[true,null,"x"],"b":1,"c":{"y":2,"z":1}}');
  });
});
