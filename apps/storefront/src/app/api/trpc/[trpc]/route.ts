import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { getEnv } from '@/env';
import { createContext } from '@/server/context';
import { appRouter } from '@/server/routers';

/**
 * The browser's only API: the BFF router over tRPC. It runs with the shopper's session (the
 * identity token from the encrypted session cookie is added to every service call here).
 */
function sameOrigin(req: Request): boolean {
  // Cookies are SameSite=Lax and tRPC mutations are JSON POSTs (a cross-site form cannot send
  // them); checking Origin as well closes the door on anything cross-site that slips through.
  const origin = req.headers.get('origin');
  if (!origin) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false; // "null" (sandboxed frames, privacy redirects) or garbage
  }
  // Behind a proxy or ingress the Host header may name the pod, not the shop: the forwarded host
  // and the configured public URL count as this site too (a cross-site page can set neither).
  const forwarded = req.headers.get('x-forwarded-host')?.split(',')[0]?.trim();
  return host === req.headers.get('host') || host === forwarded || host === new URL(getEnv().STOREFRONT_URL).host;
}

/** An unreachable gateway or service is logged once a minute per procedure, not once per request. */
const lastOutageLog = new Map<string, number>();
function logOutage(path: string, cause: unknown): void {
  const now = Date.now();
  if (now - (lastOutageLog.get(path) ?? 0) < 60_000) return;
  lastOutageLog.set(path, now);
  console.warn(`BFF ${path}: a service is unavailable (${cause instanceof Error ? cause.message : String(cause)})`);
}

function handler(req: Request): Promise<Response> | Response {
  if (req.method === 'POST' && !sameOrigin(req)) {
    return Response.json({ error: { message: 'Cross-site requests are not allowed.' } }, { status: 403 });
  }
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: () => createContext(),
    responseMeta: () => ({ headers: new Headers({ 'cache-control': 'private, no-store' }) }),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`BFF ${path ?? '?'} failed:`, error.cause ?? error);
      else if (error.code === 'SERVICE_UNAVAILABLE') logOutage(path ?? '?', error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
