import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.js';
import { funnelSteps, reachedSteps } from './funnel.js';
import { ingestInput, reportInput } from './schemas.js';
import { cohortTable, customerKey, validateBatch } from './service.js';
import { bucketsOf, normaliseQuery, previousPeriod, storeDay } from './timezone.js';

const NOW = new Date('2026-12-07T15:00:00.000Z');
const event = (overrides: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  type: 'page_view',
  occurredAt: '2026-12-07T14:00:00.000Z',
  visitorId: randomUUID(),
  sessionId: randomUUID(),
  page: { path: '/', referrerHost: null },
  device: 'desktop',
  props: { pageType: 'home' },
  ...overrides,
});

describe('store days (time zone bucketing)', () => {
  it('puts 03:30 UTC on the previous day in America/New_York, and on the same day in UTC', () => {
    const at = new Date('2026-12-08T03:30:00.000Z');
    expect(storeDay(at, 'America/New_York')).toBe('2026-12-07');
    expect(storeDay(at, 'UTC')).toBe('2026-12-08');
    expect(storeDay(new Date('2026-12-08T05:00:00.000Z'), 'America/New_York')).toBe('2026-12-08');
  });
  it('follows daylight saving (EDT is UTC−4 in July)', () => {
    expect(storeDay(new Date('2026-07-08T03:59:00.000Z'), 'America/New_York')).toBe('2026-07-07');
    expect(storeDay(new Date('2026-07-08T04:00:00.000Z'), 'America/New_York')).toBe('2026-07-08');
  });
  it('previous period has the same length and ends the day before', () => {
    expect(previousPeriod({ from: '2026-03-01', to: '2026-03-31' })).toEqual({ from: '2026-01-29', to: '2026-02-28' });
    expect(previousPeriod({ from: '2026-12-07', to: '2026-12-07' })).toEqual({ from: '2026-12-06', to: '2026-12-06' });
  });
  it('buckets by Monday weeks and months, clamped to the period', () => {
    expect(bucketsOf({ from: '2026-12-02', to: '2026-12-15' }, 'week')).toEqual(['2026-12-02', '2026-12-07', '2026-12-14']);
    expect(bucketsOf({ from: '2026-11-15', to: '2027-01-02' }, 'month')).toEqual(['2026-11-15', '2026-12-01', '2027-01-01']);
    expect(bucketsOf({ from: '2026-12-01', to: '2026-12-03' }, 'day')).toHaveLength(3);
  });
  it('normalises search queries', () => {
    expect(normaliseQuery('  Running   SHOES ')).toBe('running shoes');
  });
});

describe('funnel math', () => {
  it('step = k ÷ k−1, overall = k ÷ sessions, drop-off = k−1 − k', () => {
    const steps = funnelSteps([100, 60, 30, 15, 12]);
    expect(steps.map((s) => s.count)).toEqual([100, 60, 30, 15, 12]);
    expect(steps.map((s) => s.stepConversion)).toEqual([1, 0.6, 0.5, 0.5, 0.8]);
    expect(steps.map((s) => s.overallConversion)).toEqual([1, 0.6, 0.3, 0.15, 0.12]);
    expect(steps.map((s) => s.dropOff)).toEqual([0, 40, 30, 15, 3]);
  });
  it('answers zeros without dividing by zero', () => {
    expect(funnelSteps([0, 0, 0, 0, 0]).every((s) => s.stepConversion === 0 && s.overallConversion === 0)).toBe(true);
  });
  it('counts steps only in order within the session', () => {
    expect(reachedSteps([{ type: 'page_view', at: 1, productView: true }, { type: 'add_to_cart', at: 2 }, { type: 'checkout_started', at: 3 }, { type: 'order_placed', at: 4 }])).toBe(5);
    // add to cart before any product view: the session stops at step 1
    expect(reachedSteps([{ type: 'add_to_cart', at: 1 }, { type: 'checkout_started', at: 2 }])).toBe(1);
    // a later add to cart after the view counts
    expect(reachedSteps([{ type: 'add_to_cart', at: 1 }, { type: 'page_view', at: 2, productView: true }, { type: 'add_to_cart', at: 3 }])).toBe(3);
  });
});

describe('ingest validation', () => {
  it('keeps good events and rejects bad, oversized, stale and future ones with reasons', () => {
    const good = event();
    const batch = [
      good,
      event({ type: 'teleport' }),
      event({ type: 'product_impression', props: { productIds: [], list: 'search' } }),
      event({ page: { path: '/'.repeat(5000), referrerHost: null } }),
      event({ occurredAt: '2026-12-06T14:00:00.000Z' }),
      event({ occurredAt: '2026-12-07T15:06:00.000Z' }),
      'not an object',
      event({ type: 'add_to_cart', props: { productId: randomUUID(), quantity: 2 } }),
    ];
    const { rows, rejected } = validateBatch(batch, { now: NOW, timeZone: 'America/New_York', customerId: null });
    expect(rows.map((row) => row.id)).toEqual([good.id, (batch[7] as { id: string }).id]);
    expect(rejected.map((r) => r.index)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rejected[2]!.reason).toMatch(/bytes of JSON; at most 4096/);
    expect(rejected[3]!.reason).toMatch(/24 hours/);
    expect(rejected[4]!.reason).toMatch(/5 minutes/);
    expect(rejected[5]!.id).toBeNull();
    expect(rows[1]).toMatchObject({ kind: 'add_to_cart', store_day: '2026-12-07' });
  });
  it('takes the customer from the caller, and a Do-Not-Track visitor keeps no id at all', () => {
    const customer = randomUUID();
    const dnt = event({ visitorId: null, sessionId: null, type: 'identify', props: {} });
    const { rows } = validateBatch([event(), dnt], { now: NOW, timeZone: 'UTC', customerId: customer });
    expect(rows[0]!.customer_id).toBe(customer);
    expect(rows[1]).toMatchObject({ visitor_id: null, session_id: null, customer_id: null });
  });
  it('refuses a body over 100 events or without events (400)', () => {
    expect(ingestInput.safeParse({ events: Array.from({ length: 101 }, () => event()) }).success).toBe(false);
    expect(ingestInput.safeParse({ events: [] }).success).toBe(false);
    expect(ingestInput.safeParse({ events: 'x' }).success).toBe(false);
  });
  it('report ranges: from ≤ to, at most 3 years, real dates', () => {
    expect(reportInput.safeParse({ from: '2026-12-07', to: '2026-12-01' }).success).toBe(false);
    expect(reportInput.safeParse({ from: '2020-01-01', to: '2026-01-01' }).success).toBe(false);
    expect(reportInput.safeParse({ from: '2026-02-30', to: '2026-03-01' }).success).toBe(false);
    expect(reportInput.parse({ from: '2026-12-01', to: '2026-12-07' })).toEqual({ from: '2026-12-01', to: '2026-12-07', granularity: 'day', compare: true });
  });
});

describe('facts and exports', () => {
  it('keys guests by a hash of the lowercased e-mail, never the e-mail', () => {
    const key = customerKey({ customerId: null, guestEmail: 'Ada@Example.com' })!;
    expect(key).toBe(customerKey({ customerId: null, guestEmail: 'ada@example.com ' }));
    expect(key).toMatch(/^g:[0-9a-f]{64}$/);
    expect(customerKey({ customerId: 'x', guestEmail: null })).toBe('c:x');
  });
  it('cohorts: share of each first-purchase month ordering again in month +k', () => {
    const table = cohortTable([{ cohort: '2026-10', offsets: [0, 1] }, { cohort: '2026-10', offsets: [0, 2] }, { cohort: '2026-11', offsets: [0] }], 3);
    expect(table).toEqual([{ cohort: '2026-10', customers: 2, retention: [0.5, 0.5, 0] }, { cohort: '2026-11', customers: 1, retention: [0, 0, 0] }]);
  });
  it('CSV guards formulas and quotes', () => {
    expect(toCsv(['a', 'b'], [['=SUM(A1)', 'x,"y"'], [-5, null]])).toBe('a,b\r\n\'=SUM(A1),"x,""y"""\r\n-5,\r\n');
  });
});
