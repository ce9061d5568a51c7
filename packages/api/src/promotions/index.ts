// promotions: discount codes and automatic promotions — evaluation, and exactly-once redemptions
// reserved at checkout, committed when paid, released when the checkout fails. The public face:
// the manifest, the router type and the event contracts. Everything else is private (module.ts
// loads it when a process runs the domain).
import { orderPaid, statusChanged } from '../orders/index.js';
import { defineConsumer, defineDomain, type LoadedDomain } from '../runtime/domain.js';
import { promotionsConfig } from './config.js';
import { promotionsEvents } from './events.js';
import type { PromotionsModuleOptions } from './module.js';

export type { PromotionsRouter } from './router.js';
export type { AppliedDto, AssignedCodesDto, CampaignPromotionDto, CampaignResultsDto, CodeRefusalDto, EvaluationDto, LivePromotionDto, PromotionDto } from './schemas.js';
export type { RefusalReason } from './models/discount.js';
export { promotionChanged, promotionsAudit } from './events.js';

export const ORDERS_CONSUMER = 'promotions.orders';

export const manifest = defineDomain({
  name: 'promotions',
  port: 4110,
  summary: 'Discount codes and automatic promotions: evaluation, exactly-once redemptions reserved at checkout, committed when paid, released on failure.',
  rest: ['promotions'],
  config: promotionsConfig,
  publishes: promotionsEvents,
  consumers: [
    defineConsumer({
      name: ORDERS_CONSUMER,
      events: [orderPaid, statusChanged],
      summary: 'A paid order commits its redemption; an order that fails or is cancelled before payment releases it.',
    }),
  ],
  openapiFile: 'promotion_service_api.yaml',
  calls: ['catalog'],
  load: async () => (await import('./module.js')).domainModule,
});

/** This domain ready to host with non-default options (tests); its code loads on demand, as with `manifest.load()`. */
export async function createPromotionsDomain(options: PromotionsModuleOptions = {}): Promise<LoadedDomain> {
  return { manifest, module: (await import('./module.js')).createPromotionsModule(options) as LoadedDomain['module'] };
}
