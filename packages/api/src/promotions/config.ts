import { z } from 'zod';
import { storeTimeZoneSetting } from '../orders/index.js';
import { defineConfig } from '../runtime/env.js';

/**
 * The settings of promotions: its slice of the environment, validated once at start with the rest
 * (documented in the README's table).
 */
export const promotionsConfig = defineConfig(
  z.object({
    /** Start and end times given without an offset are store time (shared with orders and analytics). */
    STORE_TIMEZONE: storeTimeZoneSetting,
    /** How long the category tree (for category-scoped promotions) is cached, in ms. */
    PROMOTIONS_CATEGORY_CACHE_MS: z.coerce.number().int().min(0).default(60_000),
  }),
);
export type PromotionsSettings = z.output<typeof promotionsConfig.schema>;
