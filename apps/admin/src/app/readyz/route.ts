import { getEnv } from '@/env';

/**
 * Readiness: the admin can serve pages only when the gateway answers. The gateway's own
 * /readyz stays 200 ("degraded") while at least one domain is up, so one failing domain does not
 * take every admin replica out of the load balancer either.
 */
export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const headers = { 'cache-control': 'no-store' };
  try {
    const gateway = await fetch(`${getEnv().GATEWAY_URL}/readyz`, { cache: 'no-store', signal: AbortSignal.timeout(2000) });
    if (gateway.ok) return Response.json({ status: 'ready', gateway: 'up' }, { headers });
    return Response.json({ status: 'not ready', gateway: `answered ${gateway.status}` }, { status: 503, headers });
  } catch {
    return Response.json({ status: 'not ready', gateway: 'unreachable' }, { status: 503, headers });
  }
}
