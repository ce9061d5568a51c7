import { z } from 'zod';
import { defineConfig, positiveInt } from '../runtime/env.js';

/** The catalog's settings: its slice of the environment. */
export const catalogConfig = defineConfig(
  z.object({
    /** Catalog size seeded on first start (demo data). */
    SEED_PRODUCTS: positiveInt(2400),
  }),
);
export type CatalogSettings = z.output<typeof catalogConfig.schema>;
