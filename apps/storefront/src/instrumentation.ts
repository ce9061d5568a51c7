/**
 * Runs once per server process, in the Node.js runtime only (not in the edge runtime), and not
 * during `next build` (nothing to trace or keep fresh yet, and the gateway need not be up).
 * - Tracing (OpenTelemetry, @omnicart/bff/telemetry) when OTEL_EXPORTER_OTLP_ENDPOINT is set and
 *   OTEL_SDK_DISABLED is not 'true': imported only then, so nothing of OpenTelemetry loads otherwise.
 *   A request is then the root span of its trace (unless its caller sent a traceparent), continued by the services it calls.
 * - The catalog change poller (catalog-changes.ts).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() && process.env.OTEL_SDK_DISABLED !== 'true') {
    const { startAppTelemetry } = await import('@omnicart/bff/telemetry');
    startAppTelemetry('storefront', process.env);
  }
  const { startCatalogChangePoller } = await import('./server/catalog-changes');
  // `next start`/`next dev` publish where they listen once the server is up; until then the
  // first polls simply fail (and are retried).
  startCatalogChangePoller(() => process.env.__NEXT_PRIVATE_ORIGIN ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}`);
}
