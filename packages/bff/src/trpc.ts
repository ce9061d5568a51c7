import 'server-only';
import { initTRPC, TRPCError, type AnyTRPCRouter, type inferRouterContext, type TRPCDefaultErrorShape } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { TRPC_MAX_BATCH_SIZE } from '@omnicart/contracts';
import { ZodError } from 'zod';
import type { SessionUser } from './auth.js';
import { isSameOrigin } from './request.js';
import { ServiceErrorCause } from './service-errors.js';

/** What every BFF context carries, whatever else an app adds (cookies, service clients). */
export interface SessionContext {
  /** The signed-in user, or null for a guest (or an expired session). */
  session: SessionUser | null;
  /** The identity access token the services expect, when signed in. */
  accessToken: string | undefined;
}

/** "shippingAddress.city" → "Enter your city", for forms to show next to their fields. */
function fieldErrors(error: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    fields[path] ??= issue.message;
  }
  return fields;
}

/**
 * The error shape a BFF answers with: the service's meaning kept (status, human message, domain
 * code and details: toBffError), bad input as `fieldErrors` per field, and nothing internal.
 */
export function formatBffError({ shape, error }: { shape: TRPCDefaultErrorShape; error: TRPCError }) {
  const service = error.cause instanceof ServiceErrorCause ? error.cause : undefined;
  const invalidInput = error.code === 'BAD_REQUEST' && error.cause instanceof ZodError ? error.cause : undefined;
  const internal = error.code === 'INTERNAL_SERVER_ERROR' && !service;
  return {
    message: internal ? 'Something went wrong on our side. Please try again.' : invalidInput ? 'Please check the highlighted fields.' : shape.message,
    code: shape.code,
    data: {
      code: shape.data.code,
      httpStatus: shape.data.httpStatus,
      path: shape.data.path,
      /** The service's reason, e.g. PAYMENT_DECLINED or INSUFFICIENT_STOCK. */
      domainCode: service?.domainCode,
      details: service?.details,
      /** Field path → message, for bad input. */
      fieldErrors: invalidInput ? fieldErrors(invalidInput) : undefined,
    },
  };
}

/**
 * An app's BFF tRPC: `router`, `createCallerFactory` and the procedure ladder `publicProcedure` →
 * `authedProcedure` (ctx.session and ctx.accessToken non-null), with formatBffError.
 */
export function initBff<TContext extends SessionContext>() {
  const t = initTRPC.context<TContext>().create({ errorFormatter: formatBffError });
  return {
    router: t.router,
    createCallerFactory: t.createCallerFactory,
    publicProcedure: t.procedure,
    authedProcedure: t.procedure.use(({ ctx, next }) => {
      if (!ctx.session || !ctx.accessToken) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please sign in to continue.' });
      return next({ ctx: { ...ctx, session: ctx.session, accessToken: ctx.accessToken } });
    }),
  };
}

export interface BffRouteOptions<TRouter extends AnyTRPCRouter> {
  /** Where the route handler is mounted, e.g. '/api/trpc'. */
  endpoint: string;
  router: TRouter;
  /** One context per request (cookies, session, service clients). */
  createContext: () => Promise<inferRouterContext<TRouter>>;
  /** The app's public base URL: a page there is this site too (origin check behind an ingress). */
  publicUrl: () => string;
}

/**
 * The route handler that serves a BFF router to the app's browser code: cross-site POSTs refused
 * (403), answers never cached (`private, no-store`), internal errors logged, and an unreachable
 * service logged once a minute per procedure rather than once per request.
 */
export function bffRouteHandler<TRouter extends AnyTRPCRouter>(options: BffRouteOptions<TRouter>) {
  const lastOutageLog = new Map<string, number>();
  function logOutage(path: string, cause: unknown): void {
    const now = Date.now();
    if (now - (lastOutageLog.get(path) ?? 0) < 60_000) return;
    lastOutageLog.set(path, now);
    console.warn(`BFF ${path}: a service is unavailable (${cause instanceof Error ? cause.message : String(cause)})`);
  }

  return function handler(req: Request): Promise<Response> | Response {
    if (req.method === 'POST' && !isSameOrigin(req, options.publicUrl())) {
      return Response.json({ error: { message: 'Cross-site requests are not allowed.' } }, { status: 403 });
    }
    return fetchRequestHandler({
      endpoint: options.endpoint,
      req,
      router: options.router,
      // One request runs at most this many procedures (each may be a sign-in); the app's batch link says the same.
      maxBatchSize: TRPC_MAX_BATCH_SIZE,
      createContext: () => options.createContext(),
      responseMeta: () => ({ headers: new Headers({ 'cache-control': 'private, no-store' }) }),
      onError({ error, path }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`BFF ${path ?? '?'} failed:`, error.cause ?? error);
        else if (error.code === 'SERVICE_UNAVAILABLE') logOutage(path ?? '?', error.cause ?? error);
      },
    });
  };
}
