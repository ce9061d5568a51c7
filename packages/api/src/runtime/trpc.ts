import { initTRPC } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { ZodError } from 'zod';
import { isPermission, type Permission } from '@omnicart/contracts';
import { DomainError, ERROR_TABLE, domainCodeFromTrpc, knownDomainError, type DomainErrorCode } from './errors.js';
import type { RequestContext } from './context.js';
import { requirePermission } from './auth.js';
import { traceBridge } from './trace.js';

/**
 * Who may call a procedure. `internal` procedures are service-to-service only (stock
 * reservations, charging a payment...): they demand a valid service token, and the gateway never
 * routes them, whatever the caller presents. A permission (`products:write`, ...) means a signed-in
 * staff member holding it (@omnicart/contracts permissions.ts lists them and the roles).
 */
export type Access = 'public' | 'authenticated' | 'internal' | Permission;

/** True for accesses that need a staff member's permission. */
export function isStaffAccess(access: Access): access is Permission {
  return isPermission(access);
}

/**
 * Procedure metadata. `openapi` drives both the REST adapter and the OpenAPI documents;
 * `access` lets the gateway enforce roles before a request reaches the service;
 * `successStatus` is the HTTP status of a successful REST call (201 create, 202 accepted for later work, 204 delete);
 * `cache` lets shared caches (the gateway's micro-cache, a CDN) keep an anonymous 200 REST answer
 * for `maxAgeSeconds` (`Cache-Control: public, max-age=<n>`); without it answers are `private, no-store`.
 */
export type ProcedureMeta = OpenApiMeta & {
  access?: Access;
  successStatus?: 200 | 201 | 202 | 204;
  cache?: { maxAgeSeconds: number };
};

export const t = initTRPC
  .context<RequestContext>()
  .meta<ProcedureMeta>()
  .create({
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      const domainCode: DomainErrorCode =
        cause instanceof DomainError ? cause.code : domainCodeFromTrpc(error.code);
      // A ZodError on BAD_REQUEST is bad input; on INTERNAL it is an output-validation bug: hide it.
      const message =
        cause instanceof ZodError && error.code === 'BAD_REQUEST'
          ? describeZodError(cause)
          : domainCode === 'INTERNAL'
            ? 'Internal error'
            : shape.message;
      return {
        ...shape,
        message,
        data: {
          code: shape.data.code,
          httpStatus: ERROR_TABLE[domainCode].http,
          domainCode,
          ...(cause instanceof DomainError && cause.details ? { details: cause.details } : {}),
        },
      };
    },
  });

/** "email: Invalid email address; password: Too small: expected string to have >=8 characters" */
export function describeZodError(error: ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/** Turns a thrown DomainError into the matching TRPCError code while keeping it as the cause. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    // A DomainError, or a database outage (connection refused, reset, terminated, pool timeout),
    // which becomes UNAVAILABLE: 503 with Retry-After, not a 500.
    const domainError = knownDomainError(result.error.cause);
    if (!domainError) return result;
    if (domainError !== result.error.cause) (result.error as { cause?: unknown }).cause = domainError;
    // Re-tag the tRPC code so tRPC clients see e.g. CONFLICT instead of INTERNAL_SERVER_ERROR.
    (result.error as { code: string }).code = ERROR_TABLE[domainError.code].trpc;
    result.error.message = domainError.message;
  }
  return result;
});

/**
 * With OpenTelemetry on, each procedure call is a span named by the procedure (`orders.checkout`),
 * for tRPC calls and the REST routes mapped onto procedures alike; a failed call marks it an error.
 * Off, one null check.
 */
const procedureSpan = t.middleware(({ ctx, path, type, next }) => {
  const bridge = traceBridge();
  if (!bridge) return next();
  // A domain's router is the root of its service: its paths lack the domain, which the service
  // host binds to the request's logger (`service`), in one process or many.
  const domain: unknown = ctx.log?.bindings().service;
  const name = typeof domain === 'string' ? `${domain}.${path}` : path;
  return bridge.inSpan(
    name,
    async (fail) => {
      const result = await next();
      if (!result.ok) fail(result.error);
      return result;
    },
    { 'rpc.system': 'trpc', 'rpc.method': name, 'trpc.type': type },
  );
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Procedure ladder: each rung narrows ctx.user. */
export const publicProcedure = t.procedure.use(procedureSpan).use(domainErrors).meta({ access: 'public' });

export const authedProcedure = publicProcedure.meta({ access: 'authenticated' }).use(({ ctx, next }) => {
  if (!ctx.user) {
    if (ctx.authUnavailable) throw new DomainError('UNAVAILABLE', ctx.authError ?? 'Your session could not be checked right now; try again shortly');
    throw new DomainError('UNAUTHORIZED', ctx.authError ?? 'Authentication required: send a Bearer access token');
  }
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/**
 * Staff only, holding `permission`. The gateway checks it before forwarding; this checks it again
 * (a service reached directly, or a gateway with an old surface, still refuses).
 */
export function staffProcedure(permission: Permission) {
  return authedProcedure.meta({ access: permission }).use(({ ctx, next }) => {
    requirePermission(ctx.user, permission);
    return next({ ctx });
  });
}

/** Service-to-service only: the caller must present SERVICE_TOKEN (see runtime/service-client.ts). */
export const internalProcedure = publicProcedure.meta({ access: 'internal' }).use(({ ctx, next }) => {
  if (!ctx.service) throw new DomainError('NOT_FOUND', 'Not found');
  return next({ ctx: { ...ctx, service: ctx.service } });
});
