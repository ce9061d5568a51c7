import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { AccessTokenVerifier, AuthUser } from './auth.js';

export interface RequestContext {
  requestId: string;
  /** Client address as seen by the edge (gateway sets X-Forwarded-For). */
  ip: string;
  /** The verified caller, or null for anonymous calls. */
  user: AuthUser | null;
  /** Why a presented token was rejected, so authed procedures can say so. */
  authError: string | null;
}

export interface ContextInput {
  headers: IncomingHttpHeaders;
  remoteAddress?: string | undefined;
}

/**
 * Framework-free context factory: the same router mounts in a standalone service, in tests
 * and in a Next.js route handler.
 */
export function createContextFactory(verifier: AccessTokenVerifier) {
  return async function createContext({ headers, remoteAddress }: ContextInput): Promise<RequestContext> {
    const requestId = headerValue(headers['x-request-id']) ?? randomUUID();
    const forwarded = headerValue(headers['x-forwarded-for'])?.split(',')[0]?.trim();
    const ip = forwarded || remoteAddress || 'unknown';
    const authorization = headerValue(headers.authorization);
    if (!authorization) return { requestId, ip, user: null, authError: null };
    const token = /^Bearer\s+(.+)$/i.exec(authorization)?.[1];
    if (!token) return { requestId, ip, user: null, authError: 'Authorization header must be "Bearer <token>"' };
    const verified = await verifier.verify(token);
    return verified.ok
      ? { requestId, ip, user: verified.user, authError: null }
      : { requestId, ip, user: null, authError: verified.reason };
  };
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
