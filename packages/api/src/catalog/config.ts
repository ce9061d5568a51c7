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
    /**
     * Where uploaded product images are kept (the local-disk image storage, image-storage.ts).
     * Default `.omnicart/uploads` at the repository root (git-ignored, beside the embedded database). Every catalog
     * replica must see the same folder (a shared volume), or use an object-store adapter.
     */
    CATALOG_UPLOADS_DIR: z.string().min(1).optional(),
  }),
);
export type CatalogSettings = z.output<typeof catalogConfig.schema>;
