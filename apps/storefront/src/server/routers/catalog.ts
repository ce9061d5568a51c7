import { rethrow } from '@omnicart/bff';
import { publicProcedure, router } from '@/server/trpc';
import { SUGGEST_LIMIT, suggestInput, toSuggestion, type SuggestResult } from '@/lib/catalog/suggest';

/** Catalog procedures for client components (server components read catalog-cache.ts directly). */
export const catalogRouter = router({
  /** Search-as-you-type: up to six products for the keywords (typos tolerated). */
  suggest: publicProcedure.input(suggestInput).query(async ({ ctx, input }): Promise<SuggestResult> => {
    try {
      const page = await ctx.api.catalog.list.query({ q: input.q, limit: SUGGEST_LIMIT });
      const correctedQuery = page.correctedQuery && page.correctedQuery !== input.q ? page.correctedQuery : null;
      return { suggestions: page.items.map(toSuggestion), correctedQuery };
    } catch (error) {
      return rethrow(error);
    }
  }),
});
