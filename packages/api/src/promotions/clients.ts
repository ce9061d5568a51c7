import type { CatalogRouter } from '../catalog/index.js';
import type { DomainDeps } from '../runtime/domain.js';
import { callService, withDeadline } from '../runtime/service-client.js';

/**
 * What promotions asks the catalog: the category tree, so a promotion on a category covers its
 * subcategories (cached for PROMOTIONS_CATEGORY_CACHE_MS; a category moved in the catalog counts
 * after that at the latest).
 */
export interface CategoryTree {
  /** Category id → its parent's id (roots: null). */
  parents(): Promise<ReadonlyMap<string, string | null>>;
}

const CALL_TIMEOUT_MS = 3_000;

export function createCategoryTree(deps: Pick<DomainDeps, 'client'>, cacheMs: number): CategoryTree {
  const catalog = deps.client<CatalogRouter>('catalog');
  const call = withDeadline(CALL_TIMEOUT_MS);
  let cached: { at: number; parents: Promise<Map<string, string | null>> } | null = null;
  async function load(): Promise<Map<string, string | null>> {
    const tree = await callService('catalog', () => catalog.categories.query(undefined, call));
    const parents = new Map<string, string | null>();
    for (const node of tree) {
      parents.set(node.id, null);
      for (const child of node.children) parents.set(child.id, node.id);
    }
    return parents;
  }
  return {
    parents() {
      if (!cached || Date.now() - cached.at > cacheMs) {
        const parents = load();
        cached = { at: Date.now(), parents };
        // A failed load is not kept: the next call asks again.
        parents.catch(() => {
          if (cached?.parents === parents) cached = null;
        });
      }
      return cached.parents;
    },
  };
}
