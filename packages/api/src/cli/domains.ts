import { cartDomain } from '../cart/index.js';
import { catalogDomain } from '../catalog/index.js';
import { identityDomain } from '../identity/index.js';
import { inventoryDomain } from '../inventory/index.js';
import { ordersDomain } from '../orders/index.js';
import { paymentsDomain } from '../payments/index.js';
import { DOMAIN_NAMES, type DomainModule, type DomainName } from '../runtime/domain.js';
import { serviceUrlFromEnv, type Env } from '../runtime/env.js';

/**
 * The one registry of domain services the CLIs start (npm start, service.js, the bench): a new
 * domain is added here and nowhere else in cli/.
 */
export const DOMAIN_MODULES: Readonly<Record<DomainName, DomainModule>> = {
  identity: identityDomain,
  catalog: catalogDomain,
  inventory: inventoryDomain,
  cart: cartDomain,
  orders: ordersDomain,
  payments: paymentsDomain,
};

/** Everything a process can run: the domain services, the local Stripe simulator and the gateway. */
export const SERVICE_NAMES = [...DOMAIN_NAMES, 'stripe-simulator', 'gateway'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export const isDomainName = (name: string): name is DomainName => (DOMAIN_NAMES as readonly string[]).includes(name);
export const isServiceName = (name: string): name is ServiceName => (SERVICE_NAMES as readonly string[]).includes(name);

/** The domain modules among `names`, in registry order. */
export function domainModules(names: Iterable<string>): DomainModule[] {
  const wanted = new Set(names);
  return DOMAIN_NAMES.filter((name) => wanted.has(name)).map((name) => DOMAIN_MODULES[name]);
}

/** Where the Stripe simulator delivers webhooks: STRIPE_SIMULATOR_WEBHOOK_URL, else the payments service's endpoint. */
export const simulatorWebhookUrl = (env: Env, paymentsUrl: string = serviceUrlFromEnv('payments', env)): string =>
  env.STRIPE_SIMULATOR_WEBHOOK_URL ?? `${paymentsUrl.replace(/\/$/, '')}/webhooks/stripe`;
