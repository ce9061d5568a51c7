// analytics: behaviour events (ingest), sales facts from orders' events, rollups per store day, and
// the admin reports. The public face: the manifest, the router type, the DTOs and the event contracts.
// Everything else is private (module.ts loads it when a process runs the domain).
import { productArchived, productCreated, productUpdated } from '../catalog/index.js';
import { orderCancelled, orderPaid, orderRefunded } from '../orders/index.js';
import { defineConsumer, defineDomain, type LoadedDomain } from '../runtime/domain.js';
import { analyticsConfig } from './config.js';
import { analyticsEvents } from './events.js';
import type { AnalyticsModuleOptions } from './module.js';

export type { AnalyticsRouter } from './router.js';
export type {
  BehaviourEvent,
  FunnelReport,
  IngestResult,
  RecommendationsReport,
  ReportCsv,
  RetentionReport,
  SalesOverview,
  SearchReport,
  TopCategories,
  TopProducts,
} from './schemas.js';
export { analyticsInteractionsRecorded } from './events.js';

export const ORDERS_CONSUMER = 'analytics.orders';
export const CATALOG_CONSUMER = 'analytics.catalog';
export const PARTITIONS_JOB = 'analytics.partitions';

/** Orders' events the sales facts come from. */
export const ORDER_FACTS = [orderPaid, orderRefunded, orderCancelled] as const;
/** Catalog's events the product read model follows. */
export const CATALOG_FACTS = [productCreated, productUpdated, productArchived] as const;

export const manifest = defineDomain({
  name: 'analytics',
  port: 4108,
  summary:
    'Behaviour events (batched, validated ingest), sales facts from orders’ events and rollups per store day; the admin reports (sales, products, categories, funnel, search, retention, recommendations) with CSV.',
  rest: ['analytics'],
  config: analyticsConfig,
  publishes: analyticsEvents,
  consumers: [
    defineConsumer({
      name: ORDERS_CONSUMER,
      events: ORDER_FACTS,
      summary: 'Sales facts and rollups: revenue recognised when paid (order, lines, products, categories, new vs returning buyer, shelf attribution), refunds as negative revenue on their day, cancellations marked.',
    }),
    defineConsumer({
      name: CATALOG_CONSUMER,
      events: CATALOG_FACTS,
      summary: 'The product read model (name, category) reports name their rows with; unknown products are asked of the catalog lazily.',
    }),
  ],
  jobs: [{ name: PARTITIONS_JOB, summary: 'Makes behaviour_events’ monthly partitions ahead (this month + 2) and drops those older than ANALYTICS_RETENTION_MONTHS.' }],
  openapiFile: 'analytics_service_api.yaml',
  calls: ['catalog'],
  load: async () => (await import('./module.js')).domainModule,
});

/** This domain ready to host with non-default options (tests); its code loads on demand, as with `manifest.load()`. */
export async function createAnalyticsDomain(options: AnalyticsModuleOptions = {}): Promise<LoadedDomain> {
  return { manifest, module: (await import('./module.js')).createAnalyticsModule(options) as LoadedDomain['module'] };
}
