import { CLIENT_EVENTS_MAX, CLIENT_EVENTS_MAX_BYTES, type ClientEvent } from '@/lib/analytics/client-events';

/** Where the browser reports behaviour events (same origin: the CSP's connect-src 'self' allows it). */
export const EVENTS_PATH = '/api/events';

/**
 * Sends events to the storefront's own /api/events, surviving a navigation that follows (a click on
 * a product link): navigator.sendBeacon, else fetch with keepalive. Best effort; never throws.
 */
export function sendEvents(events: readonly ClientEvent[]): void {
  for (let start = 0; start < events.length; start += CLIENT_EVENTS_MAX) {
    const body = JSON.stringify({ events: events.slice(start, start + CLIENT_EVENTS_MAX) });
    if (body.length > CLIENT_EVENTS_MAX_BYTES) continue; // cannot happen with the schema's bounds; never send what the route refuses
    try {
      if (typeof navigator !== 'undefined' && navigator.sendBeacon?.(EVENTS_PATH, new Blob([body], { type: 'application/json' }))) continue;
    } catch {
      /* fall back to fetch */
    }
    try {
      void fetch(EVENTS_PATH, { method: 'POST', body, headers: { 'content-type': 'application/json' }, keepalive: true, credentials: 'same-origin' }).catch(() => undefined);
    } catch {
      /* analytics never breaks the page */
    }
  }
}
