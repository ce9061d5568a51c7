import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from './breaker.js';
import { declineCodeLabel, metricsRegistry, recordDelivery, renderMetrics } from './metrics.js';

/** The value of one exposition line, e.g. `circuit_breaker_state{scope="gateway",...}` (undefined when absent). */
async function scraped(series: string): Promise<number | undefined> {
  const { body } = await renderMetrics();
  const line = body.split('\n').find((text) => text.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('business metrics', () => {
  it('a named breaker reports its state at scrape time and counts its openings', async () => {
    let now = 0;
    const breaker = createCircuitBreaker({ threshold: 2, openMs: 1_000, now: () => now, metrics: { scope: 'gateway', service: 'gateway', target: 'unit-target' } });
    const state = (name: string) => scraped(`circuit_breaker_state{scope="gateway",service="gateway",target="unit-target",state="${name}"}`);
    const opened = () => scraped('circuit_breaker_opened_total{scope="gateway",service="gateway",target="unit-target"}');
    expect(await state('closed')).toBe(1);
    expect(await state('open')).toBe(0);

    breaker.allow();
    breaker.failure();
    breaker.allow();
    breaker.failure();
    expect(await state('open')).toBe(1);
    expect(await state('closed')).toBe(0);
    expect(await opened()).toBe(1);

    now = 1_500; // openMs passed: half-open, then a failed trial opens it again
    expect(await state('half-open')).toBe(1);
    expect(breaker.allow()).toBe(true);
    breaker.failure();
    expect(await opened()).toBe(2);

    now = 3_000;
    breaker.allow();
    breaker.success();
    expect(await state('closed')).toBe(1);
    expect(await opened()).toBe(2);
  });

  it('an unnamed breaker is not reported', async () => {
    createCircuitBreaker({ threshold: 1 }).failure();
    const { body } = await renderMetrics();
    expect(body).not.toMatch(/target=""/);
  });

  it('decline codes stay a small set of label values', () => {
    expect(declineCodeLabel('insufficient_funds')).toBe('insufficient_funds');
    expect(declineCodeLabel(null)).toBe('other');
    expect(declineCodeLabel('Card Declined! <script>')).toBe('other');
    expect(declineCodeLabel('x'.repeat(65))).toBe('other');
    for (let index = 0; index < 100; index++) declineCodeLabel(`code_${index}`);
    expect(declineCodeLabel('code_99')).toBe('other');
    expect(declineCodeLabel('insufficient_funds')).toBe('insufficient_funds');
  });

  it('deliveries add up per bus, consumer and outcome', async () => {
    recordDelivery('postgres', 'unit.consumer', 'handled', 3);
    recordDelivery('postgres', 'unit.consumer', 'dead_lettered');
    expect(await scraped('event_deliveries_total{bus="postgres",consumer="unit.consumer",outcome="handled"}')).toBe(3);
    expect(await scraped('event_deliveries_total{bus="postgres",consumer="unit.consumer",outcome="dead_lettered"}')).toBe(1);
    expect(metricsRegistry().getSingleMetric('event_deliveries_total')).toBeDefined();
  });
});
