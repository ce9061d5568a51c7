import { z } from 'zod';
import { commaList, defineConfig } from '../runtime/env.js';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "1h", "15s", "250ms", "2d"; a bare number is seconds. */
const duration = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .transform((value, context) => {
      const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(value);
      if (!match || Number(match[1]) <= 0) {
        context.addIssue({ code: 'custom', message: 'a duration such as 1h, 90m or 15s' });
        return z.NEVER;
      }
      return Math.round(Number(match[1]) * UNIT_MS[(match[2] ?? 's') as keyof typeof UNIT_MS]);
    });

/**
 * The settings of recommendations (documented in the README's table). The demo catalog's
 * consumables (packages/db/src/seed/catalog-data.ts) are bought again and again, so for-you may
 * suggest them to a customer who bought them before.
 */
export const recommendationsConfig = defineConfig(
  z.object({
    /** How often the whole model is rebuilt (catalog facts synced, every list recomputed). */
    RECS_REBUILD_EVERY: duration('1h'),
    /** How often the lists of products touched by new purchases, views or catalog changes are recomputed. */
    RECS_REFRESH_EVERY: duration('15s'),
    /** Fewest customers (baskets) who bought both products before a pair counts for "also bought". */
    RECS_MIN_SUPPORT: z.coerce.number().int().min(1).max(1_000).default(2),
    /** Half-life of a shopper's views and purchases in "for you", in days. */
    RECS_HALF_LIFE_DAYS: z.coerce.number().positive().max(3_650).default(90),
    /** Half-life of views and orders in "trending", in days. */
    RECS_TRENDING_HALF_LIFE_DAYS: z.coerce.number().positive().max(3_650).default(7),
    /** Category slugs whose products are bought again (for-you keeps suggesting them after a purchase). */
    RECS_CONSUMABLE_CATEGORIES: commaList('coffee-tea,skincare,hair-care,shaving-grooming,notebooks,pens'),
  }),
);
export type RecommendationsSettings = z.output<typeof recommendationsConfig.schema>;
