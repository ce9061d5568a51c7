import { internalProcedure, publicProcedure, router, staffProcedure } from '../runtime/trpc.js';
import {
  assignCodesInput,
  assignedCodesSchema,
  campaignPromotionInput,
  campaignPromotionListSchema,
  campaignPromotionSchema,
  campaignResultsSchema,
  campaignStatsInput,
  codeBatchSchema,
  codePageSchema,
  codesCsvSchema,
  createPromotionInput,
  evaluateInput,
  evaluationSchema,
  exportCodesInput,
  generateCodesInput,
  listCodesInput,
  listPromotionsInput,
  livePromotionsSchema,
  orderRefInput,
  promotionIdInput,
  promotionPageSchema,
  promotionSchema,
  redemptionStateSchema,
  reserveInput,
  updatePromotionInput,
} from './schemas.js';
import type { PromotionsService } from './service.js';

const tags = ['promotions'];
const READ_ERRORS = { 400: 'Invalid input', 401: 'Missing or invalid access token', 403: 'Needs discounts:read' };
const WRITE_ERRORS = { 400: 'Invalid input', 401: 'Missing or invalid access token', 403: 'Needs discounts:write', 404: 'No such promotion', 409: 'The code exists already, or the promotion changed meanwhile' };

/**
 * Thin: validate, call the service. REST paths are relative to /api/v1. Staff manage promotions
 * (discounts:read / discounts:write); the storefront reads the live automatic ones; orders
 * evaluates (quote) and reserves / releases redemptions (internal, never routed by the gateway).
 */
export function createPromotionsRouter(service: PromotionsService) {
  return router({
    live: publicProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/promotions/live',
          tags,
          summary: 'Automatic promotions running now (storefront badges)',
          description:
            'Active automatic promotions within their dates and not used up: what they take off (`label`) and on what (`scope`, `categoryIds` — subcategories included —, `productIds`). The best single one applies to an order by itself.',
          errorResponses: {},
        },
      })
      .output(livePromotionsSchema)
      .query(() => service.live()),

    list: staffProcedure('discounts:read')
      .meta({
        openapi: {
          method: 'GET',
          path: '/promotions',
          tags,
          summary: 'Promotions with their usage and revenue (admin)',
          description: '`q`: name or code contains; `kind`; `state` (active, scheduled, expired, inactive). Newest first. `stats` counts paid orders (revenue = their totals, discountCost = what it took off).',
          protect: true,
          errorResponses: READ_ERRORS,
        },
      })
      .input(listPromotionsInput)
      .output(promotionPageSchema)
      .query(({ input }) => service.list(input)),

    get: staffProcedure('discounts:read')
      .meta({
        openapi: { method: 'GET', path: '/promotions/{id}', tags, summary: 'One promotion (admin)', protect: true, errorResponses: { ...READ_ERRORS, 404: 'No such promotion' } },
      })
      .input(promotionIdInput)
      .output(promotionSchema)
      .query(({ input }) => service.get(input.id)),

    create: staffProcedure('discounts:write')
      .meta({
        successStatus: 201,
        openapi: {
          method: 'POST',
          path: '/promotions',
          tags,
          summary: 'Create a discount code or an automatic promotion (admin)',
          description:
            'percent needs `percentOff` (0.01–100), fixed `amountOff` (cents), free_shipping neither. `scope` categories / products needs their ids. `startsAt` / `endsAt`: store time (e.g. 2026-12-24T00:00) or an instant with an offset. `code`: one shared code (kind code only).',
          protect: true,
          errorResponses: WRITE_ERRORS,
        },
      })
      .input(createPromotionInput)
      .output(promotionSchema)
      .mutation(({ input, ctx }) => service.create(ctx.user, input)),

    update: staffProcedure('discounts:write')
      .meta({
        openapi: {
          method: 'PATCH',
          path: '/promotions/{id}',
          tags,
          summary: 'Change or deactivate a promotion (admin)',
          description: 'Only the fields given change (`active: false` deactivates: no new redemption, those paid stay). The kind and discount type are fixed. `usageLimit` cannot go below the uses taken.',
          protect: true,
          errorResponses: WRITE_ERRORS,
        },
      })
      .input(updatePromotionInput)
      .output(promotionSchema)
      .mutation(({ input, ctx }) => service.update(ctx.user, input)),

    generateCodes: staffProcedure('discounts:write')
      .meta({
        successStatus: 201,
        openapi: {
          method: 'POST',
          path: '/promotions/{id}/codes',
          tags,
          summary: 'Generate unique single-use codes (admin)',
          description: '`count` (1–10 000) unguessable codes of 10 characters (crypto random, no look-alike characters), `PREFIX-XXXXXXXXXX` with a prefix; each usable once. Answers the batch and its codes.',
          protect: true,
          errorResponses: WRITE_ERRORS,
        },
      })
      .input(generateCodesInput)
      .output(codeBatchSchema)
      .mutation(({ input, ctx }) => service.generateCodes(ctx.user, input)),

    codes: staffProcedure('discounts:read')
      .meta({
        openapi: { method: 'GET', path: '/promotions/{id}/codes', tags, summary: 'A promotion’s codes, paged (admin)', protect: true, errorResponses: { ...READ_ERRORS, 404: 'No such promotion' } },
      })
      .input(listCodesInput)
      .output(codePageSchema)
      .query(({ input }) => service.listCodes(input)),

    exportCodes: staffProcedure('discounts:read')
      .meta({
        openapi: {
          method: 'GET',
          path: '/promotions/{id}/codes/csv',
          tags,
          summary: 'A promotion’s codes as CSV (admin)',
          description: 'Every code (or one batch’s) as CSV text in JSON (the platform’s export pattern): save `csv` as `filename`.',
          protect: true,
          errorResponses: { ...READ_ERRORS, 404: 'No such promotion' },
        },
      })
      .input(exportCodesInput)
      .output(codesCsvSchema)
      .query(({ input }) => service.exportCodes(input)),

    /** Internal (orders' quote): the discounts an order would get; writes nothing. */
    evaluate: internalProcedure
      .input(evaluateInput)
      .output(evaluationSchema)
      .query(({ input }) => service.evaluate(input)),

    /** Internal (checkout's `redeem` step): reserve the order's redemption; 409 with `details.reason` when the code does not apply. */
    reserve: internalProcedure
      .input(reserveInput)
      .output(evaluationSchema)
      .mutation(({ input }) => service.reserve(input)),

    /** Internal (checkout's compensation `release-redemption`): give the order's uses back. Idempotent. */
    release: internalProcedure
      .input(orderRefInput)
      .output(redemptionStateSchema)
      .mutation(({ input }) => service.release(input.orderId)),

    /** Internal (notifications' campaigns): a promotion's name, label, state and shared code. */
    campaignPromotion: internalProcedure
      .input(campaignPromotionInput)
      .output(campaignPromotionSchema)
      .query(({ input }) => service.campaignPromotion(input.promotionId)),

    /** Internal (notifications' campaigns): the code promotions a campaign can carry (running or scheduled). */
    campaignPromotions: internalProcedure.output(campaignPromotionListSchema).query(() => service.campaignPromotions()),

    /** Internal (notifications' campaigns): one single-use code per recipient, the same on every call. */
    assignCodes: internalProcedure
      .input(assignCodesInput)
      .output(assignedCodesSchema)
      .mutation(({ input }) => service.assignCodes(input)),

    /** Internal (notifications' campaigns): redemptions, revenue and discount cost per campaign. */
    campaignStats: internalProcedure
      .input(campaignStatsInput)
      .output(campaignResultsSchema)
      .query(({ input }) => service.campaignStats(input)),

    /** Internal: where an order's redemption stands (tests, support). */
    redemption: internalProcedure
      .input(orderRefInput)
      .output(redemptionStateSchema)
      .query(({ input }) => service.redemptionState(input.orderId)),
  });
}

export type PromotionsRouter = ReturnType<typeof createPromotionsRouter>;
