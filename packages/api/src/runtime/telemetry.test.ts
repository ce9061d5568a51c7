import { afterEach, describe, expect, it } from 'vitest';
import { defaultSampleRatio, startTelemetry, telemetryEnabled, tracesEndpoint } from './telemetry.js';
import { currentTraceContext, forwardAsChildOf, forwardedTraceHeaders, installTraceBridge, logTraceIds, runWithWork, traceBridge, traceHeaders, workFrom, workFromHeaders, type TraceBridge } from './trace.js';

const PARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const ACTIVE = '00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01';

/** A bridge whose active span is fixed (what telemetry.ts installs, minus the SDK). */
const fixedBridge = (active: string | undefined): TraceBridge => ({
  active: () => (active ? { traceparent: active, tracestate: null } : undefined),
  recording: () => active !== undefined,
  serverSpan: () => undefined,
  inSpan: (_name, fn) => fn(() => undefined),
  inConsumerSpan: (_name, _parent, _links, _attributes, fn) => fn(ACTIVE, null),
  withRemoteParent: (_traceparent, _tracestate, fn) => fn(),
  logIds: () => (active ? { trace_id: active.slice(3, 35), span_id: active.slice(36, 52) } : undefined),
  shutdown: async () => undefined,
});

afterEach(() => installTraceBridge(undefined));

describe('telemetry off', () => {
  it('loads nothing without OTEL_EXPORTER_OTLP_ENDPOINT (or with OTEL_SDK_DISABLED)', () => {
    expect(startTelemetry('orders', {})).toBe(false);
    expect(startTelemetry('orders', { OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).toBe(false);
    expect(telemetryEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);
    expect(traceBridge()).toBeUndefined();
  });

  it('keeps the home-grown propagation: child headers, and log ids of the unit of work', () => {
    runWithWork(workFrom(PARENT, null, null), () => {
      const headers = traceHeaders();
      expect(headers.traceparent?.slice(0, 36)).toBe(PARENT.slice(0, 36));
      const ids = logTraceIds();
      expect(ids).toMatchObject({ trace_id: '0af7651916cd43dd8448eb211c80319c' });
      expect(currentTraceContext()?.traceparent.slice(3, 35)).toBe('0af7651916cd43dd8448eb211c80319c');
    });
    expect(logTraceIds()).toEqual({});
  });

  it('sends to <OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces, or to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given', () => {
    expect(tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe('http://collector:4318/v1/traces');
    expect(tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toBe('http://collector:4318/v1/traces');
    expect(tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/traces' })).toBe('http://b:4318/traces');
  });

  it('samples 10 % by default; OTEL_TRACES_SAMPLER_ARG changes the ratio when it is one', () => {
    expect(defaultSampleRatio({})).toBe(0.1);
    expect(defaultSampleRatio({ OTEL_TRACES_SAMPLER_ARG: '0.25' })).toBe(0.25);
    expect(defaultSampleRatio({ OTEL_TRACES_SAMPLER_ARG: '2' })).toBe(0.1);
    expect(defaultSampleRatio({ OTEL_TRACES_SAMPLER_ARG: 'x' })).toBe(0.1);
  });
});

describe('telemetry on (bridge installed)', () => {
  it('the active span is the truth: work context, outbox context and log ids follow it; forwarding adds no header', () => {
    installTraceBridge(fixedBridge(ACTIVE));
    const work = workFromHeaders({ traceparent: PARENT });
    runWithWork(work, () => {
      expect(work.traceparent).toBe(ACTIVE);
      expect(currentTraceContext()).toEqual({ traceparent: ACTIVE, tracestate: null });
      expect(logTraceIds()).toEqual({ trace_id: ACTIVE.slice(3, 35), span_id: ACTIVE.slice(36, 52) });
      // The undici instrumentation injects the client span's context; a second header would break it.
      expect(traceHeaders()).toEqual({});
    });
  });

  it('falls back to the unit of work when no span is active, and then forwards the trace itself (the instrumentations skip it)', () => {
    installTraceBridge(fixedBridge(undefined));
    const unsampled = PARENT.replace(/-01$/, '-00');
    runWithWork(workFrom(unsampled, null, null), () => {
      expect(currentTraceContext()?.traceparent.slice(0, 36)).toBe(PARENT.slice(0, 36));
      // The sampled flag stays off on the next hop: it skips the trace too.
      expect(traceHeaders().traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-00$/);
    });
  });

  it("the gateway (no async context) forwards a sampled request as a child of its server span, handed over with the headers", () => {
    installTraceBridge(fixedBridge(undefined));
    const headers = { traceparent: PARENT };
    expect(forwardedTraceHeaders(headers).traceparent?.slice(0, 36)).toBe(PARENT.slice(0, 36));
    expect(forwardedTraceHeaders(headers).traceparent).not.toBe(PARENT);
    forwardAsChildOf(headers, ACTIVE);
    expect(forwardedTraceHeaders(headers)).toEqual({ traceparent: ACTIVE });
    // Another request's headers are not affected.
    expect(forwardedTraceHeaders({ traceparent: PARENT }).traceparent).not.toBe(ACTIVE);
  });
});
