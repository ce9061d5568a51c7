import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appTracingEnabled, defaultSampleRatio, startAppTelemetry } from './telemetry';
import { gatewayCallTracer, tracedFetch } from './tracing';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-(0[01])$/;
const TRACE_ID = 'a'.repeat(32);

/** A gateway stand-in that answers with the headers it got; the OTLP endpoint answers every export. */
let server: ReturnType<typeof createServer>;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(req.headers)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const callGateway = async () => (await (await tracedFetch('/trpc/orders', `${url}/trpc/orders`, { method: 'POST' })).json()) as IncomingHttpHeaders;
const underParent = (flags: number) =>
  context.with(trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: 'b'.repeat(16), traceFlags: flags, isRemote: true }), callGateway);

describe('app tracing', () => {
  it('is on only with an OTLP endpoint and the SDK not disabled', () => {
    expect(appTracingEnabled({})).toBe(false);
    expect(appTracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).toBe(false);
    expect(appTracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);
    expect(appTracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
  });

  it('samples 10 % by default; OTEL_TRACES_SAMPLER_ARG changes the ratio when it is one', () => {
    expect(defaultSampleRatio({})).toBe(0.1);
    expect(defaultSampleRatio({ OTEL_TRACES_SAMPLER_ARG: '0.5' })).toBe(0.5);
    expect(defaultSampleRatio({ OTEL_TRACES_SAMPLER_ARG: '2' })).toBe(0.1);
    expect(defaultSampleRatio({ OTEL_TRACES_SAMPLER_ARG: 'all' })).toBe(0.1);
  });

  it('off, a service call is a plain fetch without a traceparent', async () => {
    expect(gatewayCallTracer()).toBeUndefined();
    expect(startAppTelemetry('storefront', {})).toBe(false);
    expect((await underParent(TraceFlags.SAMPLED)).traceparent).toBeUndefined();
  });

  describe('on', () => {
    beforeAll(() => {
      // Nothing listens on the endpoint's port 9: exports fail quietly, in the background.
      expect(startAppTelemetry('storefront', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_TRACES_SAMPLER_ARG: '1' })).toBe(true);
    });

    it('sends a sampled request’s call with its own span id in the same trace, flagged 01', async () => {
      const match = TRACEPARENT.exec(String((await underParent(TraceFlags.SAMPLED)).traceparent));
      expect(match?.slice(1)).toEqual([TRACE_ID, expect.not.stringMatching(/^b+$/), '01']);
    });

    it('sends an unsampled request’s call flagged 00, so the gateway does not sample it either', async () => {
      const match = TRACEPARENT.exec(String((await underParent(TraceFlags.NONE)).traceparent));
      expect(match?.slice(1)).toEqual([TRACE_ID, expect.any(String), '00']);
    });

    it('starts no trace for a call outside any request (flagged 00, a trace id of its own)', async () => {
      const match = TRACEPARENT.exec(String((await callGateway()).traceparent));
      expect(match?.[1]).not.toBe(TRACE_ID);
      expect(match?.[3]).toBe('00');
    });
  });
});
