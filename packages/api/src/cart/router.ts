import { publicProcedure, router } from '../runtime/trpc.js';

/** Placeholder while the cart domain is built; replaced by the real router. */
export function createCartRouter() {
  return router({
    get: publicProcedure.query(() => null),
  });
}

export type CartRouter = ReturnType<typeof createCartRouter>;
