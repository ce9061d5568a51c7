import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';

/**
 * The one error type services throw. Routers and the REST adapter translate it through
 * ERROR_TABLE; services never throw TRPCError and never build HTTP responses.
 */
export const DOMAIN_ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_STATE',
  'TOO_MANY_REQUESTS',
  'INSUFFICIENT_STOCK',
  'PAYMENT_DECLINED',
  'PAYLOAD_TOO_LARGE',
  'METHOD_NOT_ALLOWED',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export const ERROR_TABLE: Record<DomainErrorCode, { trpc: TRPC_ERROR_CODE_KEY; http: number }> = {
  VALIDATION_FAILED: { trpc: 'BAD_REQUEST', http: 400 },
  UNAUTHORIZED: { trpc: 'UNAUTHORIZED', http: 401 },
  PAYMENT_DECLINED: { trpc: 'BAD_REQUEST', http: 402 },
  FORBIDDEN: { trpc: 'FORBIDDEN', http: 403 },
  NOT_FOUND: { trpc: 'NOT_FOUND', http: 404 },
  CONFLICT: { trpc: 'CONFLICT', http: 409 },
  INVALID_STATE: { trpc: 'CONFLICT', http: 409 },
  INSUFFICIENT_STOCK: { trpc: 'CONFLICT', http: 409 },
  METHOD_NOT_ALLOWED: { trpc: 'METHOD_NOT_SUPPORTED', http: 405 },
  PAYLOAD_TOO_LARGE: { trpc: 'PAYLOAD_TOO_LARGE', http: 413 },
  TOO_MANY_REQUESTS: { trpc: 'TOO_MANY_REQUESTS', http: 429 },
  UNAVAILABLE: { trpc: 'SERVICE_UNAVAILABLE', http: 503 },
  INTERNAL: { trpc: 'INTERNAL_SERVER_ERROR', http: 500 },
};

/** Reverse lookup used when a tRPC error did not start as a DomainError (e.g. input validation). */
const FROM_TRPC: Partial<Record<TRPC_ERROR_CODE_KEY, DomainErrorCode>> = {
  BAD_REQUEST: 'VALIDATION_FAILED',
  PARSE_ERROR: 'VALIDATION_FAILED',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_SUPPORTED: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  SERVICE_UNAVAILABLE: 'UNAVAILABLE',
};

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Extra facts safe to show a client (e.g. retryAfterSeconds). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export function domainCodeFromTrpc(code: TRPC_ERROR_CODE_KEY): DomainErrorCode {
  return FROM_TRPC[code] ?? 'INTERNAL';
}

/** The body every REST error carries: `{ error: { code, message } }`. */
export interface ErrorBody {
  error: { code: DomainErrorCode; message: string; details?: Record<string, unknown> };
}
