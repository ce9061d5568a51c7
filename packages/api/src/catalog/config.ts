import { z } from 'zod';
import { commaList, defineConfig, positiveInt } from '../runtime/env.js';

/** The catalog's settings: its slice of the environment. */
export const catalogConfig = defineConfig(
  z.object({
    /** Catalog size seeded on first start (demo data). */
    SEED_PRODUCTS: positiveInt(2400),
    /**
     * Hosts whose https URLs a product image may use, comma-separated (`cdn.example.com`, or
     * `*.example.com` for its subdomains). Empty (the default): only our own `/images/products/` paths.
     * List only hosts that do not redirect elsewhere: nothing fetches an image at write time.
     */
    CATALOG_IMAGE_HOSTS: commaList(''),
  }),
);
export type CatalogSettings = z.output<typeof catalogConfig.schema>;
