/**
 * Runs once per server process. Starts the catalog change poller (catalog-changes.ts) in the
 * Node.js runtime of a running server: not during `next build` (nothing to keep fresh yet, and
 * the gateway need not be up for a build), not in the edge runtime.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startCatalogChangePoller } = await import('./server/catalog-changes');
  // `next start`/`next dev` publish where they listen once the server is up; until then the
  // first polls simply fail (and are retried).
  startCatalogChangePoller(() => process.env.__NEXT_PRIVATE_ORIGIN ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}`);
}
