import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import type { AccessTokenVerifier, AuthUser } from './auth.js';
import { setActor } from './trace.js';

export interface RequestContext {
  requestId: string;
  /** Client address as seen by the edge (gateway sets X-Forwarded-For). */
  ip: string;
  /** The verified caller, or null for anonymous calls. */
  user: AuthUser | null;
  /** Why a presented token was rejected, so authed procedures can say so. */
  authError: string | null;
  /** The token could not be checked (identity unreachable): authed procedures answer 503, not 401. */
  authUnavailable?: boolean;
  /**
   * The calling service's name when the request carries a valid service token (see
   * SERVICE_TOKEN_HEADER); null for every client request. Internal procedures demand it.
   */
  service: string | null;
  /** The request's Idempotency-Key header (REST writes that promise exactly-once effects). */
  idempotencyKey: string | null;
  /**
   * This request's logger (every line carries requestId). Set by the service host; created on
   * first use, so requests that log nothing pay nothing. Absent in hand-made test contexts.
   */
  log?: Logger;
}

/** Services authenticate to each other with this header (SERVICE_TOKEN); the gateway strips it. */
export const SERVICE_TOKEN_HEADER = 'x-omnicart-service-token';
/** The calling service's name, sent beside the token (for logs and the ctx.service value). */
export const SERVICE_NAME_HEADER = 'x-omnicart-service';
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

export interface ContextInput {
  headers: IncomingHttpHeaders;
  remoteAddress?: string | undefined;
}

/**
 * Framework-free context factory: the same router mounts in a standalone service, in tests
 * and in a Next.js route handler.
 */
export function createContextFactory(verifier: AccessTokenVerifier, options: { logger?: Logger; serviceToken?: string } = {}) {
  const { logger } = options;
  const presentsToken = serviceTokenCheck(options.serviceToken);
  const make = (headers: IncomingHttpHeaders, requestId: string, ip: string, user: AuthUser | null, authError: string | null): RequestContext => {
    const service = presentsToken(headers) ? (headerValue(headers[SERVICE_NAME_HEADER]) ?? 'service') : null;
    const idempotencyKey = headerValue(headers[IDEMPOTENCY_KEY_HEADER])?.trim() || null;
    // The actor of the events this request writes (see trace.ts).
    setActor(user ? { type: 'user', id: user.id } : service ? { type: 'service', id: service } : null, { email: user?.email ?? null, requestId });
    if (!logger) return { requestId, ip, user, authError, service, idempotencyKey };
    let log: Logger | undefined;
    return {
      requestId,
      ip,
      user,
      authError,
      service,
      idempotencyKey,
      get log() {
        log ??= logger.child({ requestId });
        return log;
      },
    };
  };
  return async function createContext({ headers, remoteAddress }: ContextInput): Promise<RequestContext> {
    const requestId = headerValue(headers['x-request-id']) ?? randomUUID();
    const forwarded = isTrustedProxyPeer(remoteAddress)
      ? headerValue(headers['x-forwarded-for'])?.split(',')[0]?.trim()
      : undefined;
    const ip = forwarded || remoteAddress || 'unknown';
    const authorization = headerValue(headers.authorization);
    if (!authorization) return make(headers, requestId, ip, null, null);
    const token = /^Bearer\s+(.+)$/i.exec(authorization)?.[1];
    if (!token) return make(headers, requestId, ip, null, 'Authorization header must be "Bearer <token>"');
    const verified = await verifier.verify(token);
    if (verified.ok) return make(headers, requestId, ip, verified.user, null);
    const context = make(headers, requestId, ip, null, verified.reason);
    if (verified.unavailable) context.authUnavailable = true;
    return context;
  };
}

/**
 * Services sit behind the gateway, which replaces X-Forwarded-For with the client address it
 * saw. Only a peer on loopback or a private network (the gateway on this host or in the
 * cluster) may speak for the client; a caller reaching a service directly from anywhere else
 * cannot choose the address that login throttling counts.
 */
export function isTrustedProxyPeer(address: string | undefined): boolean {
  if (!address) return false;
  const ip = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (ip === '::1' || ip.startsWith('127.')) return true;
  if (ip.startsWith('10.') || ip.startsWith('192.168.')) return true;
  const secondOctet = /^172\.(\d+)\./.exec(ip)?.[1];
  if (secondOctet && Number(secondOctet) >= 16 && Number(secondOctet) <= 31) return true;
  return /^f[cd][0-9a-f]{2}:/i.test(ip);
}

/**
 * Whether a request presents the platform's service token (compared in constant time, as SHA-256
 * digests so lengths do not leak). Always false without a configured token.
 */
export function serviceTokenCheck(token: string | undefined): (headers: IncomingHttpHeaders) => boolean {
  if (!token) return () => false;
  const expected = digest(token);
  return (headers) => {
    const presented = headerValue(headers[SERVICE_TOKEN_HEADER]);
    return presented !== undefined && timingSafeEqual(digest(presented), expected);
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
