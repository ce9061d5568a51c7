import type { AnyRouter, AnyTRPCProcedure } from '@trpc/server';
import type { Access, ProcedureMeta } from './trpc.js';

/**
 * A domain's API surface as the gateway needs it: every REST route and tRPC procedure with the
 * access it demands. Read from the routers' procedure meta; each service also serves its own at
 * GET /_meta/surface so a gateway without a static router for a domain can still enforce roles.
 */
export interface DomainSurface {
  rest: Array<{ method: string; pattern: string; access: Access }>;
  trpc: Record<string, Access>;
}

export const SURFACE_PATH = '/_meta/surface';

export function describeSurface(router: AnyRouter): DomainSurface {
  const rest: DomainSurface['rest'] = [];
  const trpc: DomainSurface['trpc'] = {};
  for (const [path, procedure] of Object.entries(router._def.procedures as Record<string, AnyTRPCProcedure>)) {
    const meta = procedure._def.meta as ProcedureMeta | undefined;
    const access = meta?.access ?? 'public';
    trpc[path] = access;
    if (meta?.openapi) rest.push({ method: meta.openapi.method.toUpperCase(), pattern: meta.openapi.path, access });
  }
  return { rest, trpc };
}

export function isDomainSurface(value: unknown): value is DomainSurface {
  const candidate = value as Partial<DomainSurface> | null;
  return typeof candidate === 'object' && candidate !== null && Array.isArray(candidate.rest) && typeof candidate.trpc === 'object';
}
