import { z } from 'zod';
import { defineConfig } from '../runtime/env.js';

/**
 * The settings of recommendations: its slice of the environment, validated once at start with the rest (add a
 * variable here and read it from `deps.config` in module.ts; document it in the README's table).
 */
export const recommendationsConfig = defineConfig(z.object({}));
export type RecommendationsSettings = z.output<typeof recommendationsConfig.schema>;
