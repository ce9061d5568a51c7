import { describe, expect, it } from 'vitest';
import { formatOrderDate, orderStatus } from './order-status';

describe('orderStatus', () => {
  it('names each status for shoppers', () => {
    expect(orderStatus('paid')).toEqual({ label: 'Paid', tone: 'success' });
    expect(orderStatus('payment_failed')).toEqual({ label: 'Payment failed', tone: 'danger' });
    expect(orderStatus('fulfilled').label).toBe('Shipped');
    expect(orderStatus('some_new_state')).toEqual({ label: 'some new state', tone: 'neutral' });
  });
});

describe('formatOrderDate', () => {
  it('formats in UTC', () => {
    expect(formatOrderDate('2026-11-22T23:30:00Z')).toBe('Nov 22, 2026');
    expect(formatOrderDate('2026-11-22T23:30:00Z', true)).toBe('Nov 22, 2026, 11:30 PM UTC');
    expect(formatOrderDate('nonsense')).toBe('nonsense');
  });
});
