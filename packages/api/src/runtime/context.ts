import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import type { AccessTokenVerifier, AuthUser } from './auth.js';

export interface RequestContext {
  requestId: string;
  /** Client address as seen by the edge (gateway sets X-Forwarded-For). */
  ip: string;
  /** The verified caller, or null for anonymous calls. */
  user: AuthUser | null;
  /** Why a presented token was rejected, so authed procedures can say so. */
  authError: string | null;
  /**
   * This request's logger (every line carries requestId). Set by the service host; created on
   * first use, so requests that log nothing pay nothing. Absent in hand-made test contexts.
   */
  log?: Logger;
}

export interface ContextInput {
  headers: IncomingHttpHeaders;
  remoteAddress?: string | undefined;
}

/**
 * Framework-free context factory: the same router mounts in a standalone service, in tests
 * and in a Next.js route handler.
 */
export function createContextFactory(verifier: AccessTokenVerifier, options: { logger?: Logger } = {}) {
  const { logger } = options;
  const make = (requestId: string, ip: string, user: AuthUser | null, authError: string | null): RequestContext => {
    if (!logger) return { requestId, ip, user, authError };
    let log: Logger | undefined;
    return {
      requestId,
      ip,
      user,
      authError,
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
    if (!authorization) return make(requestId, ip, null, null);
    const token = /^Bearer\s+(.+)$/i.exec(authorization)?.[1];
    if (!token) return make(requestId, ip, null, 'Authorization header must be "Bearer <token>"');
    const verified = await verifier.verify(token);
    return verified.ok ? make(requestId, ip, verified.user, null) : make(requestId, ip, null, verified.reason);
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

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
