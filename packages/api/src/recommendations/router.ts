import { authedProcedure, router } from '../runtime/trpc.js';
import { createItemInput, itemSchema } from './schemas.js';
import type { RecommendationsService } from './service.js';

const tags = ['recommendations'];

/** Thin: validate, call the service. REST paths are relative to /api/v1. */
export function createRecommendationsRouter(service: RecommendationsService) {
  return router({
    create: authedProcedure
      .meta({
        successStatus: 201,
        openapi: {
          method: 'POST',
          path: '/recommendations',
          tags,
          summary: 'Create a item',
          protect: true,
          successDescription: 'The new item',
          errorResponses: { 400: 'Invalid input', 401: 'Missing or invalid access token' },
        },
      })
      .input(createItemInput)
      .output(itemSchema)
      .mutation(({ input, ctx }) => service.create(ctx.user, input)),
  });
}

export type RecommendationsRouter = ReturnType<typeof createRecommendationsRouter>;
