/**
 * First-party visitor and session ids (issue 13), as pure rules: the proxy (page requests) and the
 * BFF routes (/api/*, which the proxy does not cover) both apply them, so a page view and the
 * cart, checkout and event calls that follow agree on the ids.
 *
 * - `oc_vid`: a random uuid, kept a year (renewed on each visit), httpOnly, SameSite=Lax, Secure on https.
 * - `oc_sid`: `<session uuid>.<last activity, ms since epoch in base 36>`; a request more than
 *   30 minutes after the last activity starts a new session. Sliding: every request moves the
 *   activity time (and the cookie's 30-minute life) on.
 * - `Sec-GPC: 1` or `DNT: 1`: no ids at all, and any existing cookies are expired. The shopper is
 *   still counted, without an id (aggregate only).
 *
 * Nothing here is personal: the ids are random, and no address, user agent or e-mail goes into them.
 */

export const VISITOR_COOKIE = 'oc_vid';
export const SESSION_COOKIE = 'oc_sid';
/** Request headers the proxy hands to the page render (incoming ones are always replaced or removed). */
export const VISITOR_HEADER = 'x-oc-visitor-id';
export const SESSION_HEADER = 'x-oc-session-id';
/** Set to "1" by the proxy for an opted-out request, "0" otherwise. */
export const OPT_OUT_HEADER = 'x-oc-opt-out';
/** Set to "1" by the proxy when it made a new visitor id (a first visit). */
export const NEW_VISITOR_HEADER = 'x-oc-new-visitor';
export const TRACKING_HEADERS = [VISITOR_HEADER, SESSION_HEADER, OPT_OUT_HEADER, NEW_VISITOR_HEADER] as const;

export const VISITOR_MAX_AGE_S = 365 * 24 * 60 * 60;
export const SESSION_IDLE_MS = 30 * 60 * 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export const isUuid = (value: string | null | undefined): value is string => typeof value === 'string' && UUID.test(value);

/** What the request says about tracking: `Sec-GPC: 1` (Global Privacy Control) or `DNT: 1`. */
export function optedOut(headers: { get(name: string): string | null }): boolean {
  return headers.get('sec-gpc')?.trim() === '1' || headers.get('dnt')?.trim() === '1';
}

export interface SessionCookie {
  id: string;
  lastActivity: number;
}

export function parseSessionCookie(value: string | undefined): SessionCookie | null {
  if (!value) return null;
  const [id, stamp, ...rest] = value.split('.');
  if (rest.length || !isUuid(id) || !stamp || !/^[0-9a-z]{1,12}$/.test(stamp)) return null;
  const lastActivity = parseInt(stamp, 36);
  return Number.isSafeInteger(lastActivity) ? { id, lastActivity } : null;
}

export const formatSessionCookie = (session: SessionCookie): string => `${session.id}.${session.lastActivity.toString(36)}`;

export interface TrackingIds {
  visitorId: string;
  sessionId: string;
  newVisitor: boolean;
  newSession: boolean;
}

/** Opted out: no ids; `expire` lists the cookies the browser still has (to be expired). */
export type TrackingDecision = { optOut: true; expire: string[] } | ({ optOut: false; sessionCookie: string } & TrackingIds);

export interface TrackingInput {
  visitorCookie: string | undefined;
  sessionCookie: string | undefined;
  optOut: boolean;
  now: number;
  newId?: () => string;
}

/**
 * The ids for a request. A missing or malformed visitor id gets a new one; a session is kept while
 * its last activity is at most 30 minutes ago (a clock that went backwards keeps it too), else a new one.
 */
export function decideTracking({ visitorCookie, sessionCookie, optOut, now, newId = () => crypto.randomUUID() }: TrackingInput): TrackingDecision {
  if (optOut) {
    const expire = [visitorCookie !== undefined ? VISITOR_COOKIE : null, sessionCookie !== undefined ? SESSION_COOKIE : null].filter((name): name is string => name !== null);
    return { optOut: true, expire };
  }
  const knownVisitor = isUuid(visitorCookie?.toLowerCase()) ? visitorCookie!.toLowerCase() : null;
  const previous = parseSessionCookie(sessionCookie);
  const sessionAlive = previous !== null && now - previous.lastActivity <= SESSION_IDLE_MS;
  const visitorId = knownVisitor ?? newId();
  const sessionId = sessionAlive ? previous.id : newId();
  return {
    optOut: false,
    visitorId,
    sessionId,
    newVisitor: knownVisitor === null,
    newSession: !sessionAlive,
    sessionCookie: formatSessionCookie({ id: sessionId, lastActivity: now }),
  };
}

export interface CookieWrite {
  name: string;
  value: string;
  options: { httpOnly: true; sameSite: 'lax'; secure: boolean; path: '/'; maxAge: number };
}

/** The Set-Cookie writes a decision needs (expiring ones have maxAge 0 and an empty value). */
export function trackingCookieWrites(decision: TrackingDecision, secure: boolean): CookieWrite[] {
  const options = (maxAge: number) => ({ httpOnly: true as const, sameSite: 'lax' as const, secure, path: '/' as const, maxAge });
  if (decision.optOut) return decision.expire.map((name) => ({ name, value: '', options: options(0) }));
  return [
    { name: VISITOR_COOKIE, value: decision.visitorId, options: options(VISITOR_MAX_AGE_S) },
    { name: SESSION_COOKIE, value: decision.sessionCookie, options: options(SESSION_IDLE_MS / 1000) },
  ];
}

/** The ids a request carries, as the page render sees them (headers the proxy set), or null when opted out/absent. */
export function idsFromProxyHeaders(headers: { get(name: string): string | null }): { visitorId: string; sessionId: string; newVisitor: boolean } | null {
  if (headers.get(OPT_OUT_HEADER) === '1') return null;
  const visitorId = headers.get(VISITOR_HEADER);
  const sessionId = headers.get(SESSION_HEADER);
  if (!isUuid(visitorId) || !isUuid(sessionId)) return null;
  return { visitorId, sessionId, newVisitor: headers.get(NEW_VISITOR_HEADER) === '1' };
}
