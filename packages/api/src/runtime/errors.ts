import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { DOMAIN_ERROR_CODES, ERROR_HTTP_STATUS, type DomainErrorCode, type ErrorBody } from '@omnicart/contracts';

export { DOMAIN_ERROR_CODES, type DomainErrorCode, type ErrorBody };

/**
 * The one error type services throw (codes and HTTP statuses from @omnicart/contracts). Routers
 * and the REST adapter translate it through ERROR_TABLE; services never throw TRPCError and never
 * build HTTP responses.
 */
const TRPC_CODES: Record<DomainErrorCode, TRPC_ERROR_CODE_KEY> = {
  VALIDATION_FAILED: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  PAYMENT_DECLINED: 'BAD_REQUEST',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  INVALID_STATE: 'CONFLICT',
  INSUFFICIENT_STOCK: 'CONFLICT',
  IDEMPOTENCY_KEY_REUSED: 'UNPROCESSABLE_CONTENT',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_SUPPORTED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
};

export const ERROR_TABLE: Record<DomainErrorCode, { trpc: TRPC_ERROR_CODE_KEY; http: number }> = Object.fromEntries(
  DOMAIN_ERROR_CODES.map((code) => [code, { trpc: TRPC_CODES[code], http: ERROR_HTTP_STATUS[code] }]),
) as Record<DomainErrorCode, { trpc: TRPC_ERROR_CODE_KEY; http: number }>;

/** Reverse lookup used when a tRPC error did not start as a DomainError (e.g. input validation). */
const FROM_TRPC: Partial<Record<TRPC_ERROR_CODE_KEY, DomainErrorCode>> = {
  BAD_REQUEST: 'VALIDATION_FAILED',
  PARSE_ERROR: 'VALIDATION_FAILED',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_SUPPORTED: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  UNPROCESSABLE_CONTENT: 'IDEMPOTENCY_KEY_REUSED',
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
