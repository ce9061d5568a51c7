import type { AnyRouter } from '@trpc/server';
import { DOMAIN_MODULES } from '../cli/domains.js';
import { DOMAIN_NAMES, type DomainName } from '../runtime/domain.js';

/**
 * The routers whose procedure meta drives the gateway's access rules (REST ownership, roles,
 * internal procedures it never routes), taken from each domain module's `describeRouter`. A
 * router built here is used for its metadata only: its procedures are never called, so the
 * service it closes over is never touched. A domain without a static router is covered by its
 * service's GET /_meta/surface at run time.
 */
export function domainRouters(): Partial<Record<DomainName, AnyRouter>> {
  const routers: Partial<Record<DomainName, AnyRouter>> = {};
  for (const name of DOMAIN_NAMES) {
    const described = DOMAIN_MODULES[name].describeRouter?.();
    if (described) routers[name] = described;
  }
  return routers;
}
