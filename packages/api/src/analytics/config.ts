import { z } from 'zod';
import { defineConfig, flag, positiveInt } from '../runtime/env.js';
import { storeTimeZoneSetting } from '../orders/index.js';

/**
 * The settings of analytics: its slice of the environment, validated once at start with the rest
 * (documented in the README's table).
 */
export const analyticsConfig = defineConfig(
  z.object({
    /** The store's time zone (IANA): every report day is a calendar day there, not in UTC. */
    STORE_TIMEZONE: storeTimeZoneSetting,
    /** Months of raw behaviour events kept (older monthly partitions are dropped); rollups and facts stay. */
    ANALYTICS_RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(13),
    /** How often the partitions job runs (makes next months' partitions, drops expired ones). */
    ANALYTICS_PARTITIONS_CHECK_MS: positiveInt(3_600_000),
    /**
     * Seed the demo history on first start (npm start, service.js --seed): 180 days of synthetic
     * shoppers' sessions and orders in analytics, their purchases in recommendations. 0 to start empty.
     */
    DEMO_HISTORY: flag(true),
  }),
);
export type AnalyticsSettings = z.output<typeof analyticsConfig.schema>;
