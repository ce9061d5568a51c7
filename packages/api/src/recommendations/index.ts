// recommendations: product shelves (customers also bought, similar, frequently bought together, for
// you, trending) learnt from paid orders, analytics' interactions and catalog/inventory events,
// answered from precomputed top-k lists. The public face: the manifest, the router type and the
// DTOs. Everything else is private (module.ts loads it when a process runs the domain).
import { analyticsInteractionsRecorded } from '../analytics/index.js';
import { productArchived, productCreated, productUpdated } from '../catalog/index.js';
import { stockChanged } from '../inventory/index.js';
import { orderPaid } from '../orders/index.js';
import { defineConsumer, defineDomain, type LoadedDomain } from '../runtime/domain.js';
import { recommendationsConfig } from './config.js';
import { recommendationsEvents } from './events.js';
import type { RecommendationsModuleOptions } from './module.js';

export type { RecommendationsRouter } from './router.js';
export type { ShelfDto, ShelfItemDto, ShelfName } from './schemas.js';

export const ORDERS_CONSUMER = 'recommendations.orders';
export const INTERACTIONS_CONSUMER = 'recommendations.interactions';
export const CATALOG_CONSUMER = 'recommendations.catalog';
export const REFRESHER_JOB = 'recommendations.refresher';
export const REBUILD_JOB = 'recommendations.rebuild';

export const manifest = defineDomain({
  name: 'recommendations',
  port: 4109,
  summary:
    'Product recommendations: customers also bought, similar, frequently bought together, recommended for you and trending, learnt from orders, behaviour and catalog events and answered from precomputed top-k lists',
  rest: ['recommendations'],
  config: recommendationsConfig,
  publishes: recommendationsEvents,
  consumers: [
    defineConsumer({ name: ORDERS_CONSUMER, events: [orderPaid], summary: 'Paid order lines → purchases (co-purchase, histories, trending)' }),
    defineConsumer({
      name: INTERACTIONS_CONSUMER,
      events: [analyticsInteractionsRecorded],
      summary: 'Product views, add to cart and recommendation clicks, visitor→customer links (co-view, histories, trending)',
    }),
    defineConsumer({
      name: CATALOG_CONSUMER,
      events: [productCreated, productUpdated, productArchived, stockChanged],
      summary: 'Product facts and status, availability per SKU (nothing archived, draft or out of stock is recommended)',
    }),
  ],
  jobs: [
    { name: REFRESHER_JOB, summary: 'Recomputes the lists of products touched by new purchases, views and catalog changes (RECS_REFRESH_EVERY)' },
    { name: REBUILD_JOB, summary: 'Syncs the catalog and recomputes every list (at start and every RECS_REBUILD_EVERY)' },
  ],
  openapiFile: 'recommendation_service_api.yaml',
  calls: ['catalog'],
  load: async () => (await import('./module.js')).domainModule,
});

/** This domain ready to host with non-default options (tests); its code loads on demand, as with `manifest.load()`. */
export async function createRecommendationsDomain(options: RecommendationsModuleOptions = {}): Promise<LoadedDomain> {
  return { manifest, module: (await import('./module.js')).createRecommendationsModule(options) as LoadedDomain['module'] };
}
