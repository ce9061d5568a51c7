import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES, type OrderStatus } from '../status.js';
import type { StockState } from '../repository.js';
import { nextKeyAction, nextRecoveryAction, type PersistedCheckout, type RecoveryAction } from './next-action.js';

// Every persisted state a checkout can be found in by recovery, and what it does next.

const LIMITS = { abandonAfterMs: 20_000, reservationTtlMs: 900_000 };
const STOCK_STATES: StockState[] = ['reserved', 'committed', 'released', 'returned'];
const young = 1_000;
const stale = 60_000;
const expired = 1_000_000;

const decide = (state: PersistedCheckout): RecoveryAction['kind'] => nextRecoveryAction(state, LIMITS).kind;

describe('nextRecoveryAction: a pending order', () => {
  it.each<[string, PersistedCheckout['payment'], number, RecoveryAction['kind']]>([
    ['asks payments first', undefined, stale, 'ask-payments'],
    ['settles a succeeded payment', { status: 'succeeded' }, young, 'settle-paid'],
    ['settles a failed payment', { status: 'failed' }, young, 'settle-failed'],
    ['settles a canceled payment', { status: 'canceled' }, young, 'settle-failed'],
    ['waits for a payment that never arrived while its charge may still be on its way', null, young, 'wait'],
    ['abandons an order whose payment never arrived', null, stale, 'abandon'],
    ['waits for a payment that requires action', { status: 'requires_action' }, stale, 'wait'],
    ['waits for a payment still processing', { status: 'processing' }, stale, 'wait'],
    ['cancels a payment still requiring action after the reservation expired', { status: 'requires_action' }, expired, 'cancel-payment'],
    ['cancels a payment still pending after the reservation expired', { status: 'pending' }, expired, 'cancel-payment'],
  ])('%s', (_name, payment, ageMs, expected) => {
    for (const stockState of STOCK_STATES) expect(decide({ status: 'pending_payment', stockState, ageMs, payment })).toBe(expected);
  });

  it('says whether a failed settlement was a cancel', () => {
    expect(nextRecoveryAction({ status: 'pending_payment', stockState: 'reserved', ageMs: young, payment: { status: 'canceled' } }, LIMITS)).toEqual({
      kind: 'settle-failed',
      canceled: true,
    });
    expect(nextRecoveryAction({ status: 'pending_payment', stockState: 'reserved', ageMs: young, payment: { status: 'failed' } }, LIMITS)).toEqual({
      kind: 'settle-failed',
      canceled: false,
    });
  });
});

describe('nextRecoveryAction: every settled status × stock state', () => {
  const expected = (status: OrderStatus, stockState: StockState): RecoveryAction['kind'] => {
    if (stockState !== 'reserved') return 'none';
    if (status === 'payment_failed' || status === 'cancelled') return 'release-stock';
    return 'commit-stock';
  };
  const settled = ORDER_STATUSES.filter((status) => status !== 'pending_payment');
  it.each(settled.flatMap((status) => STOCK_STATES.map((stockState) => [status, stockState] as const)))('%s with stock %s', (status, stockState) => {
    expect(decide({ status, stockState, ageMs: stale })).toBe(expected(status, stockState));
  });
});

describe('nextKeyAction', () => {
  it('releases the reservation of a key whose order was never created, answers a settled one and waits on a pending one', () => {
    expect(nextKeyAction(null).kind).toBe('release-and-free-key');
    expect(nextKeyAction({ status: 'pending_payment' }).kind).toBe('wait');
    for (const status of ORDER_STATUSES.filter((s) => s !== 'pending_payment')) expect(nextKeyAction({ status }).kind).toBe('answer-key');
  });
});
