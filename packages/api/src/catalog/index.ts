// catalog: categories, products, search and product images. The public face: the manifest, the
// router and the types other domains and the apps use, the event contracts. Everything else is private.
import { defineConsumer, defineDomain, type LoadedDomain } from '../runtime/domain.js';
import { stockChanged } from '../inventory/index.js';
import { catalogConfig } from './config.js';
import { catalogEvents } from './events.js';
import type { CatalogServiceOptions } from './service.js';

export type { CatalogRouter } from './router.js';
export type {
  CategoryNode,
  Facets,
  ListProductsInput,
  ProductChange,
  ProductChanges,
  ProductDto,
  ProductList,
  ProductListItem,
  ProductPage,
  ProductSort,
  ProductStatus,
  ProductSummary,
} from './schemas.js';
export { catalogAudit, productArchived, productCreated, productUpdated } from './events.js';

export const AVAILABILITY_CONSUMER = 'catalog.availability';
/** Where product images are served (`/images/products/<slug>.svg`), at the gateway too. */
export const IMAGES_PATH = '/images/';

export const manifest = defineDomain({
  name: 'catalog',
  port: 4102,
  summary: 'Categories, products, full-text and typo-tolerant search, facets, generated product images.',
  rest: ['products', 'categories'],
  raw: [{ path: IMAGES_PATH, methods: ['GET', 'HEAD'], summary: 'Generated product images (/images/products/<slug>.svg).' }],
  config: catalogConfig,
  publishes: catalogEvents,
  consumers: [
    defineConsumer({
      name: AVAILABILITY_CONSUMER,
      events: [stockChanged],
      summary: 'Keeps the availability read model (catalog.stock_levels) in step with inventory.',
    }),
  ],
  openapiFile: 'product_service_api.yaml',
  load: async () => (await import('./module.js')).domainModule,
});

/** This domain ready to host with non-default options (tests); its code loads on demand, as with `manifest.load()`. */
export async function createCatalogDomain(options: CatalogServiceOptions = {}): Promise<LoadedDomain> {
  return { manifest, module: (await import('./module.js')).createCatalogModule(options) as LoadedDomain['module'] };
}
