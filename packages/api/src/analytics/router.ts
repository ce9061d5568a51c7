import { authedProcedure, router } from '../runtime/trpc.js';
import { createItemInput, itemSchema } from './schemas.js';
import type { AnalyticsService } from './service.js';

const tags = ['analytics'];

/** Thin: validate, call the service. REST paths are relative to /api/v1. */
export function createAnalyticsRouter(service: AnalyticsService) {
  return router({
    create: authedProcedure
      .meta({
        successStatus: 201,
        openapi: {
          method: 'POST',
          path: '/analytics',
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

export type AnalyticsRouter = ReturnType<typeof createAnalyticsRouter>;
