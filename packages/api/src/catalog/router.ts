import { z } from 'zod';
import { parseOncePerObject } from '../runtime/output.js';
import { staffProcedure, internalProcedure, publicProcedure, router } from '../runtime/trpc.js';
import {
  bulkApplyInput,
  bulkApplySchema,
  bulkPreviewInput,
  bulkPreviewSchema,
  categoryTreeSchema,
  productSearchPageSchema,
  searchProductsInput,
  changesSinceInput,
  createProductInput,
  listProductsInput,
  productChangesSchema,
  productIdInput,
  productListSchema,
  productPageSchema,
  productRefInput,
  productSchema,
  productSummariesSchema,
  productsByIdsInput,
  productsByIdsPublicInput,
  productsBySkusInput,
  productFactsPageInput,
  productFactsPageSchema,
  updateProductInput,
} from './schemas.js';
import type { CatalogService } from './service.js';
import {
  categoryAdminListSchema,
  categoryAdminSchema,
  categoryIdInput,
  createCategoryInput,
  exportPageInput,
  exportPageSchema,
  importCsvInput,
  importPreviewSchema,
  importProgressInput,
  importProgressSchema,
  importResultSchema,
  moveCategoryInput,
  reorderCategoryInput,
  updateCategoryInput,
} from './schemas.js';

const ERRORS_PUBLIC = [400, 404];
const ERRORS_ADMIN = [400, 401, 403, 404, 409];
/**
 * Anonymous public reads may be kept by shared caches (the gateway's micro-cache) for 2 s: the same
 * staleness the service's own read cache (cacheTtlMs, 2 s) already allows across replicas.
 */
const PUBLIC_READ_CACHE = { maxAgeSeconds: 2 };

/** Thin tRPC router: validate, call the service. REST paths are relative to /api/v1. */
export function createCatalogRouter(service: CatalogService) {
  return router({
    list: publicProcedure
      .meta({
        cache: PUBLIC_READ_CACHE,
        openapi: {
          method: 'GET',
          path: '/products',
          tags: ['products'],
          summary: 'List and search products',
          description:
            'Active products only. Filters combine with AND (several values of one attribute with OR); `category` includes its sub-categories. ' +
            'Keyword search ranks name matches above brand and description matches and tolerates typos. Pages are keyset cursors: stable under inserts.',
          errorResponses: ERRORS_PUBLIC,
        },
      })
      .input(listProductsInput)
      // The service answers cache hits with the cached object itself: parsed once, not per hit.
      .output(parseOncePerObject(productPageSchema))
      .query(({ input, ctx }) => service.list(input, ctx.user)),

    byIds: publicProcedure
      .meta({
        cache: PUBLIC_READ_CACHE,
        openapi: {
          method: 'GET',
          path: '/products/by-ids',
          tags: ['products'],
          summary: 'Active products by id, in the order asked',
          description:
            'Up to 50 ids (repeat the parameter: `?ids=<uuid>&ids=<uuid>`). The answer keeps the order of the ids (a repeated id once); unknown, ' +
            'draft and archived products are absent. Same product shape as the list (no `stockQuantity` except for admins).',
          errorResponses: [400],
        },
      })
      .input(productsByIdsPublicInput)
      .output(parseOncePerObject(productListSchema))
      .query(({ input, ctx }) => service.byIds(input.ids, ctx.user)),

    changesSince: publicProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/products/changes',
          tags: ['products'],
          summary: 'Products changed since a cursor (cache revalidation feed)',
          description:
            'Products created, updated (with `previousSlug` when the slug changed), archived, or gone in/out of stock after `cursor`, oldest first, ' +
            'at most `limit` (1-500, default 200). Without `cursor`: no changes, just the cursor to start from. Pass the answer’s `cursor` next time: ' +
            'nothing is skipped (positions follow the writing transactions, not the clock) and nothing before it comes again; `hasMore` asks to call again now.',
          errorResponses: [400],
        },
      })
      .input(changesSinceInput)
      .output(productChangesSchema)
      .query(({ input }) => service.changesSince(input)),

    search: staffProcedure('products:read')
      .meta({
        openapi: {
          method: 'GET',
          path: '/products/search',
          tags: ['products'],
          summary: 'Search, filter, sort and page every product (staff)',
          description:
            'The admin product table, paged by number, products in every status (`status` picks one). `q`: part of the name, SKU or brand, ' +
            'case-insensitive. `category`: an id or slug, with its sub-categories. `inStock`: from the availability read model. `minPrice`/`maxPrice` ' +
            'in cents (inclusive). `sort`: `updated_desc` (default), `updated_asc`, `created_desc`, `created_asc`, `name_asc`, `name_desc`, ' +
            '`price_asc`, `price_desc` (ties by id). `page` from 1, `pageSize` 10, 20 (default), 50 or 100; `total` counts every match. ' +
            'Bad values, an unknown category or `minPrice` above `maxPrice` are 400.',
          protect: true,
          errorResponses: [400, 401, 403],
        },
      })
      .input(searchProductsInput)
      .output(productSearchPageSchema)
      .query(({ input, ctx }) => service.search(ctx.user, input)),

    byIdOrSlug: publicProcedure
      .meta({
        cache: PUBLIC_READ_CACHE,
        openapi: {
          method: 'GET',
          path: '/products/{idOrSlug}',
          tags: ['products'],
          summary: 'Product detail by id or slug',
          description: 'Archived products are returned with status "archived"; drafts are visible to admins only.',
          errorResponses: [404],
        },
      })
      .input(productRefInput)
      .output(parseOncePerObject(productSchema))
      .query(({ input, ctx }) => service.get(input.idOrSlug, ctx.user)),

    categories: publicProcedure
      .meta({
        cache: PUBLIC_READ_CACHE,
        openapi: {
          method: 'GET',
          path: '/categories',
          tags: ['categories'],
          summary: 'Category tree with active product counts',
        },
      })
      .input(z.void())
      .output(categoryTreeSchema)
      .query(() => service.categories()),

    create: staffProcedure('products:write')
      .meta({
        successStatus: 201,
        openapi: {
          method: 'POST',
          path: '/products',
          tags: ['products'],
          summary: 'Create a product (admin)',
          protect: true,
          successDescription: 'Created',
          errorResponses: ERRORS_ADMIN,
        },
      })
      .input(createProductInput)
      .output(productSchema)
      .mutation(({ input, ctx }) => service.create(ctx.user, input)),

    update: staffProcedure('products:write')
      .meta({
        openapi: {
          method: 'PUT',
          path: '/products/{id}',
          tags: ['products'],
          summary: 'Update a product (admin, partial)',
          protect: true,
          errorResponses: ERRORS_ADMIN,
        },
      })
      .input(updateProductInput)
      .output(productSchema)
      .mutation(({ input, ctx }) => service.update(ctx.user, input)),

    archive: staffProcedure('products:write')
      .meta({
        successStatus: 204,
        openapi: {
          method: 'DELETE',
          path: '/products/{id}',
          tags: ['products'],
          summary: 'Archive a product (admin)',
          description: 'No longer listed or searchable; detail answers with status "archived".',
          protect: true,
          successDescription: 'Archived',
          errorResponses: [400, 401, 403, 404],
        },
      })
      .input(productIdInput)
      .output(z.void())
      .mutation(({ input, ctx }) => service.archive(ctx.user, input.id)),

    restore: staffProcedure('products:write')
      .meta({
        openapi: {
          method: 'POST',
          path: '/products/{id}/restore',
          tags: ['products'],
          summary: 'Restore an archived product as a draft (staff)',
          description: 'An archived product comes back as a draft (not on sale until published again). A product that is not archived is 409.',
          protect: true,
          errorResponses: ERRORS_ADMIN,
        },
      })
      .input(productIdInput)
      .output(productSchema)
      .mutation(({ input, ctx }) => service.restore(ctx.user, input.id)),

    bulkPreview: staffProcedure('products:write')
      .meta({
        openapi: {
          method: 'POST',
          path: '/products/bulk/preview',
          tags: ['products'],
          summary: 'Preview a bulk change of selected products (staff)',
          description:
            'Writes nothing. For up to 500 products, what `action` would do: `set_status`, `move_category` (id or slug) or `change_price` by a ' +
            'percentage (-99.99 to 1000, two decimals; each price × (1 + percent/100) rounded half up to the cent). Per product: before → after, ' +
            '`outcome` (`change`, `unchanged`, `refused`) and the reason of a refusal (a new price below $0.01 or above $1,000,000.00), and ' +
            '`updatedAt`, the version to send to apply. Unknown ids are listed in `missing`.',
          protect: true,
          errorResponses: [400, 401, 403],
        },
      })
      .input(bulkPreviewInput)
      .output(bulkPreviewSchema)
      .mutation(({ input, ctx }) => service.bulkPreview(ctx.user, input)),

    bulkApply: staffProcedure('products:write')
      .meta({
        openapi: {
          method: 'POST',
          path: '/products/bulk/apply',
          tags: ['products'],
          summary: 'Apply a previewed bulk change, all or nothing (staff)',
          description:
            'Send the action and each previewed product with its preview `updatedAt`. In one transaction: 409 when a product is gone or changed ' +
            'since the preview (preview again), 400 when the change is refused for any product; otherwise every product changes, each with its ' +
            'events and audit entry. Nothing is written on a refusal.',
          protect: true,
          errorResponses: [400, 401, 403, 409],
        },
      })
      .input(bulkApplyInput)
      .output(bulkApplySchema)
      .mutation(({ input, ctx }) => service.bulkApply(ctx.user, input)),

    /** Internal: current prices and availability for cart and orders (never cached). */
    productsByIds: internalProcedure
      .input(productsByIdsInput)
      .output(productSummariesSchema)
      .query(({ input }) => service.productsByIds(input.ids)),

    /** Internal: the same by SKU (inventory checks a SKU exists before stocking it). */
    productsBySkus: internalProcedure
      .input(productsBySkusInput)
      .output(productSummariesSchema)
      .query(({ input }) => service.productsBySkus(input.skus)),

    /** Internal: every product's facts a page at a time (recommendations' full sync and cold start). */
    productFactsPage: internalProcedure
      .input(productFactsPageInput)
      .output(productFactsPageSchema)
      .query(({ input }) => service.productFactsPage(input)),

    // --- Staff: the category tree (categories.ts).

    /** Every category with its product and sub-category counts, in tree order. */
    staffCategories: staffProcedure('products:read')
      .meta({ openapi: { method: 'GET', path: '/categories/staff', tags: ['categories'], summary: 'Every category with product and sub-category counts (staff)', protect: true, errorResponses: [401, 403] } })
      .input(z.void())
      .output(categoryAdminListSchema)
      .query(({ ctx }) => service.staffCategories(ctx.user)),

    createCategory: staffProcedure('categories:write')
      .meta({
        successStatus: 201,
        openapi: {
          method: 'POST',
          path: '/categories',
          tags: ['categories'],
          summary: 'Create a category (staff)',
          description: 'Top-level, or under a top-level category (at most two levels). Last among its siblings.',
          protect: true,
          successDescription: 'Created',
          errorResponses: [400, 401, 403, 409],
        },
      })
      .input(createCategoryInput)
      .output(categoryAdminSchema)
      .mutation(({ input, ctx }) => service.createCategory(ctx.user, input)),

    /** Rename: name and/or slug. */
    updateCategory: staffProcedure('categories:write')
      .meta({ openapi: { method: 'PATCH', path: '/categories/{id}', tags: ['categories'], summary: 'Rename a category: name and/or slug (staff)', protect: true, errorResponses: ERRORS_ADMIN } })
      .input(updateCategoryInput)
      .output(categoryAdminSchema)
      .mutation(({ input, ctx }) => service.updateCategory(ctx.user, input)),

    moveCategory: staffProcedure('categories:write')
      .meta({
        openapi: {
          method: 'POST',
          path: '/categories/{id}/move',
          tags: ['categories'],
          summary: 'Move a category under another top-level category, or to the top level (staff)',
          description: 'A category with sub-categories stays top-level; the parent must be top-level (two levels at most).',
          protect: true,
          errorResponses: [400, 401, 403, 404],
        },
      })
      .input(moveCategoryInput)
      .output(categoryAdminSchema)
      .mutation(({ input, ctx }) => service.moveCategory(ctx.user, input)),

    reorderCategory: staffProcedure('categories:write')
      .meta({ openapi: { method: 'POST', path: '/categories/{id}/reorder', tags: ['categories'], summary: 'Put a category at a position among its siblings (staff)', protect: true, errorResponses: [400, 401, 403, 404] } })
      .input(reorderCategoryInput)
      .output(categoryAdminSchema)
      .mutation(({ input, ctx }) => service.reorderCategory(ctx.user, input)),

    /** 409 while it holds products or sub-categories. */
    deleteCategory: staffProcedure('categories:write')
      .meta({
        successStatus: 204,
        openapi: {
          method: 'DELETE',
          path: '/categories/{id}',
          tags: ['categories'],
          summary: 'Delete an empty category (staff)',
          description: 'Refused (409) while it still has products (archived ones included) or sub-categories; the message says what to move first.',
          protect: true,
          successDescription: 'Deleted',
          errorResponses: [400, 401, 403, 404, 409],
        },
      })
      .input(categoryIdInput)
      .output(z.void())
      .mutation(({ input, ctx }) => service.deleteCategory(ctx.user, input.id)),

    // --- Staff: product CSV import and export (product-import.ts, format in product-csv.ts).

    /** Validates every row and says what applying would do; writes nothing. */
    importPreview: staffProcedure('products:write')
      .meta({
        openapi: {
          method: 'POST',
          path: '/products/import/preview',
          tags: ['products'],
          summary: 'Check a product CSV and say what importing it would do (staff)',
          description: 'Every row validated against the catalog; per-row errors with line numbers (the header is line 1). Writes nothing. At most 900 KB (413 beyond) and 10,000 rows.',
          protect: true,
          errorResponses: [400, 401, 403],
        },
      })
      .input(importCsvInput)
      .output(importPreviewSchema)
      .mutation(({ input, ctx }) => service.importPreview(ctx.user, input)),

    /** Applies the whole file in one transaction, or nothing (400 with every row error). */
    importApply: staffProcedure('products:write')
      .meta({
        openapi: {
          method: 'POST',
          path: '/products/import',
          tags: ['products'],
          summary: 'Import a product CSV, all or nothing (staff)',
          description:
            'Upserts by SKU in one transaction: new SKUs are created, known ones get only the fields that differ, identical rows are untouched (a second import of the same file changes nothing). ' +
            'Any error: 400 with every row error in `details.errors`, nothing written.',
          protect: true,
          errorResponses: [400, 401, 403, 409],
        },
      })
      .input(importCsvInput)
      .output(importResultSchema)
      .mutation(({ input, ctx }) => service.importApply(ctx.user, input)),

    importProgress: staffProcedure('products:write')
      .meta({ openapi: { method: 'GET', path: '/products/import/progress', tags: ['products'], summary: 'Progress of a running import on the replica asked (staff)', protect: true, errorResponses: [400, 401, 403] } })
      .input(importProgressInput)
      .output(importProgressSchema)
      .query(({ input, ctx }) => service.importProgress(ctx.user, input.importId)),

    /** One page of the CSV export (SKU order). */
    exportPage: staffProcedure('products:read')
      .meta({
        openapi: {
          method: 'GET',
          path: '/products/export',
          tags: ['products'],
          summary: 'One page of the product CSV export, in the import format (staff)',
          description: 'Any status, SKU order; pass `next` as `after` for the next page. Header plus the pages is a file the import reads back unchanged.',
          protect: true,
          errorResponses: [400, 401, 403, 404],
        },
      })
      .input(exportPageInput)
      .output(exportPageSchema)
      .query(({ input, ctx }) => service.exportPage(ctx.user, input)),
  });
}

export type CatalogRouter = ReturnType<typeof createCatalogRouter>;
