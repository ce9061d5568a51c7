import { z } from 'zod';

/**
 * What the browser may report to `POST /api/events` (src/app/api/events/route.ts): product
 * impressions in lists and shelves, recommendation clicks and search result clicks. The route adds
 * everything else (ids from the cookies, page path, device class, the shopper) on the server, so a
 * page can say nothing about who it is. Shared by the sender (components/analytics) and the route.
 */

export const SHELF_NAMES = ['also_bought', 'similar', 'bought_together', 'for_you', 'trending'] as const;
export type ShelfName = (typeof SHELF_NAMES)[number];

/** At most this many events per request, and this many bytes of body. */
export const CLIENT_EVENTS_MAX = 20;
export const CLIENT_EVENTS_MAX_BYTES = 16 * 1024;

const position = z.number().int().min(1).max(10_000);
const productId = z.uuid();

export const productImpressionSchema = z.strictObject({
  type: z.literal('product_impression'),
  props: z.strictObject({
    productIds: z.array(productId).min(1).max(50),
    list: z.string().regex(/^[a-z0-9_-]{1,64}$/, 'list must be a short name such as "category" or "also_bought"'),
    position: position.optional(),
  }),
});

export const recommendationClickSchema = z.strictObject({
  type: z.literal('recommendation_click'),
  props: z.strictObject({ productId, shelf: z.enum(SHELF_NAMES), sourceProductId: productId.optional(), position: position.optional() }),
});

export const searchClickSchema = z.strictObject({
  type: z.literal('search_click'),
  props: z.strictObject({ query: z.string().trim().min(1).max(200), productId, position }),
});

export const clientEventSchema = z.discriminatedUnion('type', [productImpressionSchema, recommendationClickSchema, searchClickSchema]);
export type ClientEvent = z.infer<typeof clientEventSchema>;

export const clientEventsBodySchema = z.strictObject({ events: z.array(clientEventSchema).min(1).max(CLIENT_EVENTS_MAX) });
export type ClientEventsBody = z.infer<typeof clientEventsBodySchema>;
