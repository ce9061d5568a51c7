import { describe, expect, it } from 'vitest';
import { refundForm } from './forms';
import { availableActions } from './status';

describe('availableActions', () => {
  it('offers what the status machine allows', () => {
    expect(availableActions({ status: 'paid', total: 1000, amountRefunded: 0 })).toEqual({ actions: ['fulfil', 'cancel', 'refund'], refundable: 1000 });
    expect(availableActions({ status: 'fulfilled', total: 1000, amountRefunded: 0 }).actions).toEqual(['deliver', 'refund']);
    expect(availableActions({ status: 'delivered', total: 1000, amountRefunded: 0 }).actions).toEqual(['refund']);
    expect(availableActions({ status: 'partially_refunded', total: 1000, amountRefunded: 400 })).toEqual({ actions: ['refund'], refundable: 600 });
    expect(availableActions({ status: 'pending_payment', total: 1000, amountRefunded: 0 }).actions).toEqual(['cancel']);
    for (const status of ['refunded', 'cancelled', 'payment_failed'] as const) expect(availableActions({ status, total: 1000, amountRefunded: 0 }).actions).toEqual([]);
  });
});

describe('refundForm', () => {
  const form = refundForm(1382, 'USD');
  it('takes a partial amount in dollars as cents, and everything for a full refund', () => {
    expect(form.parse({ kind: 'partial', amount: '5.25' })).toEqual({ kind: 'partial', amount: 525 });
    expect(form.parse({ kind: 'full' })).toEqual({ kind: 'full', amount: 1382 });
  });

  it('refuses more than is refundable, nothing, and garbage, on the amount field', () => {
    const over = form.safeParse({ kind: 'partial', amount: '13.83' });
    expect(over.success).toBe(false);
    expect(over.error?.issues[0]).toMatchObject({ path: ['amount'], message: 'You can refund at most $13.82 (the total less what was already refunded)' });
    expect(form.safeParse({ kind: 'partial', amount: '0' }).error?.issues[0]?.path).toEqual(['amount']);
    expect(form.safeParse({ kind: 'partial', amount: 'ten' }).error?.issues[0]?.path).toEqual(['amount']);
  });
});
