/**
 * The domain error codes every service answers with, their HTTP statuses, and the error body of
 * every REST answer. Services throw `DomainError` (packages/api runtime) with one of these codes;
 * apps read `ErrorBody` and switch on the code, never on the message.
 */
export const DOMAIN_ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_STATE',
  'IDEMPOTENCY_KEY_REUSED',
  'TOO_MANY_REQUESTS',
  'INSUFFICIENT_STOCK',
  'PAYMENT_DECLINED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'METHOD_NOT_ALLOWED',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** The HTTP status each code answers with (REST, and the status a tRPC error maps to). */
export const ERROR_HTTP_STATUS: Readonly<Record<DomainErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  PAYMENT_DECLINED: 402,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_STATE: 409,
  INSUFFICIENT_STOCK: 409,
  /** The Idempotency-Key was already used with a different request body (draft-ietf-httpapi-idempotency-key-header). */
  IDEMPOTENCY_KEY_REUSED: 422,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export const isDomainErrorCode = (value: unknown): value is DomainErrorCode =>
  typeof value === 'string' && (DOMAIN_ERROR_CODES as readonly string[]).includes(value);

/** The body every REST error carries: `{ error: { code, message, details? } }`. */
export interface ErrorBody {
  error: { code: DomainErrorCode; message: string; details?: Record<string, unknown> };
}
