import { afterEach, describe, expect, it } from 'vitest';
import { countOtlpSpans, countRawOtlpSpans, startOtlpReceiver, type OtlpReceiver } from './otlp-receiver.js';

const exportOf = (service: string, spans: number) => ({
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [{ spans: Array.from({ length: spans }, (_, i) => ({
            traceId: 'a'.repeat(32),
            spanId: `${i}`.padStart(16, '0'),
            name: `s${i}`,
            kind: 2,
            startTimeUnixNano: '1765152000000000000',
            endTimeUnixNano: '1765152000001000000',
            // An event and a link: neither is a span.
            events: [{ timeUnixNano: '1765152000000500000', name: 'exception' }],
            links: [{ traceId: 'b'.repeat(32), spanId: 'c'.repeat(16) }],
          })) }, {}],
    },
  ],
});

describe('OTLP receiver', () => {
  let receiver: OtlpReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  it('counts the spans of an export without flattening them', () => {
    expect(countOtlpSpans(exportOf('gateway', 3))).toBe(3);
    expect(countOtlpSpans({})).toBe(0);
    expect(countRawOtlpSpans(Buffer.from(JSON.stringify(exportOf('gateway', 3))))).toBe(3);
    expect(countRawOtlpSpans(Buffer.from('{}'))).toBe(0);
    expect(() => countRawOtlpSpans(Buffer.from('not json'))).toThrow();
  });

  it('counts but keeps nothing when discarding, and refuses what is not OTLP JSON', async () => {
    receiver = await startOtlpReceiver({ discard: true });
    const post = (body: string) => fetch(`${receiver!.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect((await post(JSON.stringify(exportOf('gateway', 2)))).status).toBe(200);
    expect((await post(JSON.stringify(exportOf('catalog', 5)))).status).toBe(200);
    expect((await post('not json')).status).toBe(400);
    expect(receiver.spanCount).toBe(7);
    expect(receiver.spans).toHaveLength(0);
    expect(receiver.requests).toBe(3);
  });

  it('keeps and counts the spans otherwise', async () => {
    receiver = await startOtlpReceiver();
    await fetch(`${receiver.url}/v1/traces`, { method: 'POST', body: JSON.stringify(exportOf('orders', 4)) });
    expect(receiver.spanCount).toBe(4);
    expect(receiver.spans.map((span) => span.service)).toEqual(['orders', 'orders', 'orders', 'orders']);
  });
});
