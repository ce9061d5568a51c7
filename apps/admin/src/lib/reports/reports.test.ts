import { describe, expect, it } from 'vitest';
import { reportCsvFileName, reportCsvHref } from './csv-link';
import { bucketLabel, count, delta, percent, reportMoney } from './format';
import { conversionRate, funnelRows } from './funnel';
import type { FunnelStepDto } from './types';
import { defaultGranularity, granularitiesFor, parseReportRange, presetRange, previousPeriod, rangeQuery, todayIn } from './range';

const NY = 'America/New_York';
// 02:30 UTC on Dec 7 is still Dec 6 (21:30) in New York.
const lateEveningInNewYork = new Date('2026-12-07T02:30:00Z');

describe('range presets on the store calendar', () => {
  it('reads today in the store time zone, not UTC', () => {
    expect(todayIn(NY, lateEveningInNewYork)).toBe('2026-12-06');
    expect(todayIn('UTC', lateEveningInNewYork)).toBe('2026-12-07');
    expect(todayIn('Not/AZone', lateEveningInNewYork)).toBe('2026-12-07');
  });

  it('turns each preset into whole store days, both ends included', () => {
    expect(presetRange('7d', NY, lateEveningInNewYork)).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(presetRange('30d', NY, lateEveningInNewYork)).toEqual({ from: '2026-11-07', to: '2026-12-06' });
    expect(presetRange('90d', NY, lateEveningInNewYork)).toEqual({ from: '2026-09-08', to: '2026-12-06' });
    expect(presetRange('365d', NY, lateEveningInNewYork)).toEqual({ from: '2025-12-07', to: '2026-12-06' });
    expect(presetRange('this_month', NY, lateEveningInNewYork)).toEqual({ from: '2026-12-01', to: '2026-12-06' });
    expect(presetRange('last_month', NY, lateEveningInNewYork)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(presetRange('ytd', NY, lateEveningInNewYork)).toEqual({ from: '2026-01-01', to: '2026-12-06' });
  });

  it('differs from UTC across a month and a year boundary', () => {
    const newYearUtc = new Date('2027-01-01T03:00:00Z'); // Dec 31, 22:00 in New York
    expect(presetRange('this_month', NY, newYearUtc)).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(presetRange('this_month', 'UTC', newYearUtc)).toEqual({ from: '2027-01-01', to: '2027-01-01' });
    expect(presetRange('last_month', 'UTC', newYearUtc)).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(presetRange('ytd', NY, newYearUtc)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(presetRange('last_month', NY, new Date('2026-03-15T12:00:00Z'))).toEqual({ from: '2026-02-01', to: '2026-02-28' });
  });

  it('the previous period has the same length, just before', () => {
    expect(previousPeriod({ from: '2026-11-07', to: '2026-12-06' })).toEqual({ from: '2026-10-08', to: '2026-11-06' });
    expect(previousPeriod({ from: '2026-12-06', to: '2026-12-06' })).toEqual({ from: '2026-12-05', to: '2026-12-05' });
  });

  it('parses the URL: preset, custom from/to, bad values fall back to the last 30 days', () => {
    expect(parseReportRange({}, NY, lateEveningInNewYork)).toMatchObject({ preset: '30d', from: '2026-11-07', to: '2026-12-06', granularity: 'day', compare: true, timeZone: NY });
    expect(parseReportRange({ range: 'ytd', granularity: 'month', compare: '0' }, NY, lateEveningInNewYork)).toMatchObject({ preset: 'ytd', from: '2026-01-01', granularity: 'month', compare: false });
    expect(parseReportRange({ from: '2026-10-01', to: '2026-10-31' }, NY, lateEveningInNewYork)).toMatchObject({ preset: null, from: '2026-10-01', to: '2026-10-31' });
    // A preset wins over stale from/to; reversed, invalid or too long ranges are ignored.
    expect(parseReportRange({ range: '7d', from: '2026-10-01', to: '2026-10-31' }, NY, lateEveningInNewYork).preset).toBe('7d');
    expect(parseReportRange({ from: '2026-10-31', to: '2026-10-01' }, NY, lateEveningInNewYork).preset).toBe('30d');
    expect(parseReportRange({ from: '2026-02-30', to: '2026-03-01' }, NY, lateEveningInNewYork).preset).toBe('30d');
    expect(parseReportRange({ from: '2020-01-01', to: '2026-12-01' }, NY, lateEveningInNewYork).preset).toBe('30d');
    // A future end reads as today.
    expect(parseReportRange({ from: '2026-12-01', to: '2027-01-10' }, NY, lateEveningInNewYork)).toMatchObject({ from: '2026-12-01', to: '2026-12-06' });
    // A granularity that does not suit the range is replaced by the range's default.
    expect(parseReportRange({ range: '7d', granularity: 'hour' }, NY, lateEveningInNewYork).granularity).toBe('day');
  });

  it('chooses a readable granularity', () => {
    expect(defaultGranularity({ from: '2026-11-07', to: '2026-12-06' })).toBe('day');
    expect(defaultGranularity({ from: '2025-12-07', to: '2026-12-06' })).toBe('week');
    expect(defaultGranularity({ from: '2025-01-01', to: '2026-12-06' })).toBe('month');
    expect(granularitiesFor({ from: '2025-01-01', to: '2026-12-06' })).toEqual(['week', 'month']);
  });

  it('writes shareable query strings', () => {
    expect(rangeQuery({ preset: '90d', from: 'x', to: 'y', granularity: 'week', compare: true })).toBe('?range=90d&granularity=week');
    expect(rangeQuery({ preset: null, from: '2026-10-01', to: '2026-10-31', granularity: 'day', compare: false }, { limit: 20 })).toBe('?from=2026-10-01&to=2026-10-31&granularity=day&compare=0&limit=20');
  });
});

describe('deltas against the previous period', () => {
  it('relative change with one decimal and an arrow', () => {
    expect(delta(112.34, 100)).toMatchObject({ direction: 'up', short: '▲ 12.3%', text: 'up 12.3%' });
    expect(delta(96, 100)).toMatchObject({ direction: 'down', short: '▼ 4.0%' });
    expect(delta(100, 100)).toMatchObject({ direction: 'flat', short: '– 0.0%' });
    expect(delta(100.01, 100)).toMatchObject({ direction: 'flat' });
    expect(delta(250, 100).short).toBe('▲ 150.0%');
  });

  it('from nothing, to nothing, and without a previous period', () => {
    expect(delta(5, 0)).toMatchObject({ direction: 'new', short: '▲ new', change: null });
    expect(delta(0, 0)).toMatchObject({ direction: 'flat' });
    expect(delta(5, null)).toMatchObject({ direction: 'none', short: '–' });
  });

  it('rates change in percentage points', () => {
    expect(delta(0.15, 0.12, 'points')).toMatchObject({ direction: 'up', short: '▲ 3.0 pts' });
    expect(delta(0.1, 0.125, 'points')).toMatchObject({ direction: 'down', short: '▼ 2.5 pts' });
    expect(delta(null, 0.1, 'points').direction).toBe('none');
  });
});

describe('formatting', () => {
  it('money from cents with the ui helper, counts, percentages with one decimal', () => {
    expect(reportMoney(123456, 'USD')).toBe('$1,234.56');
    expect(reportMoney(0, 'USD')).toBe('$0.00');
    expect(count(1234567)).toBe('1,234,567');
    expect(percent(0.12345)).toBe('12.3%');
    expect(percent(1)).toBe('100.0%');
    expect(percent(0)).toBe('0.0%');
    expect(percent(null)).toBe('–');
  });

  it('labels buckets by granularity', () => {
    expect(bucketLabel('2026-12-06', 'day')).toBe('Dec 6');
    expect(bucketLabel('2026-11-30', 'week')).toBe('Week of Nov 30');
    expect(bucketLabel('2026-11-01', 'month')).toBe('Nov 2026');
  });
});

describe('the CSV link', () => {
  it('carries the resolved days (never the preset), the granularity and what picks the rows', () => {
    const range = parseReportRange({ range: '7d' }, NY, lateEveningInNewYork);
    expect(reportCsvHref('sales', range)).toBe('/reports/sales/export.csv?from=2026-11-30&to=2026-12-06&granularity=day');
    expect(reportCsvHref('products', { ...range, compare: false }, { limit: 20, sort: 'units' })).toBe(
      '/reports/products/export.csv?from=2026-11-30&to=2026-12-06&granularity=day&compare=0&limit=20&sort=units',
    );
    expect(reportCsvFileName('funnel', range)).toBe('funnel-2026-11-30_2026-12-06.csv');
  });
});

describe('the funnel', () => {
  const step = (name: FunnelStepDto['step'], count: number, stepConversion: number, overallConversion: number, dropOff: number): FunnelStepDto => ({ step: name, count, stepConversion, overallConversion, dropOff });
  const current = [
    step('session', 1000, 1, 1, 0),
    step('product_view', 600, 0.6, 0.6, 400),
    step('add_to_cart', 150, 0.25, 0.15, 450),
    step('checkout_started', 90, 0.6, 0.09, 60),
    step('order_placed', 45, 0.5, 0.045, 45),
  ];

  it('labels each step, adds its drop-off rate and pairs it with the previous period', () => {
    const rows = funnelRows(current, [step('session', 800, 1, 1, 0), step('order_placed', 20, 0.5, 0.025, 20)]);
    expect(rows.map((row) => row.label)).toEqual(['Sessions', 'Viewed a product', 'Added to cart', 'Started checkout', 'Placed an order']);
    expect(rows[0]).toMatchObject({ dropOffRate: null, previous: { count: 800 } });
    expect(rows[1]).toMatchObject({ dropOffRate: 0.4, previous: null });
    expect(rows[2]!.dropOffRate).toBe(0.75);
    expect(rows[4]).toMatchObject({ previous: { count: 20, overallConversion: 0.025 } });
    expect(funnelRows(current, null)[4]!.previous).toBeNull();
  });

  it('conversion rate is sessions → orders, none without sessions', () => {
    expect(conversionRate(current)).toBe(0.045);
    expect(conversionRate([step('session', 0, 1, 0, 0), step('order_placed', 0, 0, 0, 0)])).toBeNull();
    expect(conversionRate(null)).toBeNull();
  });
});
