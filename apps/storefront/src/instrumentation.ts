/**
 * Runs once per server process, in the Node.js runtime only (not in the edge runtime).
 * - Tracing (OpenTelemetry, @omnicart/bff/telemetry) when OTEL_EXPORTER_OTLP_ENDPOINT is set and
 *   OTEL_SDK_DISABLED is not 'true': imported only then, so nothing of OpenTelemetry loads otherwise.
 *   Every request is then the root span of its trace, continued by the services it calls.
 * - The catalog change poller (catalog-changes.ts) in a running server: not during `next build`
 *   (nothing to keep fresh yet, and the gateway need not be up for a build).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() && process.env.OTEL_SDK_DISABLED !== 'true') {
    const { startAppTelemetry } = await import('@omnicart/bff/telemetry');
    startAppTelemetry('storefront', process.env);
  }
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startCatalogChangePoller } = await import('./server/catalog-changes');
  // `next start`/`next dev` publish where they listen once the server is up; until then the
  // first polls simply fail (and are retried).
  startCatalogChangePoller(() => process.env.__NEXT_PRIVATE_ORIGIN ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}`);
}
