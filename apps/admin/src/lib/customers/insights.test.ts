import { describe, expect, it } from 'vitest';
import type { OrderSummary } from '../orders/types';
import { customerInsights } from './insights';

const address = { name: 'Jane Doe', line1: '1 Main St', line2: null, postalCode: '10001', city: 'New York', country: 'US' };
function order(status: OrderSummary['status'], total: number, amountRefunded: number, createdAt: string, shippingAddress: Partial<typeof address> = {}): OrderSummary {
  return { status, total, amountRefunded, createdAt, shippingAddress: { ...address, ...shippingAddress } } as unknown as OrderSummary;
}

describe('customer insights', () => {
  it('counts paid orders net of refunds towards the lifetime value, not pending, failed or cancelled ones', () => {
    const insights = customerInsights([
      order('delivered', 10_000, 0, '2026-01-01T10:00:00Z'),
      order('partially_refunded', 5_000, 1_500, '2026-02-01T10:00:00Z'),
      order('refunded', 2_000, 2_000, '2026-03-01T10:00:00Z'),
      order('pending_payment', 9_999, 0, '2026-04-01T10:00:00Z'),
      order('cancelled', 9_999, 0, '2026-05-01T10:00:00Z'),
    ]);
    expect(insights.lifetimeValue).toBe(13_500);
    expect(insights.paidOrders).toBe(3);
    expect(insights.orders).toBe(5);
    expect(insights.lastOrderAt).toBe('2026-05-01T10:00:00Z');
  });

  it('lists each shipping address once, newest first, however it was capitalised', () => {
    const insights = customerInsights([
      order('paid', 100, 0, '2026-01-01T10:00:00Z'),
      order('paid', 100, 0, '2026-03-01T10:00:00Z', { line1: '9 Elm Rd' }),
      order('paid', 100, 0, '2026-02-01T10:00:00Z', { city: 'NEW YORK' }),
    ]);
    expect(insights.addresses.map(({ address: { line1 }, orders }) => [line1, orders])).toEqual([
      ['9 Elm Rd', 1],
      ['1 Main St', 2],
    ]);
  });

  it('has no last order for a customer without orders', () => {
    expect(customerInsights([])).toEqual({ lifetimeValue: 0, paidOrders: 0, orders: 0, lastOrderAt: null, addresses: [] });
  });
});
