import { handleClientEvents } from '@/server/analytics/client-events-route';

/**
 * `POST /api/events`: the browser's behaviour events (product impressions, recommendation and
 * search result clicks), sent with navigator.sendBeacon or fetch keepalive from the shop's own
 * pages. Validated (lib/analytics/client-events.ts), enriched on the server (ids from the cookies,
 * the page path, device class, the shopper's token) and queued for analytics; 202 at once.
 */
export const dynamic = 'force-dynamic';

export const POST = handleClientEvents;
