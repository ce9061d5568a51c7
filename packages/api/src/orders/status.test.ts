import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES, TRANSITIONS, canTransition, type OrderStatus } from './status.js';

const LEGAL = new Set([
  'pending_payment→paid',
  'pending_payment→payment_failed',
  'pending_payment→cancelled',
  'paid→fulfilled',
  'paid→cancelled',
  'paid→refunded',
  'paid→partially_refunded',
  'fulfilled→delivered',
  'fulfilled→refunded',
  'fulfilled→partially_refunded',
  'delivered→refunded',
  'delivered→partially_refunded',
  'partially_refunded→refunded',
  'partially_refunded→partially_refunded',
]);

describe('order status machine', () => {
  const pairs = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to) => [from, to] as [OrderStatus, OrderStatus]));

  it.each(pairs)('%s → %s follows the table', (from, to) => {
    expect(canTransition(from, to)).toBe(LEGAL.has(`${from}→${to}`));
  });

  it('has final states with no way out', () => {
    for (const final of ['payment_failed', 'cancelled', 'refunded'] as const) expect(TRANSITIONS[final]).toEqual([]);
  });

  it('never goes back to pending_payment', () => {
    for (const from of ORDER_STATUSES) expect(canTransition(from, 'pending_payment')).toBe(false);
  });
});
