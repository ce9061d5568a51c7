import { randomBytes } from 'node:crypto';
import { context, defaultTextMapSetter, isSpanContextValid, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-node';
import { gatewayCallTracer, installGatewayCallTracer, type GatewayCallTracer } from './tracing.js';

/**
 * OpenTelemetry tracing for a Next.js app's server (entry point `@omnicart/bff/telemetry`). The
 * app's instrumentation.ts imports this module only when tracing is on (`appTracingEnabled`), so
 * nothing of OpenTelemetry is loaded otherwise. It registers a tracer provider (OTLP/HTTP JSON to
 * `<endpoint>/v1/traces` behind a batch span processor): Next.js then opens a SERVER span for every
 * request, the root of its trace, and the service clients (tracing.ts) call the gateway in a CLIENT
 * span whose traceparent the gateway continues. The platform's sampling, as in the services
 * (packages/api runtime/telemetry.ts): OTEL_TRACES_SAMPLER / _ARG as the SDK reads them; unset,
 * parent-based trace-id ratio at 10 %. A request that is not sampled records nothing and still
 * sends a traceparent, flagged 00, so the services leave it unsampled too.
 */
export const DEFAULT_SAMPLE_RATIO = 0.1;

type Env = Readonly<Record<string, string | undefined>>;

/** Whether an app's server should start tracing: the OTLP endpoint is set and the SDK not disabled. */
export function appTracingEnabled(env: Env): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim()) && env.OTEL_SDK_DISABLED !== 'true';
}

/** The ratio of the default sampler: OTEL_TRACES_SAMPLER_ARG when it is a number in [0, 1], else 10 %. */
export function defaultSampleRatio(env: Env): number {
  const ratio = Number(env.OTEL_TRACES_SAMPLER_ARG);
  return env.OTEL_TRACES_SAMPLER_ARG !== undefined && env.OTEL_TRACES_SAMPLER_ARG !== '' && ratio >= 0 && ratio <= 1 ? ratio : DEFAULT_SAMPLE_RATIO;
}

const w3c = new W3CTraceContextPropagator();

/** The W3C headers of the context's span, sampled (flags 01) or not (00). */
function traceHeadersOf(activeContext: ReturnType<typeof context.active>): Record<string, string> {
  const headers: Record<string, string> = {};
  w3c.inject(activeContext, headers, defaultTextMapSetter);
  return headers;
}

/** Calls made outside any request (the catalog change poller) start no trace: an unsampled context of their own. */
function unsampledHeaders(): Record<string, string> {
  return { traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-00` };
}

function callTracer(provider: NodeTracerProvider): GatewayCallTracer {
  const tracer = provider.getTracer('@omnicart/bff');
  return {
    async traceCall(route, url, method, call) {
      const parent = trace.getSpanContext(context.active());
      if (!parent || !isSpanContextValid(parent)) return call(unsampledHeaders());
      const span = tracer.startSpan(`${method} ${route}`, {
        kind: SpanKind.CLIENT,
        // No query string: a tRPC GET carries its input there.
        attributes: { 'http.request.method': method, 'url.template': route, 'server.address': url.hostname, 'server.port': Number(url.port || (url.protocol === 'https:' ? 443 : 80)), 'url.full': `${url.origin}${url.pathname}` },
      });
      const spanContext = trace.setSpan(context.active(), span);
      try {
        const response = await context.with(spanContext, () => call(traceHeadersOf(spanContext)));
        span.setAttribute('http.response.status_code', response.status);
        if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${response.status}` });
        return response;
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
        if (error instanceof Error) span.recordException(error);
        throw error;
      } finally {
        span.end();
      }
    },
  };
}

/**
 * Starts tracing for the app (`serviceName`, OTEL_SERVICE_NAME overrides it) when the environment
 * turns it on; returns whether it did. Safe to call twice.
 */
export function startAppTelemetry(serviceName: string, env: Env): boolean {
  if (gatewayCallTracer()) return true;
  if (!appTracingEnabled(env)) return false;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || serviceName }),
    // Unset OTEL_TRACES_SAMPLER: our default (10 %); set: the SDK builds the named sampler from the environment.
    ...(env.OTEL_TRACES_SAMPLER ? {} : { sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(defaultSampleRatio(env)) }) }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // The global provider, context manager and propagator: Next.js's own spans use them.
  provider.register();
  installGatewayCallTracer(callTracer(provider));
  return true;
}
