import { describe, expect, it } from 'vitest';
import { formatOrderDate, orderStatus, shipmentText } from './order-status';

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

describe('shipmentText', () => {
  it('says how the order ships when the shop recorded it', () => {
    expect(shipmentText({ carrier: 'UPS', trackingNumber: '1Z999AA10123456784' })).toBe('Shipped via UPS, tracking 1Z999AA10123456784');
    expect(shipmentText({ carrier: 'DHL', trackingNumber: null })).toBe('Shipped via DHL');
    expect(shipmentText({ carrier: null, trackingNumber: 'JD0146' })).toBe('Shipped, tracking JD0146');
    expect(shipmentText({ carrier: null, trackingNumber: null })).toBeNull();
    expect(shipmentText({})).toBeNull();
  });
});
