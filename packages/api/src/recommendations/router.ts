import { publicProcedure, router } from '../runtime/trpc.js';
import { boughtTogetherInput, forYouInput, productShelfInput, shelfSchema, trendingInput } from './schemas.js';
import type { RecommendationsService } from './service.js';

const tags = ['recommendations'];
const PRODUCT_ERRORS = { 400: 'Invalid product id or limit', 404: 'Unknown product' };

/** Thin: validate, call the service. REST paths are relative to /api/v1. Every shelf is public. */
export function createRecommendationsRouter(service: RecommendationsService) {
  return router({
    alsoBought: publicProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/recommendations/products/{productId}/also-bought',
          tags,
          summary: '“Customers also bought” for a product',
          description:
            'Item-to-item co-purchase (SAR-style Jaccard over customers, minimum support RECS_MIN_SUPPORT), completed by products viewed in the same sessions, then by trending (`fallback` true).',
          successDescription: 'The shelf',
          errorResponses: PRODUCT_ERRORS,
        },
      })
      .input(productShelfInput)
      .output(shelfSchema)
      .query(({ input }) => service.alsoBought(input)),

    similar: publicProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/recommendations/products/{productId}/similar',
          tags,
          summary: '“Similar products” for a product',
          description: 'Same category family, shared brand and attributes, TF-IDF similarity of name and description; trending fills a short shelf (`fallback` true).',
          successDescription: 'The shelf',
          errorResponses: PRODUCT_ERRORS,
        },
      })
      .input(productShelfInput)
      .output(shelfSchema)
      .query(({ input }) => service.similar(input)),

    boughtTogether: publicProcedure
      .meta({
        openapi: {
          method: 'POST',
          path: '/recommendations/bought-together',
          tags,
          summary: '“Frequently bought together” for a cart',
          description: "The complements of the cart's products (summed co-purchase affinity), never the cart's own products; unknown products add nothing.",
          successDescription: 'The shelf',
          errorResponses: { 400: 'Invalid product ids (1-50 UUIDs) or limit' },
        },
      })
      .input(boughtTogetherInput)
      .output(shelfSchema)
      .mutation(({ input }) => service.boughtTogether(input)),

    forYou: publicProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/recommendations/for-you',
          tags,
          // Optional bearer: the signed-in shopper's history when a token is sent.
          protect: true,
          summary: '“Recommended for you”',
          description:
            "Signed in (a Bearer token): the account's purchases and interactions, merged with its linked visitors'; else the `visitorId`'s. Blends the products bought or viewed with the history's (co-bought, co-viewed) and the popular products of the shopper's taste (the categories of the taste segments that shop like them); recent behaviour weighs more (half-life RECS_HALF_LIFE_DAYS); each item's reason names the product or category behind it; bought products are left out unless consumable. Neither, or no history: trending (`fallback` true).",
          successDescription: 'The shelf',
          errorResponses: { 400: 'Invalid visitor id or limit' },
        },
      })
      .input(forYouInput)
      .output(shelfSchema)
      .query(({ ctx, input }) => service.forYou(ctx.user, input)),

    trending: publicProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/recommendations/trending',
          tags,
          summary: '“Trending now”, the store or one category',
          description: 'Views and orders with exponential time decay (half-life RECS_TRENDING_HALF_LIFE_DAYS); on a store without activity yet, in-stock products of the catalogue.',
          successDescription: 'The shelf',
          errorResponses: { 400: 'Invalid category id or limit', 404: 'Unknown category' },
        },
      })
      .input(trendingInput)
      .output(shelfSchema)
      .query(({ input }) => service.trending(input)),
  });
}

export type RecommendationsRouter = ReturnType<typeof createRecommendationsRouter>;
