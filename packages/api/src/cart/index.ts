// cart: guest and customer carts priced from the catalog. The public face: the manifest, the
// router type and the event contract. Everything else is private.
import { defineDomain, type LoadedDomain } from '../runtime/domain.js';
import { cartConfig } from './config.js';
import { cartEvents } from './events.js';
import type { CartModuleOptions } from './module.js';

export type { CartRouter } from './router.js';
export type { CartDto, CartItem, CheckoutCart, LineIssue } from './schemas.js';
export { cartUpdated } from './events.js';

export const EXPIRED_CARTS_JOB = 'cart.expired-carts';

export const manifest = defineDomain({
  name: 'cart',
  port: 4104,
  summary: 'Guest and customer carts, priced from the catalog on every read; guest carts merge at sign-in.',
  rest: ['cart'],
  config: cartConfig,
  publishes: cartEvents,
  jobs: [{ name: EXPIRED_CARTS_JOB, summary: 'Hourly: deletes guest carts idle for 30 days.' }],
  openapiFile: 'cart_service_api.yaml',
  calls: ['catalog'],
  load: async () => (await import('./module.js')).domainModule,
});

/** This domain ready to host with non-default options (tests); its code loads on demand, as with `manifest.load()`. */
export async function createCartDomain(options: CartModuleOptions = {}): Promise<LoadedDomain> {
  return { manifest, module: (await import('./module.js')).createCartModule(options) as LoadedDomain['module'] };
}
