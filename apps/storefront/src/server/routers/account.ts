import 'server-only';
import { rethrow, serviceStatus } from '@omnicart/bff';
import { text } from '@omnicart/contracts';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { passwordResetConfirmSchema, passwordResetRequestSchema, profileSchema, registrationSchema } from '@/lib/account/registration';
import type { BffContext } from '../context';
import { authedProcedure, publicProcedure, router } from '../trpc';

/** The shopper's account: profile, sign-up, password reset and order history (the identity and orders services). */

export const orderNotFound = () => new TRPCError({ code: 'NOT_FOUND', message: 'Order not found' });

/** An order of the signed-in shopper; someone else's order or a malformed id is simply "not found". */
export async function customerOrder(ctx: BffContext, id: string) {
  try {
    return await ctx.api.orders.get.query({ id });
  } catch (error) {
    if (serviceStatus(error) === 404 || serviceStatus(error) === 400) throw orderNotFound();
    return rethrow(error);
  }
}

export const accountRouter = router({
  me: authedProcedure.query(({ ctx }) => ctx.api.identity.me.query({}).catch(rethrow)),

  updateProfile: authedProcedure.input(profileSchema).mutation(({ ctx, input }) =>
    ctx.api.identity.update.mutate({ id: ctx.session.id, name: input.name, email: input.email }).catch(rethrow),
  ),

  register: publicProcedure.input(registrationSchema).mutation(async ({ ctx, input }) => {
    try {
      const user = await ctx.api.identity.register.mutate(input);
      return { id: user.id, email: user.email, name: user.name };
    } catch (error) {
      if (serviceStatus(error) === 409) {
        throw new TRPCError({ code: 'CONFLICT', message: 'An account with this email already exists. Sign in instead.' });
      }
      return rethrow(error);
    }
  }),

  /** "Forgot your password?": identity answers the same for every email (and 429 for an address that asks too often). */
  requestPasswordReset: publicProcedure.input(passwordResetRequestSchema).mutation(async ({ ctx, input }) => {
    const { message } = await ctx.api.identity.requestPasswordReset.mutate({ email: input.email }).catch(rethrow);
    return { message };
  }),

  /** A new password from the emailed link; answers the account's email so the page signs the shopper in with it. */
  confirmPasswordReset: publicProcedure.input(passwordResetConfirmSchema).mutation(async ({ ctx, input }) => {
    const { email } = await ctx.api.identity.confirmPasswordReset.mutate({ token: input.token, password: input.password }).catch(rethrow);
    return { email };
  }),

  orders: authedProcedure
    .input(z.object({ cursor: text().max(200).optional(), limit: z.number().int().min(1).max(50).default(10) }).default({ limit: 10 }))
    .query(({ ctx, input }) => ctx.api.orders.list.query({ limit: input.limit, ...(input.cursor ? { cursor: input.cursor } : {}) }).catch(rethrow)),

  order: authedProcedure.input(z.object({ id: text().min(1).max(100) })).query(({ ctx, input }) => customerOrder(ctx, input.id)),
});
