import { z } from 'zod';
import { publicProcedure, router } from '../runtime/trpc.js';

/** Thin tRPC router: validate, call the service. REST paths are relative to /api/v1. */
export function createOrdersRouter() {
  return router({
    health: publicProcedure.input(z.void()).output(z.object({ ok: z.boolean() })).query(() => ({ ok: true })),
  });
}

export type OrdersRouter = ReturnType<typeof createOrdersRouter>;
