/**
 * The one registry of domains: every process, document and check that needs the list of domains
 * derives it from here (env ports and URLs, the gateway's routing, access table and index page,
 * the OpenAPI documents, the migrations, the demo data, the test platforms, `npm start`,
 * `service.js`, the k8s check and the event catalogue). A domain is registered with one line,
 * its manifest (its index.ts, which loads none of its code until a process runs it). Order
 * matters only for demo data (inventory's stock follows the catalog's products).
 *
 * `npm run gen:domain -- <name>` adds the line for a new domain.
 */
export const DOMAINS = [
  (await import('../identity/index.js')).manifest,
  (await import('../catalog/index.js')).manifest,
  (await import('../inventory/index.js')).manifest,
  (await import('../cart/index.js')).manifest,
  (await import('../orders/index.js')).manifest,
  (await import('../payments/index.js')).manifest,
  (await import('../audit/index.js')).manifest,
  (await import('../notifications/index.js')).manifest,
  (await import('../analytics/index.js')).manifest,
  (await import('../recommendations/index.js')).manifest,
  (await import('../promotions/index.js')).manifest,
  // gen:domain registers new domains above this line.
] as const;

export type RegisteredDomain = (typeof DOMAINS)[number];
export type DomainName = RegisteredDomain['name'];

export const DOMAIN_NAMES: readonly DomainName[] = DOMAINS.map((domain) => domain.name);

/** Everything a process can run: the domain services, the local Stripe simulator (development) and the gateway. */
export const SERVICE_NAMES = [...DOMAIN_NAMES, 'stripe-simulator', 'gateway'] as const;
export type ServiceName = DomainName | 'stripe-simulator' | 'gateway';

export const isDomainName = (name: string): name is DomainName => (DOMAIN_NAMES as readonly string[]).includes(name);
export const isServiceName = (name: string): name is ServiceName => (SERVICE_NAMES as readonly string[]).includes(name);

export function manifestOf(name: DomainName): RegisteredDomain {
  const manifest = DOMAINS.find((domain) => domain.name === name);
  if (!manifest) throw new Error(`No domain ${name}`);
  return manifest;
}

/** The manifests among `names`, in registry order. */
export function manifestsOf(names: Iterable<string>): RegisteredDomain[] {
  const wanted = new Set(names);
  return DOMAINS.filter((domain) => wanted.has(domain.name));
}
