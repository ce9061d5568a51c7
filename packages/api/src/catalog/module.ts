import { dirname, join } from 'node:path';
import { DEFAULT_EMBEDDED_DATA_DIR } from '@omnicart/db';
import { seedCatalog } from '@omnicart/db/seed';
import { metadataOnlyService, type DomainModule} from '../runtime/domain.js';
import type { CatalogSettings } from './config.js';
import { availabilityHandlers } from './consumers/availability.js';
import { imageRoute, uploadsRoute } from './http.js';
import { createLocalImageStorage, type ImageStorage } from './image-storage.js';
import { AVAILABILITY_CONSUMER, IMAGES_PATH, UPLOADS_PATH } from './index.js';
import { document } from './openapi.js';
import { createCatalogDb, createCatalogRepository } from './repository.js';
import { createCatalogRouter } from './router.js';
import { createCatalogService, type CatalogService, type CatalogServiceOptions } from './service.js';
import { createProductUploads } from './uploads.js';

/** The catalog with non-default service options (e.g. `{ cacheTtlMs: 0 }` in tests); `imageStorage` replaces the uploads' local disk. */
export function createCatalogModule(options: CatalogServiceOptions & { imageStorage?: ImageStorage } = {}): DomainModule<CatalogSettings> {
  const { imageStorage, ...serviceOptions } = options;
  return {
    async start({ pool, logger, config, outboxWritten, verifier }) {
      const db = createCatalogDb(pool);
      const service = createCatalogService(createCatalogRepository(db, pool), { outboxWritten, imageHosts: config.CATALOG_IMAGE_HOSTS, ...serviceOptions });
      const uploads = createProductUploads({
        pool,
        storage: imageStorage ?? createLocalImageStorage(config.CATALOG_UPLOADS_DIR ?? join(dirname(DEFAULT_EMBEDDED_DATA_DIR), 'uploads')),
        changed: () => {
          service.clearCaches();
          outboxWritten();
        },
      });
      logger.info({ domain: 'catalog' }, 'catalog domain started');
      return {
        router: createCatalogRouter(service),
        // The availability read model follows inventory's events (catalog.stock_levels).
        consumers: { [AVAILABILITY_CONSUMER]: availabilityHandlers(service) },
        http: { [IMAGES_PATH]: imageRoute(service), [UPLOADS_PATH]: uploadsRoute(uploads, verifier) },
        stop: () => db.$disconnect(),
      };
    },
    describeRouter: () => createCatalogRouter(metadataOnlyService<CatalogService>('catalog')),
    openapi: document,
    // Into an empty schema only: a catalog with data is left alone.
    seed: async (pool, demo) => (await seedCatalog(pool, demo.products === undefined ? {} : { products: demo.products })).seeded,
  };
}

export const domainModule = createCatalogModule();

