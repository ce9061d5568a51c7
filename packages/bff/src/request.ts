import 'server-only';
import { headers } from 'next/headers';
import { shopperAddress } from './address.js';
import type { SessionUser, Sessions } from './auth.js';
import type { Caller } from './service-clients.js';

/** What the gateway accepts as a request id (longer or stranger ones it replaces). */
const SAFE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Who is asking (the session) and on whose behalf service calls go (the caller). */
export interface RequestContext {
  /** The signed-in user, or null for a guest (or an expired session). */
  session: SessionUser | null;
  /** The identity access token the services expect, when signed in. */
  accessToken: string | undefined;
  /** Token, forwarded address and request id, for the service clients (`services(caller)`). */
  caller: Caller;
}

/**
 * The request's user address (`shopperAddress`) and request id as the ingress set them, for the
 * services: the gateway and identity's throttles count users, not the app, and the services log
 * under the id.
 */
export async function forwardedCaller(trustedProxies?: readonly string[]): Promise<Omit<Caller, 'accessToken'>> {
  const incoming = await headers();
  const forwardedFor = shopperAddress(incoming.get('x-forwarded-for'), trustedProxies);
  const requestId = incoming.get('x-request-id') ?? undefined;
  return { forwardedFor, requestId: requestId && SAFE_REQUEST_ID.test(requestId) ? requestId : undefined };
}

/** The request context a BFF builds its own on (route handler or server component render). */
export async function requestContext(sessions: Sessions): Promise<RequestContext> {
  const { user, accessToken } = await sessions.currentSession();
  return { session: user, accessToken, caller: { accessToken, ...(await forwardedCaller(sessions.trustedProxies())) } };
}

/**
 * Is this request from the app's own pages? Cookies are SameSite=Lax and tRPC mutations are JSON
 * POSTs (a cross-site form cannot send them); checking Origin as well closes the door on anything
 * cross-site that slips through. No Origin (a same-origin fetch of an old browser) passes.
 */
export function isSameOrigin(req: Request, publicUrl: string): boolean {
  const origin = req.headers.get('origin');
  if (!origin) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false; // "null" (sandboxed frames, privacy redirects) or garbage
  }
  // Behind a proxy or ingress the Host header may name the pod, not the site: the forwarded host
  // and the configured public URL count as this site too (a cross-site page can set neither).
  const forwarded = req.headers.get('x-forwarded-host')?.split(',')[0]?.trim();
  return host === req.headers.get('host') || host === forwarded || host === new URL(publicUrl).host;
}
