import { describe, expect, it } from 'vitest';
import { DomainError } from '../../runtime/errors.js';
import { checkoutFailureOutcome } from './place.js';

describe('orders_checkouts_total outcome', () => {
  it('a checkout that threw is declined, rejected (4xx), rate limited or failed (5xx or unexpected)', () => {
    expect(checkoutFailureOutcome(new DomainError('PAYMENT_DECLINED', 'declined'))).toBe('declined');
    expect(checkoutFailureOutcome(new DomainError('CONFLICT', 'out of stock'))).toBe('rejected');
    expect(checkoutFailureOutcome(new DomainError('TOO_MANY_REQUESTS', 'slow down'))).toBe('rate_limited');
    expect(checkoutFailureOutcome(new DomainError('UNAVAILABLE', 'payments down'))).toBe('failed');
    expect(checkoutFailureOutcome(new Error('socket hang up'))).toBe('failed');
  });

});
