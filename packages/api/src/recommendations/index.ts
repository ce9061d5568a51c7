// recommendations: Personalised and item-to-item product recommendations (also bought, similar, bought together, for you, trending) learnt from orders, behaviour and catalog events, answered from precomputed top-k lists The public face: the manifest, the router type and the event contracts.
// Everything else is private (module.ts loads it when a process runs the domain).
import { defineDomain, type LoadedDomain } from '../runtime/domain.js';
import { recommendationsConfig } from './config.js';
import { recommendationsEvents } from './events.js';
import type { RecommendationsModuleOptions } from './module.js';

export type { RecommendationsRouter } from './router.js';
export type { ItemDto } from './schemas.js';
export { itemCreated } from './events.js';

export const manifest = defineDomain({
  name: 'recommendations',
  port: 4109,
  summary: 'Personalised and item-to-item product recommendations (also bought, similar, bought together, for you, trending) learnt from orders, behaviour and catalog events, answered from precomputed top-k lists',
  rest: ['recommendations'],
  config: recommendationsConfig,
  publishes: recommendationsEvents,
  openapiFile: 'recommendation_service_api.yaml',
  load: async () => (await import('./module.js')).domainModule,
});

/** This domain ready to host with non-default options (tests); its code loads on demand, as with `manifest.load()`. */
export async function createRecommendationsDomain(options: RecommendationsModuleOptions = {}): Promise<LoadedDomain> {
  return { manifest, module: (await import('./module.js')).createRecommendationsModule(options) as LoadedDomain['module'] };
}
