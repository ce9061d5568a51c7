import 'server-only';
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { BffContext } from './context';
import { ServiceErrorCause } from './service-errors';

export { rethrow } from './service-errors';

/** "shippingAddress.city" → "City is required", for forms to show next to their fields. */
function fieldErrors(error: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    fields[path] ??= issue.message;
  }
  return fields;
}

const t = initTRPC.context<BffContext>().create({
  errorFormatter({ shape, error }) {
    const service = error.cause instanceof ServiceErrorCause ? error.cause : undefined;
    const invalidInput = error.code === 'BAD_REQUEST' && error.cause instanceof ZodError ? error.cause : undefined;
    const internal = error.code === 'INTERNAL_SERVER_ERROR' && !service;
    return {
      message: internal
        ? 'Something went wrong on our side. Please try again.'
        : invalidInput
          ? 'Please check the highlighted fields.'
          : shape.message,
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
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure;
export const authedProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.session || !ctx.accessToken) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please sign in to continue.' });
  return next({ ctx: { ...ctx, session: ctx.session, accessToken: ctx.accessToken } });
});
