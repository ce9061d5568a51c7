import { z } from 'zod';
import { defineConfig } from '../runtime/env.js';

/**
 * The settings of analytics: its slice of the environment, validated once at start with the rest (add a
 * variable here and read it from `deps.config` in module.ts; document it in the README's table).
 */
export const analyticsConfig = defineConfig(z.object({}));
export type AnalyticsSettings = z.output<typeof analyticsConfig.schema>;
