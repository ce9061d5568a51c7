import type { AnyRouter, AnyTRPCProcedure } from '@trpc/server';
import type { DomainName } from '../runtime/domain.js';
import { compileRouteTable, type RestRoute, type RouteTable } from '../runtime/rest.js';
import type { Access, ProcedureMeta } from '../runtime/trpc.js';

/**
 * What the gateway knows about the API surface, read from the routers' procedure meta: which
 * service owns a REST path, and what access (public / authenticated / admin) each REST route and
 * tRPC procedure demands. Built once at start.
 */
export interface AccessTable {
  /** Owner of a REST path (without /api/v1) by its first segment, e.g. `/products/x` → catalog. */
  restOwner(path: string): DomainName | undefined;
  /** The matched REST route (for access and metrics), or undefined when the path is unknown. */
  restRoute(domain: DomainName, method: string, path: string): RestRoute | undefined;
  /** Access demanded by a tRPC procedure of a domain; undefined when unknown. */
  trpcAccess(domain: DomainName, procedurePath: string): Access | undefined;
  domains: DomainName[];
}

export function buildAccessTable(routers: Partial<Record<DomainName, AnyRouter>>, extraOwners: Record<string, DomainName> = {}): AccessTable {
  const owners = new Map<string, DomainName>(Object.entries(extraOwners));
  const tables = new Map<DomainName, RouteTable>();
  const trpc = new Map<DomainName, Map<string, Access>>();
  for (const [domain, router] of Object.entries(routers) as Array<[DomainName, AnyRouter]>) {
    const table = compileRouteTable(router);
    tables.set(domain, table);
    for (const route of table.routes) {
      const segment = firstSegment(route.pattern);
      const existing = owners.get(segment);
      if (existing && existing !== domain) throw new Error(`REST path /${segment} is claimed by ${existing} and ${domain}`);
      owners.set(segment, domain);
    }
    const procedures = new Map<string, Access>();
    for (const [path, procedure] of Object.entries(router._def.procedures as Record<string, AnyTRPCProcedure>)) {
      procedures.set(path, (procedure._def.meta as ProcedureMeta | undefined)?.access ?? 'public');
    }
    trpc.set(domain, procedures);
  }
  return {
    domains: [...tables.keys()],
    restOwner: (path) => owners.get(firstSegment(path)),
    restRoute(domain, method, path) {
      const matched = tables.get(domain)?.match(method, path);
      return matched?.kind === 'found' ? matched.route : undefined;
    },
    trpcAccess: (domain, procedurePath) => trpc.get(domain)?.get(procedurePath),
  };
}

function firstSegment(path: string): string {
  const start = path.startsWith('/') ? 1 : 0;
  const end = path.indexOf('/', start);
  return end === -1 ? path.slice(start) : path.slice(start, end);
}

/** The strictest of several accesses (a batch is as protected as its most protected call). */
export function strictest(accesses: Array<Access | undefined>): Access {
  if (accesses.includes('admin')) return 'admin';
  if (accesses.includes('authenticated')) return 'authenticated';
  return 'public';
}
