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
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
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
  // Not UNSUPPORTED_MEDIA_TYPE: tRPC raises it itself for a procedure answering promises in a
  // non-streaming call, a server bug (500). Our 415 refusals carry a DomainError cause instead.
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

/**
 * Error codes of a dependency that cannot be reached right now: socket errors (node, pg), the
 * PostgreSQL connection-exception class 08 and the shutdown states 57P01–57P03 (admin or crash
 * shutdown, cannot connect now), too many connections (53300), and Prisma's wrapped forms (P1001
 * can't reach, P1002/P1008 timed out, P1017 server closed the connection, P2024 pool timeout,
 * P2037 too many connections).
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  'P1001',
  'P1002',
  'P1008',
  'P1017',
  'P2024',
  'P2037',
]);
/** The Prisma pg adapter's kinds for the same failures (DriverAdapterError.cause.kind). */
const UNAVAILABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
/** What node-postgres and Prisma say when a connection died or never came (they set no code). */
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Can't reach database server|server closed the connection unexpectedly|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery mode)|Timed out fetching a new connection/i;

/**
 * Whether `error` (or anything it wraps: `cause`, Prisma's `meta.driverAdapterError`) says the
 * database or another dependency is unreachable right now: a condition to answer `503
 * UNAVAILABLE` with `Retry-After`, not a bug to answer 500. DomainErrors are never classified
 * here (their code already says what they are).
 */
export function isUnavailableError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current && typeof current === 'object'; depth++) {
    if (current instanceof DomainError) return false;
    const candidate = current as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    if (typeof candidate.code === 'string' && UNAVAILABLE_CODES.has(candidate.code)) return true;
    if (typeof candidate.kind === 'string' && UNAVAILABLE_KINDS.has(candidate.kind)) return true;
    if (candidate.kind === 'postgres' && typeof candidate.code === 'string' && UNAVAILABLE_CODES.has(candidate.code)) return true;
    if (typeof candidate.message === 'string' && UNAVAILABLE_MESSAGES.test(candidate.message)) return true;
    if (candidate.meta?.driverAdapterError && isUnavailableError(candidate.meta.driverAdapterError)) return true;
    current = candidate.cause;
  }
  return false;
}

/** How long a client should wait before retrying after a 503 (seconds, the `Retry-After` value). */
export const RETRY_AFTER_SECONDS = 2;

/** The DomainError a dependency outage becomes (the message says what to do, never what failed inside). */
export function unavailableError(cause?: unknown): DomainError {
  const error = new DomainError('UNAVAILABLE', 'The service is temporarily unavailable (its database cannot be reached); retry shortly', {
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  });
  // Kept for the logs (never sent to a client).
  if (cause !== undefined) Object.defineProperty(error, 'cause', { value: cause, enumerable: false });
  return error;
}

/** A DomainError as is; an outage (see isUnavailableError) as UNAVAILABLE; anything else undefined. */
export function knownDomainError(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error;
  return isUnavailableError(error) ? unavailableError(error) : undefined;
}

/**
 * The `Retry-After` value (whole seconds) for an error answer: a 429, or a 503 whose wait is known,
 * carries the `retryAfterSeconds` its DomainError put in `details`; a 503 without one the default
 * (RETRY_AFTER_SECONDS: an outage is worth retrying soon). Undefined otherwise.
 * The REST adapter and the tRPC handler set it on every such answer (RFC 9110 §10.2.3).
 */
export function retryAfterSeconds(status: number, details: Record<string, unknown> | undefined): string | undefined {
  if (status !== 429 && status !== 503) return undefined;
  const seconds = details?.retryAfterSeconds;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return status === 503 ? String(RETRY_AFTER_SECONDS) : undefined;
  return String(Math.ceil(seconds));
}
