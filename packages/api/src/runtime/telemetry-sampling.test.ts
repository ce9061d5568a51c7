import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOtlpReceiver, type OtlpReceiver } from '../testing/otlp-receiver.js';
import { startTelemetry, stopTelemetry } from './telemetry.js';
import { runWithWork, traceBridge, traceHeaders, workFromHeaders, type TraceBridge } from './trace.js';

/**
 * The real SDK with a 50 % root ratio, exporting to an in-memory receiver (read in the last test,
 * after the shutdown flushed it). Its own file: startTelemetry patches http, pg and undici for the
 * whole process.
 */
let bridge: TraceBridge;
let receiver: OtlpReceiver;
let sampledRoots = 0;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  expect(startTelemetry('orders', { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_TRACES_SAMPLER_ARG: '0.5' })).toBe(true);
  bridge = traceBridge()!;
});
afterAll(async () => {
  await stopTelemetry();
  await receiver.close();
});

const SAMPLED_PARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const UNSAMPLED_PARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00';

function request(url: string, headers: Record<string, string> = {}): IncomingMessage {
  return { url, method: 'POST', headers: { ...headers }, socket: { localPort: 4100 } } as unknown as IncomingMessage;
}

describe('sampling is decided where a request enters', () => {
  it('a root is sampled by the ratio; an unsampled one runs with no span and carries flag 00 onwards', async () => {
    let sampled = 0;
    for (let i = 0; i < 400; i++) {
      const req = request('/trpc/orders.create');
      const span = bridge.serverSpan(req);
      if (span) {
        sampled++;
        // Sampled: the span is active, the instrumentations trace, forwarding adds nothing of ours.
        await span.run(async () => {
          expect(bridge.recording()).toBe(true);
          expect(traceHeaders()).toEqual({});
          expect(bridge.active()?.traceparent).toMatch(/-01$/);
        });
        span.end('orders.create', 200);
        expect(req.headers.traceparent).toBeUndefined();
      } else {
        // Not sampled: the decision is written where the unit of work reads it.
        expect(req.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
        runWithWork(workFromHeaders(req.headers), () => {
          expect(bridge.recording()).toBe(false);
          expect(traceHeaders().traceparent).toMatch(/-00$/);
          expect(traceHeaders().traceparent?.slice(3, 35)).toBe((req.headers.traceparent as string).slice(3, 35));
        });
      }
    }
    sampledRoots = sampled;
    // 400 draws at 50 %: outside 140–260 is a one-in-ten-million event, not noise.
    expect(sampled).toBeGreaterThan(140);
    expect(sampled).toBeLessThan(260);
  });

  it("a caller's sampled flag decides (parent-based): 01 continues its trace in a server span, 00 is not sampled here either", () => {
    const traced = request('/trpc/orders.create', { traceparent: SAMPLED_PARENT });
    const span = bridge.serverSpan(traced);
    expect(span).toBeDefined();
    span!.run(() => expect(bridge.active()?.traceparent.slice(0, 36)).toBe(SAMPLED_PARENT.slice(0, 36)));
    span!.end('orders.create', 200);

    const untraced = request('/trpc/orders.create', { traceparent: UNSAMPLED_PARENT });
    expect(bridge.serverSpan(untraced)).toBeUndefined();
    // Same trace, this hop's span id, still not sampled.
    expect(untraced.headers.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-00$/);
    expect(untraced.headers.traceparent).not.toBe(UNSAMPLED_PARENT);
  });

  it('probes, scrapes and the gateway\'s surface polls are never traced nor rewritten', () => {
    for (const path of ['/healthz', '/readyz', '/metrics', '/livez?x=1', '/_meta/surface']) {
      const req = request(path);
      expect(bridge.serverSpan(req)).toBeUndefined();
      expect(req.headers.traceparent).toBeUndefined();
    }
  });

  it('procedure spans only inside a sampled request; consumer spans follow the stored flag', async () => {
    expect(await bridge.inSpan('orders.create', async () => bridge.recording())).toBe(false);
    const unsampled = await bridge.inConsumerSpan('notifications.orders process orders.placed', { traceparent: UNSAMPLED_PARENT, tracestate: null }, [], {}, async (traceparent) => ({
      traceparent,
      recording: bridge.recording(),
    }));
    expect(unsampled.recording).toBe(false);
    expect(unsampled.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-00$/);
    const sampled = await bridge.inConsumerSpan('notifications.orders process orders.placed', { traceparent: SAMPLED_PARENT, tracestate: null }, [UNSAMPLED_PARENT], {}, async (traceparent) => ({
      traceparent,
      recording: bridge.recording(),
      inner: await bridge.inSpan('x', async () => bridge.recording()),
    }));
    expect(sampled).toMatchObject({ recording: true, inner: true });
    expect(sampled.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
  });

  it('exports exactly the sampled spans: a server span per sampled request, named by route, children of their caller', async () => {
    await stopTelemetry();
    const servers = receiver.spans.filter((span) => span.kind === 2);
    expect(servers.every((span) => span.name === 'POST orders.create' && span.service === 'orders' && span.attributes['http.response.status_code'] === 200)).toBe(true);
    // The roots sampled in the first test, plus the one continuing SAMPLED_PARENT; nothing of the unsampled ones.
    expect(servers).toHaveLength(sampledRoots + 1);
    expect(servers.filter((span) => span.parentSpanId === 'b7ad6b7169203331')).toHaveLength(1);
    const consumers = receiver.spans.filter((span) => span.kind === 5);
    expect(consumers).toHaveLength(1);
    expect(consumers[0]).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', parentSpanId: 'b7ad6b7169203331', links: [{ spanId: 'b7ad6b7169203331' }] });
    expect(receiver.spans.filter((span) => span.name === 'x' && span.kind === 1)).toHaveLength(1);
  });
});
