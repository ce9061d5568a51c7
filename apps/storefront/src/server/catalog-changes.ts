import 'server-only';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { getEnv } from '@/env';
import { anonymousServices } from '@/server/services';
import { createChangePoller, type ChangePoller } from './catalog-poller';

/**
 * Keeps the cached catalog reads (catalog-cache.ts) fresh: one poller per server process asks
 * catalog.changesSince every CATALOG_CHANGES_POLL_MS and expires the tags of changed products.
 *
 * Next 16's revalidateTag only works inside a request (a Route Handler or Server Function: it
 * needs the request's work store and throws "static generation store missing" elsewhere), so the
 * poller POSTs the tags to this process's own route, /api/revalidate, which calls
 * revalidateTag(tag, { expire: 0 }). That route accepts only a random secret made per process and
 * kept on globalThis (shared by the instrumentation and the route bundles of the same process).
 */

export const REVALIDATE_SECRET_HEADER = 'x-omnicart-revalidate-secret';
const STATE = Symbol.for('omnicart.storefront.catalog-changes');
const CHANGES_PER_POLL = 200;

interface PollerState {
  secret: string;
  poller: ChangePoller | null;
}

function state(): PollerState {
  const holder = globalThis as typeof globalThis & { [STATE]?: PollerState };
  holder[STATE] ??= { secret: randomBytes(32).toString('base64url'), poller: null };
  return holder[STATE];
}

/** True only for this process's own secret (constant-time comparison). */
export function isRevalidationSecret(candidate: string | null): boolean {
  if (!candidate) return false;
  const expected = Buffer.from(state().secret);
  const given = Buffer.from(candidate);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Starts the poller once per process (idempotent). `origin` tells where this process listens;
 * it is read at every poll because the port is only known once the server is listening.
 */
export function startCatalogChangePoller(origin: () => string): void {
  const current = state();
  if (current.poller) return;
  const intervalMs = getEnv().CATALOG_CHANGES_POLL_MS;
  if (intervalMs <= 0) return;

  current.poller = createChangePoller({
    intervalMs,
    fetchChanges: (cursor) => anonymousServices.catalog.changesSince.query({ ...(cursor ? { cursor } : {}), limit: CHANGES_PER_POLL }),
    async revalidate(tags) {
      const response = await fetch(`${origin()}/api/revalidate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [REVALIDATE_SECRET_HEADER]: current.secret },
        body: JSON.stringify({ tags }),
        signal: AbortSignal.timeout(10_000),
        cache: 'no-store',
      });
      if (!response.ok) throw new Error(`POST /api/revalidate answered ${response.status}`);
    },
  });
  current.poller.start();
}
