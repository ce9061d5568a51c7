import { describe, expect, it } from 'vitest';
import { evaluate, formatTable, percentile, type Measurement } from './report.js';

// Made-up figures: these tests check the arithmetic and the verdicts, never the machine's speed.
const base = { requests: 1000, non2xx: 0, errors: 0, timeouts: 0 };
const measurements: Measurement[] = [
  { ...base, name: 'bare', kind: 'ceiling-bare', requestsPerSecond: 40_000, p50Ms: 0.4, p99Ms: 1.2 },
  { ...base, name: 'pg', kind: 'ceiling-pg', requestsPerSecond: 4_000, p50Ms: 4, p99Ms: 9 },
  { ...base, name: 'list', kind: 'list', requestsPerSecond: 2_400, p50Ms: 7, p99Ms: 19 },
  { ...base, name: 'detail', kind: 'detail', requestsPerSecond: 2_400, p50Ms: 7, p99Ms: 31 },
  { ...base, name: 'search', kind: 'search', requestsPerSecond: 900, p50Ms: 20, p99Ms: 60 },
  { ...base, name: 'login', kind: 'login', requestsPerSecond: 40, p50Ms: 450, p99Ms: 900 },
];

describe('bench report', () => {
  const rows = evaluate(measurements);
  const byName = Object.fromEntries(rows.map((row) => [row.name, row]));

  it('computes the ratio to the pg ceiling', () => {
    expect(byName.list?.ratioToPg).toBeCloseTo(0.6);
    expect(byName.bare?.ratioToPg).toBeCloseTo(10);
  });

  it('passes list at ≥ 50 % with p99 ≤ 25 ms and fails detail on its p99', () => {
    expect(byName.list?.verdict).toBe('pass');
    expect(byName.detail?.verdict).toBe('FAIL');
  });

  it('holds search to ≥ 25 % without a p99 target and only reports login and the ceilings', () => {
    expect(byName.search?.verdict).toBe('FAIL'); // 900 / 4000 = 22.5 %
    expect(byName.login?.verdict).toBe('report');
    expect(byName.pg?.verdict).toBe('report');
  });

  it('holds the uncached origin rows to the same targets as the cached ones', () => {
    const [, list, search] = evaluate([
      measurements[1] as Measurement,
      { ...base, name: 'list origin', kind: 'list-origin', requestsPerSecond: 900, p50Ms: 20, p99Ms: 40 },
      { ...base, name: 'search origin', kind: 'search-origin', requestsPerSecond: 1_200, p50Ms: 9, p99Ms: 40 },
    ]);
    expect(list).toMatchObject({ target: '≥ 50 % of pg, p99 ≤ 25 ms', verdict: 'FAIL' });
    expect(search).toMatchObject({ target: '≥ 25 % of pg', verdict: 'pass' });
    expect(byName.login?.target).toBe('—');
  });

  it('fails a scenario that answered errors, however fast', () => {
    const [row] = evaluate([measurements[1] as Measurement, { ...(measurements[2] as Measurement), non2xx: 3 }]).slice(1);
    expect(row?.verdict).toBe('FAIL');
  });

  it('prints one aligned markdown row per scenario', () => {
    const lines = formatTable(rows).split('\n');
    expect(lines).toHaveLength(2 + measurements.length);
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
    expect(lines[4]).toContain('≥ 50 % of pg, p99 ≤ 25 ms');
  });

  it('holds checkout to ≥ 100 orders/s, p99 ≤ 250 ms and no oversold unit', () => {
    const checkout = { ...base, name: 'checkout', kind: 'checkout' as const, requestsPerSecond: 140, p50Ms: 60, p99Ms: 180, oversold: 0 };
    const [, ok, slow, tail, oversold, unmeasured] = evaluate([
      measurements[1] as Measurement,
      checkout,
      { ...checkout, requestsPerSecond: 80 },
      { ...checkout, p99Ms: 300 },
      { ...checkout, oversold: 2 },
      { ...checkout, oversold: undefined },
    ]);
    expect(ok).toMatchObject({ target: '≥ 100 orders/s, p99 ≤ 250 ms, oversold ≤ 0', verdict: 'pass' });
    expect([slow?.verdict, tail?.verdict, oversold?.verdict, unmeasured?.verdict]).toEqual(['FAIL', 'FAIL', 'FAIL', 'FAIL']);
    const table = formatTable([ok, oversold].filter((row) => row !== undefined));
    expect(table).toContain('| oversold |');
    expect(table.split('\n')[3]).toMatch(/\|\s+2 \|/);
  });

  it('takes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(samples, 0.5)).toBe(50);
    expect(percentile(samples, 0.99)).toBe(99);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBe(0);
  });
});
