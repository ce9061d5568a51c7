import 'server-only';
import { rethrow } from '@omnicart/bff';
import { text } from '@omnicart/contracts';
import { z } from 'zod';
import { authedProcedure, publicProcedure, router } from '../trpc';

/**
 * Communication preferences and alerts (the notifications service): marketing e-mail, SMS and its
 * number for the signed-in shopper; one-click unsubscribe from a marketing e-mail's link, signed in
 * or not; "e-mail me when it's back" and price watches on product pages.
 * The service validates the phone number (E.164) and answers 400 with the message shown.
 */
export const preferencesRouter = router({
  get: authedProcedure.query(({ ctx }) => ctx.api.notifications.preferences.query().catch(rethrow)),

  update: authedProcedure
    .input(z.object({ marketingEmail: z.boolean(), smsOptIn: z.boolean(), phone: text().max(32).nullable() }))
    .mutation(({ ctx, input }) => ctx.api.notifications.updatePreferences.mutate(input).catch(rethrow)),

  /** Signed in: the account's address, at once; a guest gives an e-mail and confirms it first. */
  stockAlert: publicProcedure
    .input(z.object({ productId: z.uuid(), email: text().trim().max(254).optional() }))
    .mutation(({ ctx, input }) => ctx.api.notifications.requestStockAlert.mutate(input).catch(rethrow)),

  confirmStockAlert: publicProcedure
    .input(z.object({ token: text().trim().min(1).max(200) }))
    .mutation(({ ctx, input }) => ctx.api.notifications.confirmStockAlert.mutate(input).catch(rethrow)),

  priceWatches: authedProcedure.query(({ ctx }) => ctx.api.notifications.priceWatches.query().catch(rethrow)),

  watchPrice: authedProcedure
    .input(z.object({ productId: z.uuid() }))
    .mutation(({ ctx, input }) => ctx.api.notifications.watchPrice.mutate(input).catch(rethrow)),

  unwatchPrice: authedProcedure
    .input(z.object({ productId: z.uuid() }))
    .mutation(({ ctx, input }) => ctx.api.notifications.unwatchPrice.mutate(input).catch(rethrow)),

  unsubscribe: publicProcedure
    .input(z.object({ token: text().trim().min(1).max(300), campaignId: z.uuid().optional() }))
    .mutation(({ ctx, input }) => ctx.api.notifications.unsubscribe.mutate(input).catch(rethrow)),
});
