import { createRequire, syncBuiltinESMExports } from 'node:module';
import type * as OtelApi from '@opentelemetry/api';
import type * as OtelCore from '@opentelemetry/core';
import type * as OtelExporter from '@opentelemetry/exporter-trace-otlp-http';
import type * as OtelInstrumentation from '@opentelemetry/instrumentation';
import type * as OtelAmqplib from '@opentelemetry/instrumentation-amqplib';
import type * as OtelHttp from '@opentelemetry/instrumentation-http';
import type * as OtelPg from '@opentelemetry/instrumentation-pg';
import type * as OtelUndici from '@opentelemetry/instrumentation-undici';
import type * as OtelResources from '@opentelemetry/resources';
import type * as OtelTraceNode from '@opentelemetry/sdk-trace-node';
import type { IncomingMessage } from 'node:http';
import { installTraceBridge, isTraceparent, traceBridge, type ServerSpan, type TraceBridge } from './trace.js';

/**
 * OpenTelemetry tracing for one process (a domain service, the gateway, or `npm start`'s all-in-one
 * process). Off unless OTEL_EXPORTER_OTLP_ENDPOINT is set: then nothing of OpenTelemetry is even
 * loaded, and trace.ts keeps propagating its own W3C traceparent. On, it starts a tracer provider
 * exporting over OTLP/HTTP (JSON, to `<endpoint>/v1/traces`) through a batch span processor (export
 * never blocks a request), with the http, undici, pg and amqplib instrumentations, and installs
 * the bridge trace.ts uses (procedure and consumer spans, the outbox's trace context, log ids).
 *
 * Sampling: OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG as the SDK reads them; unset, parent-based
 * trace-id ratio at 10 % (OTEL_TRACES_SAMPLER_ARG alone changes the ratio). The decision is taken
 * once per request where it enters (`serverSpan`, our own SERVER span instead of the http
 * instrumentation's) and an unsampled request runs with no span: the instrumentations are told to
 * skip work outside a recording span (their ignore hooks run before they build any attribute), so
 * nine requests in ten cost a sampling decision and nothing more. An always-on instrumentation
 * measured −44 % to −62 % of read throughput at 10 % (a non-recording span, its attributes, bound
 * emitters and pg/undici hooks on every request); see the README's tracing section for the figures.
 *
 * Loaded synchronously (createRequire) so that it is done before the modules it patches are
 * evaluated: a CLI imports the module that calls `startTelemetry` before anything else.
 */
export const DEFAULT_SAMPLE_RATIO = 0.1;

/**
 * Paths probed by orchestrators and scrapers, and the surface the gateway polls from each service
 * (`/_meta/surface`): never traced (they would be most of the roots, and no shopper waits on them).
 */
const UNTRACED_PATHS = /^\/(healthz|readyz|livez|metrics|_meta)(\/|\?|$)/;

export function telemetryEnabled(env: Readonly<Record<string, string | undefined>>): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim()) && env.OTEL_SDK_DISABLED !== 'true';
}

/** The ratio of the default sampler: OTEL_TRACES_SAMPLER_ARG when it is a number in [0, 1], else 10 %. */
export function defaultSampleRatio(env: Readonly<Record<string, string | undefined>>): number {
  const ratio = Number(env.OTEL_TRACES_SAMPLER_ARG);
  return env.OTEL_TRACES_SAMPLER_ARG !== undefined && env.OTEL_TRACES_SAMPLER_ARG !== '' && ratio >= 0 && ratio <= 1 ? ratio : DEFAULT_SAMPLE_RATIO;
}

/** Where spans are sent: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given, else `<OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces`. */
export function tracesEndpoint(env: Readonly<Record<string, string | undefined>>): string {
  const signal = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (signal) return signal;
  return `${(env.OTEL_EXPORTER_OTLP_ENDPOINT ?? '').trim().replace(/\/+$/, '')}/v1/traces`;
}

export interface TelemetryOptions {
  /**
   * Keep the active span in an async context (default true). The gateway turns it off: it runs
   * without one (Node 20's AsyncLocalStorage, once used, hooks every promise of the process) and
   * hands a sampled request's span to its forwarding itself (trace.ts forwardAsChildOf).
   */
  asyncContext?: boolean;
}

/** Starts tracing for `serviceName` when OTEL_EXPORTER_OTLP_ENDPOINT is set; returns whether it did. Safe to call twice. */
export function startTelemetry(serviceName: string, env: Readonly<Record<string, string | undefined>>, options: TelemetryOptions = {}): boolean {
  if (traceBridge()) return true;
  if (!telemetryEnabled(env)) return false;
  const require = createRequire(import.meta.url);
  const api = require('@opentelemetry/api') as typeof OtelApi;
  const { W3CTraceContextPropagator, suppressTracing } = require('@opentelemetry/core') as typeof OtelCore;
  const { NodeTracerProvider, BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler } = require('@opentelemetry/sdk-trace-node') as typeof OtelTraceNode;
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof OtelResources;
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof OtelExporter;
  const { registerInstrumentations } = require('@opentelemetry/instrumentation') as typeof OtelInstrumentation;
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof OtelHttp;
  const { UndiciInstrumentation } = require('@opentelemetry/instrumentation-undici') as typeof OtelUndici;
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof OtelPg;
  const { AmqplibInstrumentation } = require('@opentelemetry/instrumentation-amqplib') as typeof OtelAmqplib;

  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || serviceName }),
    // Unset OTEL_TRACES_SAMPLER: our default (10 %); set: the SDK builds the named sampler from the environment.
    ...(env.OTEL_TRACES_SAMPLER ? {} : { sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(defaultSampleRatio(env)) }) }),
    // The endpoint from `env` (the SDK would read process.env): OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as
    // it is, else OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces, as the specification puts them together.
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesEndpoint(env) }))],
  });
  provider.register(options.asyncContext === false ? { contextManager: null } : {});
  const tracer = api.trace.getTracer('@omnicart/api');
  /** A sampled span is active: only then do the instrumentations trace (and inject) anything. */
  const recording = (): boolean => api.trace.getSpan(api.context.active())?.isRecording() === true;
  const notRecording = () => !recording();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      // Incoming requests get our SERVER span (serverSpan below), which decides sampling first.
      new HttpInstrumentation({ disableIncomingRequestInstrumentation: true, ignoreOutgoingRequestHook: notRecording, requireParentforOutgoingSpans: true }),
      // Outgoing calls outside a sampled request (a relay's poll, a JWKS refresh, an unsampled request) are skipped before any work.
      new UndiciInstrumentation({ ignoreRequestHook: notRecording, requireParentforSpans: true }),
      // Statements outside a request or delivery (relays, sweepers, bus polling) are not traced;
      // an unsampled request or delivery has no span, so its statements are skipped as well.
      new PgInstrumentation({ requireParentSpan: true }),
      new AmqplibInstrumentation(),
    ],
  });
  // The instrumentations patch modules as they are required (CommonJS); our code imports them as
  // ESM, which the require hook does not see. Requiring them here, before the app is evaluated,
  // patches the shared CommonJS instances; syncBuiltinESMExports carries the patched http/https
  // functions over to the ESM named exports of the built-ins.
  for (const name of ['node:http', 'node:https', 'pg', 'amqplib']) require(name);
  syncBuiltinESMExports();

  const w3c = new W3CTraceContextPropagator();
  const contextOf = (traceparent: string | null | undefined, tracestate: string | null | undefined): OtelApi.Context => {
    if (!traceparent) return api.ROOT_CONTEXT;
    const carrier: Record<string, string> = { traceparent };
    if (tracestate) carrier.tracestate = tracestate;
    return w3c.extract(api.ROOT_CONTEXT, carrier, api.defaultTextMapGetter);
  };
  const headersOf = (context: OtelApi.Context): { traceparent: string; tracestate: string | null } | undefined => {
    const carrier: Record<string, string> = {};
    w3c.inject(context, carrier, api.defaultTextMapSetter);
    return carrier.traceparent ? { traceparent: carrier.traceparent, tracestate: carrier.tracestate ?? null } : undefined;
  };
  /** The traceparent of a span the sampler refused: its ids, the sampled flag off (what the next hop reads). */
  const unsampledTraceparent = (span: OtelApi.Span): string => {
    const { traceId, spanId } = span.spanContext();
    return `00-${traceId}-${spanId}-00`;
  };
  const markFailed = (span: OtelApi.Span, error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    span.setStatus({ code: api.SpanStatusCode.ERROR, message });
    if (error instanceof Error) span.recordException(error);
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string') span.setAttribute('error.type', code);
  };
  const runInSpan = async <T>(span: OtelApi.Span, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      markFailed(span, error);
      throw error;
    } finally {
      span.end();
    }
  };

  const serverSpan = (req: IncomingMessage): ServerSpan | undefined => {
    const url = req.url ?? '/';
    if (UNTRACED_PATHS.test(url)) return undefined;
    const header = req.headers.traceparent;
    const parent = typeof header === 'string' && isTraceparent(header) ? header : undefined;
    const method = req.method ?? 'GET';
    const parentContext = parent ? contextOf(parent, typeof req.headers.tracestate === 'string' ? req.headers.tracestate : null) : api.ROOT_CONTEXT;
    // The sampler decides (parent-based by default: a caller's flag 00 means not sampled here either).
    const span = tracer.startSpan(method, { kind: api.SpanKind.SERVER }, parentContext);
    if (!span.isRecording()) {
      // Not sampled: the unit of work and the forwarded calls carry the decision (flag 00) from here.
      req.headers.traceparent = unsampledTraceparent(span);
      return undefined;
    }
    const queryAt = url.indexOf('?');
    span.setAttributes({
      'http.request.method': method,
      'url.path': queryAt === -1 ? url : url.slice(0, queryAt),
      'url.scheme': 'http',
      ...(req.socket.localPort ? { 'server.port': req.socket.localPort } : {}),
      ...(req.socket.remoteAddress ? { 'network.peer.address': req.socket.remoteAddress } : {}),
      ...(typeof req.headers['user-agent'] === 'string' ? { 'user_agent.original': req.headers['user-agent'] } : {}),
    });
    const active = api.trace.setSpan(parentContext, span);
    return {
      traceparent: `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`,
      run: (fn) => api.context.with(active, fn),
      end: (route, statusCode) => {
        span.updateName(`${method} ${route}`);
        span.setAttributes({ 'http.route': route, 'http.response.status_code': statusCode });
        if (statusCode >= 500) span.setStatus({ code: api.SpanStatusCode.ERROR });
        span.end();
      },
    };
  };

  const bridge: TraceBridge = {
    active: () => headersOf(api.context.active()),
    recording,
    serverSpan,
    inSpan: (name, fn, attributes) => {
      // Outside a sampled request (an unsampled one, a job): no span, nothing to record.
      if (!recording()) return fn(() => undefined);
      return tracer.startActiveSpan(name, { kind: api.SpanKind.INTERNAL, ...(attributes ? { attributes } : {}) }, (span) =>
        runInSpan(span, () => fn((error) => markFailed(span, error))),
      );
    },
    inConsumerSpan: (name, parent, links, attributes, fn) => {
      const parentContext = contextOf(parent.traceparent, parent.tracestate);
      const span = tracer.startSpan(name, { kind: api.SpanKind.CONSUMER }, parentContext);
      if (!span.isRecording()) {
        // The producer's trace was not sampled (or a new root was not): the handler runs with no
        // span — the instrumentation's own consume span left behind too — and passes the decision on.
        return api.context.with(api.ROOT_CONTEXT, () => fn(unsampledTraceparent(span), parent.tracestate ?? null));
      }
      span.setAttributes(attributes);
      span.addLinks(
        links.flatMap((traceparent) => {
          const context = api.trace.getSpanContext(contextOf(traceparent, null));
          return context && api.isSpanContextValid(context) ? [{ context }] : [];
        }),
      );
      return api.context.with(api.trace.setSpan(parentContext, span), () =>
        runInSpan(span, () => {
          const own = headersOf(api.context.active());
          // A span context is always valid here; the fallback keeps the type honest.
          return fn(own?.traceparent ?? '', own?.tracestate ?? null);
        }),
      );
    },
    withRemoteParent: (traceparent, tracestate, fn) => {
      // An event whose trace was not sampled (or has none) is published with no span of its own:
      // its stored traceparent travels in the message headers as it is.
      if (!traceparent?.endsWith('-01')) return api.context.with(suppressTracing(api.ROOT_CONTEXT), fn);
      return api.context.with(contextOf(traceparent, tracestate), fn);
    },
    logIds: () => {
      const context = api.trace.getSpanContext(api.context.active());
      return context && api.isSpanContextValid(context) ? { trace_id: context.traceId, span_id: context.spanId } : undefined;
    },
    shutdown: () => provider.shutdown(),
  };
  installTraceBridge(bridge);
  return true;
}

/** Exports the spans still buffered and stops tracing (process shutdown); nothing when tracing is off. */
export async function stopTelemetry(): Promise<void> {
  const bridge = traceBridge();
  if (!bridge) return;
  installTraceBridge(undefined);
  await bridge.shutdown().catch(() => undefined);
}
