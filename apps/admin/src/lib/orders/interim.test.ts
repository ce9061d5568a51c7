import { describe, expect, it } from 'vitest';
import { changeBetween } from '../change';
import { dashboardRange, previousRange } from '../dates';
import { searchOrdersIn, summarizeOrdersIn } from './interim';
import type { OrderSummary } from './types';

const order = (number: number, createdAt: string, total: number, status: OrderSummary['status'] = 'paid', amountRefunded = 0): OrderSummary =>
  ({ carrier: null, trackingNumber: null,
    id: `00000000-0000-4000-8000-${String(number).padStart(12, '0')}`,
    number: `OC-${String(number).padStart(8, '0')}`,
    status,
    items: [],
    subtotal: total,
    shipping: 0,
    tax: 0,
    total,
    currency: 'USD',
    payment: { status: 'succeeded', intentId: null },
    createdAt,
    customerId: null,
    guestEmail: `buyer${number}@example.com`,
    shippingAddress: { name: `Buyer ${number}`, line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' },
    amountRefunded,
    updatedAt: createdAt,
  }) as OrderSummary;

const orders = [order(1, '2026-03-01T10:00:00Z', 1000), order(2, '2026-03-02T10:00:00Z', 5000, 'refunded', 5000), order(3, '2026-03-03T10:00:00Z', 3000, 'partially_refunded', 1000), order(4, '2026-03-03T12:00:00Z', 2000, 'payment_failed')];

describe('searchOrdersIn (interim search)', () => {
  it('filters, sorts and pages with the total', () => {
    expect(searchOrdersIn(orders, { sort: 'total_desc', page: 1, pageSize: 10 }).items.map((found) => found.total)).toEqual([5000, 3000, 2000, 1000]);
    expect(searchOrdersIn(orders, { sort: 'total_desc', page: 2, pageSize: 10 })).toEqual({ items: [], total: 4, page: 2, pageSize: 10 });
    expect(searchOrdersIn(orders, { q: 'buyer3@', pageSize: 10 }).items.map((found) => found.number)).toEqual(['OC-00000003']);
    expect(searchOrdersIn(orders, { from: '2026-03-02', to: '2026-03-02' }).total).toBe(1);
    expect(searchOrdersIn(orders, { minTotal: 2000, maxTotal: 3000, sort: 'created_asc' }).items.map((found) => found.total)).toEqual([3000, 2000]);
  });
});

describe('summarizeOrdersIn (interim summary)', () => {
  it('counts paid money less refunds per day, and compares with the period before', () => {
    const summary = summarizeOrdersIn(orders, { from: '2026-03-02', to: '2026-03-03' }, new Date('2026-03-03T20:00:00Z'));
    expect(summary.previousRange).toEqual({ from: '2026-02-28', to: '2026-03-01' });
    expect(summary.current).toEqual({ revenue: 2000, orders: 2, averageOrderValue: 1000 });
    expect(summary.previous).toEqual({ revenue: 1000, orders: 1, averageOrderValue: 1000 });
    expect(summary.today).toEqual({ revenue: 2000, orders: 1, averageOrderValue: 2000 });
    expect(summary.byDay).toEqual([
      { date: '2026-03-02', revenue: 0, orders: 1 },
      { date: '2026-03-03', revenue: 2000, orders: 1 },
    ]);
    expect(summary.latestOrders[0]?.number).toBe('OC-00000004');
  });
});

describe('dashboard ranges', () => {
  const now = new Date('2026-03-31T08:00:00Z');
  it('defaults to the last 30 days and reads presets and explicit ranges', () => {
    expect(dashboardRange({}, now)).toEqual({ from: '2026-03-02', to: '2026-03-31', preset: 30 });
    expect(dashboardRange({ days: '7' }, now)).toEqual({ from: '2026-03-25', to: '2026-03-31', preset: 7 });
    expect(dashboardRange({ from: '2026-01-01', to: '2026-01-31' }, now)).toEqual({ from: '2026-01-01', to: '2026-01-31', preset: null });
    expect(dashboardRange({ from: '2026-02-01', to: '2026-01-01', days: '90' }, now)).toEqual({ from: '2026-01-01', to: '2026-03-31', preset: 90 });
    expect(previousRange({ from: '2026-03-25', to: '2026-03-31' })).toEqual({ from: '2026-03-18', to: '2026-03-24' });
  });
});

describe('changeBetween', () => {
  it('says the direction in words and with an arrow', () => {
    expect(changeBetween(150, 100)).toEqual({ direction: 'up', symbol: '▲', text: 'up 50%' });
    expect(changeBetween(95, 100)).toEqual({ direction: 'down', symbol: '▼', text: 'down 5.0%' });
    expect(changeBetween(100, 100)).toEqual({ direction: 'flat', symbol: '–', text: 'no change' });
    expect(changeBetween(5, 0)).toEqual({ direction: 'none', symbol: '▲', text: 'up from nothing' });
  });
});
