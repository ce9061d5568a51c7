import type { CatalogRouter } from '../catalog/index.js';
import type { DomainDeps } from '../runtime/domain.js';
import { callService, withDeadline } from '../runtime/service-client.js';

/**
 * What analytics asks the catalog, as a small port: products it has not heard of (an order line or
 * a report row of a product older than analytics' subscription), and categories' names. Everything
 * else reaches analytics as events (catalog.product_created/updated/archived).
 */
export interface CatalogLookup {
  /** Name and category of products by id (unknown ids are absent); draft/archived ones without a category. */
  products(ids: string[]): Promise<Array<{ id: string; name: string; categoryId: string | null; categoryName: string | null }>>;
  /** A category's name (the public tree, cached), null when unknown. */
  categoryName(categoryId: string): Promise<string | null>;
}

const CALL_TIMEOUT_MS = 2_000;
const CATEGORY_CACHE_MS = 10 * 60_000;

export function createCatalogLookup(deps: Pick<DomainDeps, 'client'>): CatalogLookup {
  const catalog = deps.client<CatalogRouter>('catalog');
  const call = withDeadline(CALL_TIMEOUT_MS);
  let categories: { at: number; names: Map<string, string> } | null = null;
  async function categoryNames(): Promise<Map<string, string>> {
    if (categories && Date.now() - categories.at < CATEGORY_CACHE_MS) return categories.names;
    const tree = await callService('catalog', () => catalog.categories.query(undefined, call));
    const names = new Map<string, string>();
    for (const node of tree) {
      names.set(node.id, node.name);
      for (const child of node.children) names.set(child.id, child.name);
    }
    categories = { at: Date.now(), names };
    return names;
  }
  return {
    async products(ids) {
      const found = new Map<string, { id: string; name: string; categoryId: string | null; categoryName: string | null }>();
      const unique = [...new Set(ids)];
      // Active products with their category (the public by-ids read), 50 at a time.
      for (let start = 0; start < unique.length; start += 50) {
        const page = await callService('catalog', () => catalog.byIds.query({ ids: unique.slice(start, start + 50) }, call));
        for (const product of page.items) found.set(product.id, { id: product.id, name: product.name, categoryId: product.category.id, categoryName: product.category.name });
      }
      // The rest (draft, archived): names from the internal summaries, no category.
      const rest = unique.filter((id) => !found.has(id));
      for (let start = 0; start < rest.length; start += 200) {
        const page = await callService('catalog', () => catalog.productsByIds.query({ ids: rest.slice(start, start + 200) }, call));
        for (const product of page.products) found.set(product.id, { id: product.id, name: product.name, categoryId: null, categoryName: null });
      }
      return [...found.values()];
    },
    async categoryName(categoryId) {
      return (await categoryNames()).get(categoryId) ?? null;
    },
  };
}
