import type { CatalogRouter } from '../catalog/index.js';
import type { DomainDeps } from '../runtime/domain.js';
import { callService, withDeadline } from '../runtime/service-client.js';
import type { CategoryRow, ProductFactsRow } from './repository.js';

/**
 * What recommendations asks the catalog: every product's facts a page at a time and the category
 * tree, for the full rebuild and the cold start (events keep them current in between).
 */
export interface CatalogFeed {
  factsPage(after: string | null, limit: number): Promise<{ items: ProductFactsRow[]; next: string | null }>;
  categories(): Promise<CategoryRow[]>;
}

const CALL_TIMEOUT_MS = 10_000;

export function createCatalogFeed(deps: Pick<DomainDeps, 'client'>): CatalogFeed {
  const catalog = deps.client<CatalogRouter>('catalog');
  const call = withDeadline(CALL_TIMEOUT_MS);
  return {
    async factsPage(after, limit) {
      const page = await callService('catalog', () => catalog.productFactsPage.query({ after, limit }, call));
      return { items: page.items, next: page.next };
    },
    async categories() {
      const tree = await callService('catalog', () => catalog.categories.query(undefined, call));
      return tree.flatMap((node) => [
        { id: node.id, slug: node.slug, name: node.name, parentId: null },
        ...node.children.map((child) => ({ id: child.id, slug: child.slug, name: child.name, parentId: node.id })),
      ]);
    },
  };
}
