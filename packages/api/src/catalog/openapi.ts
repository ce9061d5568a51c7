import { categoryAdminSchema, categoryNodeSchema, facetsSchema, importPreviewSchema, moneySchema, productListItemSchema, productPageSchema, productSchema, type ProductDto } from './schemas.js';
import { type DomainDocument, type OperationExamples } from '../runtime/docs.js';
import { authRequired } from '../openapi/example-values.js';

/**
 * catalog's published REST document (data/docs/product_service_api.yaml): its text, and examples keyed by
 * operationId where the schemas' own cannot say it (checked against the procedures by openapi/generate.ts).
 */
const product = productSchema.meta()?.example as ProductDto;
/** Grids (list, byIds) carry no description. */
const { description: _description, ...listItem } = product;

const productNotFound = { message: `Product '${product.id}' not found` };

const examples: Record<string, OperationExamples> = {
  catalogList: {
    parameters: { q: 'bluetooth headphnes', category: 'electronics', sort: 'relevance', limit: 20 },
    response: {
      items: [listItem],
      nextCursor: 'eyJzIjoicmVsZXZhbmNlIiwidiI6WzAuODEsIjNmMGMzZjhlIl19',
      facets: {
        total: 37,
        categories: [{ id: product.category.id, slug: 'headphones', name: 'Headphones', count: 37 }],
        brand: [{ value: 'Sonora', count: 9 }],
        colour: [{ value: 'Black', count: 12 }],
        size: [{ value: 'One Size', count: 37 }],
        material: [{ value: 'Aluminium', count: 10 }],
        price: [
          { min: 0, max: 5000, count: 8 },
          { min: 5000, max: 20000, count: 25 },
          { min: 20000, max: null, count: 4 },
        ],
      },
      correctedQuery: 'bluetooth headphones',
    },
    errors: {
      400: { message: 'limit: Too big: expected number to be <=100' },
      404: { description: 'Unknown category slug', message: "Category 'garden-furniture' not found" },
    },
  },
  catalogByIdOrSlug: {
    parameters: { idOrSlug: product.slug },
    errors: {
      400: { message: 'idOrSlug: Too big: expected string to have <=200 characters' },
      404: { message: `Product '${product.slug}' not found` },
    },
  },
  catalogCategories: {},
  catalogByIds: {
    parameters: { ids: [product.id, '7c9e6679-7425-40de-944b-e07fc1f90ae7'] },
    response: { items: [listItem] },
    errors: { 400: { message: 'ids.0: Invalid UUID' } },
  },
  catalogChangesSince: {
    parameters: { cursor: '734021.0', limit: 200 },
    response: {
      changes: [
        { id: product.id, slug: product.slug, previousSlug: null, kind: 'stock', updatedAt: '2026-02-01T12:00:00.000Z' },
        {
          id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
          slug: 'sonora-studio-headphones-black',
          previousSlug: 'sonora-studio-headphones',
          kind: 'updated',
          updatedAt: '2026-02-01T12:00:02.000Z',
        },
      ],
      cursor: '734188.0',
      hasMore: false,
    },
    errors: { 400: { message: 'cursor: not a cursor this endpoint returned' } },
  },
  catalogCreate: {
    // The product the schema's own request example creates (slug derived from the name, one generated image).
    response: {
      ...product,
      id: '9d2e7b14-6c3a-4f81-b0d5-2a7c9e1f4b36',
      sku: 'HPH-90001',
      slug: 'sonora-studio-headphones',
      name: 'Sonora Studio Headphones',
      description: 'Closed-back studio headphones.',
      price: { amount: 14999, currency: 'USD' },
      images: [{ url: '/images/products/sonora-studio-headphones.svg', alt: 'Sonora Studio Headphones' }],
      createdAt: '2026-02-01T08:00:00.000Z',
      updatedAt: '2026-02-01T08:00:00.000Z',
    },
    errors: {
      400: { message: 'price.amount: price.amount must be positive' },
      401: authRequired,
      409: { message: 'A product with this sku already exists', details: { field: 'sku' } },
    },
    // The router declares 404, but an unknown category is a 400 (`category: Unknown category …`).
    omitErrors: [404],
  },
  catalogUpdate: {
    parameters: { id: product.id },
    request: { price: { amount: 11999, currency: 'USD' } },
    response: { ...product, price: { amount: 11999, currency: 'USD' }, updatedAt: '2026-02-01T08:00:00.000Z' },
    errors: {
      400: { message: 'price.amount: price.amount must be positive' },
      401: authRequired,
      404: productNotFound,
      409: { message: 'A product with this slug already exists', details: { field: 'slug' } },
    },
  },
  catalogSearch: {
    parameters: { q: 'sonora', status: 'active', category: 'electronics', inStock: true, minPrice: 5000, maxPrice: 20000, sort: 'price_asc', page: 1, pageSize: 20 },
    response: { items: [{ ...listItem, stockQuantity: 42 }], total: 1, page: 1, pageSize: 20 },
    errors: { 400: { message: 'minPrice: 20000 is more than maxPrice (5000)' }, 401: authRequired },
  },
  catalogRestore: {
    parameters: { id: product.id },
    response: { ...product, status: 'draft', updatedAt: '2026-02-01T08:00:00.000Z' },
    errors: {
      400: { message: 'id: Invalid UUID' },
      401: authRequired,
      404: productNotFound,
      409: { message: 'Only an archived product can be restored; this one is active', details: { status: 'active' } },
    },
  },
  catalogBulkPreview: {
    errors: { 400: { message: 'action.percent: Too big: expected number to be <=1000' }, 401: authRequired },
  },
  catalogBulkApply: {
    response: { changed: 1, unchanged: 0 },
    errors: {
      400: { message: 'The change is refused for 1 product(s), so nothing was changed: PEN-00001: The new price would be $0.00: a price must be at least $0.01', details: { refused: 1 } },
      401: authRequired,
      409: { message: '1 of the selected products changed since the preview; preview the change again', details: { stale: [product.id] } },
    },
  },
  catalogArchive: {
    parameters: { id: product.id },
    errors: {
      400: { message: 'id: Invalid UUID' },
      401: authRequired,
      404: productNotFound,
    },
  },
  ...staffExamples(),
};

/** The staff maintenance routes: the category tree, the product CSV import and export. */
function staffExamples(): Record<string, OperationExamples> {
  const headphones = { id: product.category.id, slug: 'headphones', name: 'Headphones', parentId: '5b1f7a52-8e0c-4f0a-9d3b-7c2e1a4f6b80', position: 0, products: 82, archivedProducts: 3, children: 0 };
  const electronics = { id: '5b1f7a52-8e0c-4f0a-9d3b-7c2e1a4f6b80', slug: 'electronics', name: 'Electronics', parentId: null, position: 0, products: 0, archivedProducts: 0, children: 5 };
  const planters = { id: '2c7e9a41-3b5d-4f6e-8a1c-9d0b2e4f6a81', slug: 'planters', name: 'Planters', parentId: electronics.id, position: 5, products: 0, archivedProducts: 0, children: 0 };
  const categoryNotFound = { message: `Category '${planters.id}' not found` };
  const csv = 'sku,name,price,category\nHPH-90001,Sonora Studio Headphones,149.99,headphones\nHPH-90002,Sonora Travel Headphones,eighty,headphones\n';
  return {
    catalogStaffCategories: { response: { categories: [electronics, headphones] }, errors: { 401: authRequired } },
    catalogCreateCategory: {
      request: { name: 'Planters', parentId: electronics.id },
      response: planters,
      errors: {
        400: { message: 'parentId: "Headphones" is a sub-category; categories go at most two levels deep', details: { field: 'parentId' } },
        401: authRequired,
        409: { message: 'A category with this slug already exists', details: { field: 'slug' } },
      },
    },
    catalogUpdateCategory: {
      parameters: { id: planters.id },
      request: { name: 'Pots & Planters', slug: 'pots-planters' },
      response: { ...planters, name: 'Pots & Planters', slug: 'pots-planters' },
      errors: { 400: { message: 'id: Invalid UUID' }, 401: authRequired, 404: categoryNotFound, 409: { message: 'A category with this slug already exists', details: { field: 'slug' } } },
    },
    catalogMoveCategory: {
      parameters: { id: planters.id },
      request: { parentId: null },
      response: { ...planters, parentId: null, position: 4 },
      errors: { 400: { message: 'parentId: A category cannot be its own parent', details: { field: 'parentId' } }, 401: authRequired, 404: categoryNotFound },
    },
    catalogReorderCategory: {
      parameters: { id: planters.id },
      request: { position: 0 },
      response: { ...planters, position: 0 },
      errors: { 400: { message: 'position: Too small: expected number to be >=0' }, 401: authRequired, 404: categoryNotFound },
    },
    catalogDeleteCategory: {
      parameters: { id: headphones.id },
      errors: {
        400: { message: 'id: Invalid UUID' },
        401: authRequired,
        404: categoryNotFound,
        409: {
          message: '"Headphones" still has 85 products (3 of them archived: archived products keep their category). Move its 85 products to another category first.',
          details: { products: 85, archivedProducts: 3 },
        },
      },
    },
    catalogImportPreview: {
      request: { csv },
      response: {
        total: 2,
        counts: { create: 1, update: 0, unchanged: 0, invalid: 1 },
        errors: [{ line: 3, field: 'price', message: '"eighty" is not a price: write it like 149.99 (no currency sign)' }],
        rows: [{ line: 2, sku: 'HPH-90001', name: 'Sonora Studio Headphones', action: 'create', changed: [] }],
      },
      // A file over 900 KB answers 413 (PAYLOAD_TOO_LARGE), as any body over the services' 1 MiB limit does.
      errors: { 400: { message: 'csv: Invalid input: expected string, received undefined' }, 401: authRequired },
    },
    catalogImportApply: {
      request: { csv: 'sku,name,price,category\nHPH-90001,Sonora Studio Headphones,149.99,headphones\n', importId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b' },
      response: { created: 1, updated: 0, unchanged: 0 },
      errors: {
        400: {
          message: 'One problem in the file, nothing was imported; line 3, price: "eighty" is not a price: write it like 149.99 (no currency sign)',
          details: { errors: [{ line: 3, field: 'price', message: '"eighty" is not a price: write it like 149.99 (no currency sign)' }] },
        },
        401: authRequired,
      },
    },
    catalogImportProgress: {
      parameters: { importId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b' },
      response: { state: 'writing', processed: 1500, total: 4200 },
      errors: { 400: { message: 'importId: Invalid UUID' }, 401: authRequired },
    },
    catalogExportPage: {
      parameters: { limit: 2, category: 'headphones' },
      response: {
        header: 'sku,name,description,price,currency,category,brand,status,attributes\r\n',
        csv: 'HPH-00001,Sonora Wireless Bluetooth Headphones,"Meet the Sonora Wireless Bluetooth Headphones, made for long flights.",129.99,USD,headphones,Sonora,active,colour=Black; material=Aluminium; size=One Size\r\n',
        rows: 1,
        next: null,
      },
      errors: { 400: { message: 'limit: Too big: expected number to be <=1000' }, 401: authRequired, 404: { message: "Category 'garden' not found" } },
    },
  };
}

// ------------------------------------------------------------------------------------------
// Commerce: inventory, cart, orders, payments.

export const document: DomainDocument = {
  file: 'product_service_api.yaml',
  title: 'OmniCart product service API',
  description: [
    'The OmniCart catalog (the catalog service), as served by the gateway under `/api/v1`.',
    '',
    'Browse, filter, sort and search active products (full text with typo tolerance, facet counts,',
    'stable keyset cursors), read one product by id or slug, and read the category tree. Creating,',
    'updating and archiving products requires an admin access token from `POST /users/login`.',
    'Money is `{ "amount": <integer cents>, "currency": "USD" }`. Every error answers',
    '`{ "error": { "code", "message" } }`.',
    '',
    'Generated from the tRPC router (packages/api/src/catalog) by `npm run openapi`; do not edit by hand.',
  ].join('\n'),
  operationIdPrefix: 'catalog',
  // The catalog's schemas carry no `.meta({ id })`; naming them here keeps one copy each.
  components: {
    Product: productSchema,
    ProductListItem: productListItemSchema,
    ProductPage: productPageSchema,
    Facets: facetsSchema,
    Money: moneySchema,
    CategoryNode: categoryNodeSchema,
    CategoryAdmin: categoryAdminSchema,
    ImportPreview: importPreviewSchema,
  },
  tags: {
    products: 'Product listing, keyword search, detail and admin maintenance.',
    categories: 'The two-level category tree with active product counts, and its maintenance by staff.',
  },
  examples,
};
