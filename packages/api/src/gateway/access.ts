import type { AnyRouter } from '@trpc/server';
import { compilePatternTable, type PatternMatch } from '../runtime/rest.js';
import { describeSurface, type DomainSurface } from '../runtime/surface.js';
import type { Permission } from '@omnicart/contracts';
import { isStaffAccess, type Access } from '../runtime/trpc.js';

/**
 * What the gateway knows about the API surface: which service owns a REST path, and what access
 * (public / authenticated / admin) each REST route and tRPC procedure demands. Read from the
 * routers' procedure meta — statically when the gateway was given the routers, otherwise from
 * the service's own GET /_meta/surface on first use.
 */

/** REST ownership known before any surface is loaded: first path segment under /api/v1 → domain. */
export type RestOwners = Readonly<Record<string, string>>;

interface RestEntry {
  method: string;
  pattern: string;
  access: Access;
  label: string;
}

export interface CompiledSurface {
  rest(method: string, path: string): RestEntry | undefined;
  trpc(procedurePath: string): Access | undefined;
}

export interface AccessTable {
  /** Owner of a REST path (without /api/v1) by its first segment, e.g. `/products/x` → catalog. */
  restOwner(path: string): string | undefined;
  /** The domain's compiled surface, loading it on first use; undefined if it cannot be loaded. */
  surface(domain: string): CompiledSurface | Promise<CompiledSurface | undefined> | undefined;
  /** True while some domain's surface is still unknown (its REST paths may be unowned yet). */
  readonly incomplete: boolean;
  /** Tries to load every missing surface (e.g. before answering 404 for an unowned path). */
  loadMissing(): Promise<void>;
}

export type SurfaceLoader = (domain: string) => Promise<DomainSurface>;

export function buildAccessTable(options: {
  /** From the domains' manifests (`rest`): the gateway routes these before any surface is known. */
  owners?: RestOwners;
  routers?: Partial<Record<string, AnyRouter>>;
  surfaces?: Partial<Record<string, DomainSurface>>;
  /** Loads a surface that was not given statically (from the upstream's /_meta/surface). */
  load?: SurfaceLoader;
  /** Every domain the gateway routes to. */
  domains?: string[];
}): AccessTable {
  const owners = new Map<string, string>(Object.entries(options.owners ?? {}));
  const compiled = new Map<string, CompiledSurface>();
  const loading = new Map<string, Promise<CompiledSurface | undefined>>();

  const install = (domain: string, surface: DomainSurface): CompiledSurface => {
    const entries: RestEntry[] = surface.rest.map((r) => ({ ...r, label: `${r.method.toUpperCase()} ${r.pattern}` }));
    for (const entry of entries) owners.set(firstSegment(entry.pattern), domain);
    const table = compilePatternTable(entries);
    const trpc = new Map(Object.entries(surface.trpc));
    const result: CompiledSurface = {
      rest(method, path) {
        const matched: PatternMatch<RestEntry> = table.match(method, path);
        return matched.kind === 'found' ? matched.route : undefined;
      },
      trpc: (procedurePath) => trpc.get(procedurePath),
    };
    compiled.set(domain, result);
    return result;
  };

  for (const [domain, router] of Object.entries(options.routers ?? {}) as Array<[string, AnyRouter]>) {
    install(domain, describeSurface(router));
  }
  for (const [domain, surface] of Object.entries(options.surfaces ?? {}) as Array<[string, DomainSurface]>) {
    install(domain, surface);
  }

  const table: AccessTable = {
    restOwner: (path) => owners.get(firstSegment(path)),
    get incomplete() {
      return Boolean(options.load) && (options.domains ?? []).some((domain) => !compiled.has(domain));
    },
    async loadMissing() {
      await Promise.all((options.domains ?? []).filter((d) => !compiled.has(d)).map((d) => table.surface(d)));
    },
    surface(domain) {
      const ready = compiled.get(domain);
      if (ready || !options.load) return ready;
      let pending = loading.get(domain);
      if (!pending) {
        pending = options.load(domain).then(
          (surface) => install(domain, surface),
          () => undefined,
        );
        pending.finally(() => loading.delete(domain)).catch(() => undefined);
        loading.set(domain, pending);
      }
      return pending;
    },
  };
  return table;
}

function firstSegment(path: string): string {
  const start = path.startsWith('/') ? 1 : 0;
  const end = path.indexOf('/', start);
  return end === -1 ? path.slice(start) : path.slice(start, end);
}

/**
 * What a request (one call or a batch) demands: `internal` if any call is internal; otherwise a
 * signed-in caller if any call is not public, holding every permission any call names (a batch is
 * as protected as all its calls together).
 */
export type Requirement = { internal: true } | { internal: false; authenticated: boolean; permissions: Permission[] };

export function requirementOf(accesses: Array<Access | undefined>): Requirement {
  if (accesses.includes('internal')) return { internal: true };
  const permissions = [...new Set(accesses.filter((a): a is Access => a !== undefined).filter(isStaffAccess))];
  return { internal: false, authenticated: permissions.length > 0 || accesses.includes('authenticated'), permissions };
}
