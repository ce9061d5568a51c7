import { z } from 'zod';

/**
 * The request and response shapes of recommendations (issue-13 contract): the tRPC validators and
 * the OpenAPI source. Unknown fields are ignored (zod objects strip them).
 */

export const SHELF_NAMES = ['also_bought', 'similar', 'bought_together', 'for_you', 'trending'] as const;
export const shelfNameSchema = z.enum(SHELF_NAMES);
export type ShelfName = z.infer<typeof shelfNameSchema>;

export const MAX_LIMIT = 24;
const limit = z.coerce
  .number({ message: 'limit must be a whole number from 1 to 24' })
  .int({ message: 'limit must be a whole number from 1 to 24' })
  .min(1, { message: 'limit must be at least 1' })
  .max(MAX_LIMIT, { message: `limit must be at most ${MAX_LIMIT}` })
  .default(8)
  .describe('How many products, 1-24 (default 8)');

const PRODUCT_A = '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const PRODUCT_B = '0b7e4a1c-2d3f-4a5b-9c6d-7e8f9a0b1c2d';

export const shelfItemSourceSchema = z
  .enum(['model', 'trending'])
  .describe("'model': the shelf's own model chose it; 'trending': trending topped up a short shelf (or it is the trending shelf)");
export type ShelfItemSource = z.infer<typeof shelfItemSourceSchema>;

export const shelfItemSchema = z.object({
  productId: z.uuid(),
  score: z.number().describe('Higher is better; comparable within one answer only'),
  reason: z.string().describe('Why it was chosen, for people (e.g. "Bought together by 14 customers")'),
  source: shelfItemSourceSchema,
});

export const shelfSchema = z
  .object({
    shelf: shelfNameSchema,
    items: z.array(shelfItemSchema).describe('Best first; never a draft, archived or out-of-stock product'),
    fallback: z.boolean().describe('true when trending filled (part of) the shelf: not enough data for the model'),
    generatedAt: z.string().meta({ format: 'date-time', description: 'When this answer was made (ISO 8601, UTC)' }),
  })
  .meta({
    id: 'Shelf',
    example: {
      shelf: 'also_bought',
      items: [
        { productId: PRODUCT_A, score: 0.42, reason: 'Bought together by 14 customers', source: 'model' },
        { productId: PRODUCT_B, score: 0.031, reason: 'Trending: 31 views and 6 orders this week', source: 'trending' },
      ],
      fallback: true,
      generatedAt: '2026-12-07T10:30:00.000Z',
    },
  });
export type ShelfDto = z.infer<typeof shelfSchema>;
export type ShelfItemDto = z.infer<typeof shelfItemSchema>;

export const productShelfInput = z.object({
  productId: z.uuid({ message: 'productId must be a UUID' }),
  limit,
});
export type ProductShelfInput = z.output<typeof productShelfInput>;

export const boughtTogetherInput = z
  .object({
    productIds: z
      .array(z.uuid({ message: 'productIds must be UUIDs' }))
      .min(1, { message: 'productIds needs at least one product' })
      .max(50, { message: 'productIds holds at most 50 products' })
      .describe("The cart's products (1-50); they are never suggested"),
    limit,
  })
  .meta({ example: { productIds: [PRODUCT_A], limit: 8 } });
export type BoughtTogetherInput = z.output<typeof boughtTogetherInput>;

export const forYouInput = z.object({
  visitorId: z.uuid({ message: 'visitorId must be a UUID' }).optional().describe("The first-party anonymous visitor id (cookie); a signed-in shopper's history is the account's, merged with its linked visitors"),
  limit,
});
export type ForYouInput = z.output<typeof forYouInput>;

export const trendingInput = z.object({
  categoryId: z.uuid({ message: 'categoryId must be a UUID' }).optional().describe('Only this category (a leaf, or a department with its sub-categories)'),
  limit,
});
export type TrendingInput = z.output<typeof trendingInput>;
