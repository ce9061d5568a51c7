import { describe, expect, it } from 'vitest';
import { bestOfRounds, compareToOff, formatDelta, formatTracingTable, tracingEnv, tracingModes, tracingRounds, type TracingMeasurement } from './tracing.js';

// Made-up figures: these tests check the arithmetic and the layout, never the machine's speed.
const [off, ten, all] = tracingModes('off,10,100') as [ReturnType<typeof tracingModes>[number], ReturnType<typeof tracingModes>[number], ReturnType<typeof tracingModes>[number]];
const base = { unit: 'req/s', p50Ms: 5, p99Ms: 20, requests: 1000, failed: 0 };
const measurements: TracingMeasurement[] = [
  { ...base, scenario: 'list', mode: off, perSecond: 2000, spans: null },
  { ...base, scenario: 'list', mode: ten, perSecond: 1920, spans: 4_100 },
  { ...base, scenario: 'list', mode: all, perSecond: 1500, spans: 41_000 },
  { ...base, scenario: 'checkout', unit: 'orders/s', mode: off, perSecond: 80, spans: null },
  { ...base, scenario: 'checkout', unit: 'orders/s', mode: ten, perSecond: 74, spans: 900 },
];

describe('tracing modes', () => {
  it('maps off, a ratio and 100 to the sampler settings the services read', () => {
    expect(off.env).toEqual({});
    expect(ten.env).toEqual({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' });
    expect(all.env).toEqual({ OTEL_TRACES_SAMPLER: 'parentbased_always_on' });
    expect(tracingModes('25')[0]?.env.OTEL_TRACES_SAMPLER_ARG).toBe('0.25');
  });

  it('sets the endpoint only when tracing is on', () => {
    expect(tracingEnv(off, 'http://127.0.0.1:1')).toEqual({});
    expect(tracingEnv(ten, 'http://127.0.0.1:1')).toMatchObject({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1', OTEL_TRACES_SAMPLER_ARG: '0.1' });
  });

  it('refuses anything but off and percentages in (0, 100], and duplicates', () => {
    for (const bad of ['', 'on', '0', '101', '-5', '10%', 'off,off']) expect(() => tracingModes(bad), bad).toThrow(/BENCH_TRACING/);
  });
});

describe('tracing table', () => {
  const rows = compareToOff(measurements);

  it('computes the change in throughput against the same scenario with tracing off', () => {
    expect(rows.map((row) => row.delta)).toEqual([0, expect.closeTo(-0.04), expect.closeTo(-0.25), 0, expect.closeTo(-0.075)]);
    expect(compareToOff(measurements.slice(1, 3)).every((row) => row.delta === null)).toBe(true);
  });

  it('marks only the 10 % rows against the ≤ 5 % loss ceiling', () => {
    expect(rows.map((row) => row.ceiling)).toEqual(['', 'within', '', '', 'over']);
  });

  it('formats signed percentages', () => {
    expect(formatDelta(-0.0412)).toBe('−4.1 %');
    expect(formatDelta(0.013)).toBe('+1.3 %');
    expect(formatDelta(-0.0004)).toBe('±0.0 %');
    expect(formatDelta(null)).toBe('—');
  });

  it('prints one aligned markdown row per scenario and mode, grouped by scenario', () => {
    const lines = formatTracingTable(rows).split('\n');
    expect(lines).toHaveLength(2 + measurements.length);
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
    expect(lines[0]).toContain('ceiling: ≤ 5 % loss at 10 %');
    expect(lines[3]).toMatch(/^\| list +\| 10 % \(parentbased_traceidratio\) +\| +1920 req\/s \| .*−4\.0 % \| .*4100 \| within/);
    expect(lines[6]).toMatch(/74\.0 orders\/s .*−7\.5 % .* over/);
  });
});

describe('rounds', () => {
  it('keeps the best round per scenario and mode, with every round listed in order', () => {
    const [first, second] = [measurements.slice(0, 2), measurements.slice(0, 2).map((m) => ({ ...m, perSecond: m.perSecond + (m.mode.id === 'off' ? -100 : 50) }))];
    const best = bestOfRounds([...first!, ...second]);
    expect(best.map((m) => [m.mode.id, m.perSecond, m.rounds])).toEqual([
      ['off', 2000, [2000, 1900]],
      ['10', 1970, [1920, 1970]],
    ]);
    const table = formatTracingTable(compareToOff(best));
    expect(table).toContain('throughput (best)');
    expect(table).toContain('1920 / 1970');
  });

  it('reads BENCH_TRACING_ROUNDS as a whole number from 1 to 10', () => {
    expect(tracingRounds(undefined)).toBe(1);
    expect(tracingRounds('3')).toBe(3);
    for (const bad of ['0', '11', '1.5', 'x']) expect(() => tracingRounds(bad), bad).toThrow(/BENCH_TRACING_ROUNDS/);
  });
});
