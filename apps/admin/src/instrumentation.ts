/**
 * Runs once per server process, in the Node.js runtime only (not in the edge runtime): tracing
 * (OpenTelemetry, @omnicart/bff/telemetry) when OTEL_EXPORTER_OTLP_ENDPOINT is set and
 * OTEL_SDK_DISABLED is not 'true'. Imported only then, so nothing of OpenTelemetry loads otherwise.
 * A request is then the root span of its trace (unless its caller sent a traceparent), continued by the services it calls.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // `next build` prerenders pages: nothing of a build is a request worth tracing.
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  if (!process.env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || process.env.OTEL_SDK_DISABLED === 'true') return;
  const { startAppTelemetry } = await import('@omnicart/bff/telemetry');
  startAppTelemetry('admin', process.env);
}
