// analytics: Behaviour events, sales facts and rollups; admin reports (sales, products, categories, funnel, search, retention, recommendations) The public face: the manifest, the router type and the event contracts.
// Everything else is private (module.ts loads it when a process runs the domain).
import { defineDomain, type LoadedDomain } from '../runtime/domain.js';
import { analyticsConfig } from './config.js';
import { analyticsEvents } from './events.js';
import type { AnalyticsModuleOptions } from './module.js';

export type { AnalyticsRouter } from './router.js';
export type { ItemDto } from './schemas.js';
export { itemCreated } from './events.js';

export const manifest = defineDomain({
  name: 'analytics',
  port: 4108,
  summary: 'Behaviour events, sales facts and rollups; admin reports (sales, products, categories, funnel, search, retention, recommendations)',
  rest: ['analytics'],
  config: analyticsConfig,
  publishes: analyticsEvents,
  openapiFile: 'analytics_service_api.yaml',
  load: async () => (await import('./module.js')).domainModule,
});

/** This domain ready to host with non-default options (tests); its code loads on demand, as with `manifest.load()`. */
export async function createAnalyticsDomain(options: AnalyticsModuleOptions = {}): Promise<LoadedDomain> {
  return { manifest, module: (await import('./module.js')).createAnalyticsModule(options) as LoadedDomain['module'] };
}
