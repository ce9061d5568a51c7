import 'server-only';
import { isDomainErrorCode, type DomainErrorCode } from '@omnicart/contracts';
import { TRPCClientError } from '@trpc/client';
import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';

/** What the services put in `error.data` (packages/api runtime/trpc.ts errorFormatter). */
interface ServiceErrorData {
  code?: string;
  httpStatus?: number;
  domainCode?: string;
  details?: Record<string, unknown>;
}

/** The service's reason (a domain error code), or the tRPC code when a service gave none. */
export type ServiceErrorCode = DomainErrorCode | TRPC_ERROR_CODE_KEY;

/** Carries the service's domain code and details to the BFF's errorFormatter (trpc.ts). */
export class ServiceErrorCause extends Error {
  constructor(
    message: string,
    readonly domainCode: ServiceErrorCode,
    readonly httpStatus: number,
    readonly details: Record<string, unknown> | undefined,
  ) {
    super(message);
    this.name = 'ServiceErrorCause';
  }
}

const CODE_BY_STATUS: Record<number, TRPC_ERROR_CODE_KEY> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  402: 'PAYMENT_REQUIRED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_SUPPORTED',
  409: 'CONFLICT',
  422: 'UNPROCESSABLE_CONTENT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/** The service's answer status, or undefined when the error did not come from a service. */
export function serviceStatus(error: unknown): number | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data = error.data as ServiceErrorData | undefined;
  return data?.httpStatus;
}

/**
 * Turns a service call's failure into a BFF error with the same meaning: status, human message
 * and details survive; a network failure or timeout becomes 503 "temporarily unavailable".
 */
export function toBffError(error: unknown): TRPCError {
  if (error instanceof TRPCError) return error;
  if (error instanceof TRPCClientError) {
    const data = error.data as ServiceErrorData | undefined;
    if (data?.httpStatus) {
      const code = CODE_BY_STATUS[data.httpStatus] ?? (data.httpStatus >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');
      const cause = new ServiceErrorCause(error.message, isDomainErrorCode(data.domainCode) ? data.domainCode : code, data.httpStatus, data.details);
      return new TRPCError({ code, message: data.httpStatus >= 500 && data.httpStatus !== 503 ? 'Something went wrong on our side. Please try again.' : error.message, cause });
    }
  }
  return new TRPCError({
    code: 'SERVICE_UNAVAILABLE',
    message: 'The shop is temporarily unavailable. Please try again in a moment.',
    cause: error instanceof Error ? error : undefined,
  });
}

/** `await call().catch(rethrow)` */
export function rethrow(error: unknown): never {
  throw toBffError(error);
}
