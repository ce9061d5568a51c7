import { z } from 'zod';
import {
  MAX_PRODUCT_PRICE,
  moneySchema,
  numberedPageSchema,
  pageNumberSchema,
  pageSizeSchema,
  productAttributesInputSchema,
  productPriceAmountSchema,
  productSkuSchema,
  PRODUCT_STATUSES,
  text,
} from '@omnicart/contracts';
import { imageUrlProblem } from './image-url.js';

/** zod schemas of the catalog API: input validation, output shapes and the OpenAPI source. */

export const PRODUCT_SORTS = ['relevance', 'price_asc', 'price_desc', 'newest', 'name'] as const;
export const productSortSchema = z.enum(PRODUCT_SORTS);
export type ProductSort = z.infer<typeof productSortSchema>;

export const productStatusSchema = z.enum(PRODUCT_STATUSES);
export type ProductStatus = z.infer<typeof productStatusSchema>;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** The highest price a product may have: $1,000,000.00 in cents (@omnicart/contracts, shared with the admin's form). */
export const MAX_PRICE = MAX_PRODUCT_PRICE;

export { moneySchema };

export const productImageSchema = z.object({ url: z.string(), alt: z.string() });

export const productAttributesSchema = z
  .record(z.string(), z.string())
  .meta({ description: 'Free-form attributes such as colour, size and material', example: { colour: 'Black', size: 'One Size', material: 'Aluminium' } });

export const productSchema = z
  .object({
    id: z.uuid(),
    sku: z.string(),
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    price: moneySchema,
    status: productStatusSchema,
    category: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
    brand: z.string().nullable(),
    attributes: productAttributesSchema,
    images: z.array(productImageSchema),
    inStock: z.boolean().describe('Whether at least one unit is available (may lag inventory by a couple of seconds)'),
    stockQuantity: z.number().int().optional().describe('Units available; admins only (absent for everyone else)'),
    maxPerOrder: z.number().int().nullable().describe('Most units of this product one order may hold (null: no limit beyond the cart line maximum of 99)'),
    maxPerCustomer: z
      .number()
      .int()
      .nullable()
      .describe("Most units one customer may hold across their live and paid orders (cancelled and failed orders do not count; null: no limit)"),
    createdAt: z.string().describe('ISO-8601 timestamp'),
    updatedAt: z.string().describe('ISO-8601 timestamp'),
  })
  .meta({
    example: {
      id: '3f0c3f8e-1c1b-4a8e-9a53-0d6f1f5b2a10',
      sku: 'HPH-00001',
      slug: 'sonora-wireless-bluetooth-headphones-black',
      name: 'Sonora Wireless Bluetooth Headphones',
      description: 'Meet the Sonora Wireless Bluetooth Headphones, made for long flights and daily commutes.',
      price: { amount: 12999, currency: 'USD' },
      status: 'active',
      category: { id: '8a3c1d2e-5f60-4b7a-8c9d-0e1f2a3b4c5d', slug: 'headphones', name: 'Headphones' },
      brand: 'Sonora',
      attributes: { colour: 'Black', size: 'One Size', material: 'Aluminium' },
      images: [{ url: '/images/products/sonora-wireless-bluetooth-headphones-black.svg', alt: 'Sonora Wireless Bluetooth Headphones in black' }],
      inStock: true,
      maxPerOrder: null,
      maxPerCustomer: null,
      createdAt: '2026-01-01T12:00:00.000Z',
      updatedAt: '2026-01-01T12:00:00.000Z',
    },
  });
export type ProductDto = z.infer<typeof productSchema>;

/**
 * A product in a grid (list, search, byIds): the detail without `description`, which no grid
 * shows (the storefront's cards use name, brand, price, image, stock and category). Lists are
 * the hottest read; the description was most of each item's bytes.
 */
const { description: _description, ...listItemExample } = productSchema.meta()?.example as Record<string, unknown>;
export const productListItemSchema = productSchema
  .omit({ description: true })
  .meta({ description: 'A product as grids show it: the detail without `description`', example: listItemExample });
export type ProductListItem = z.infer<typeof productListItemSchema>;

const facetValueSchema = z.object({ value: z.string(), count: z.number().int() });
export const facetsSchema = z.object({
  total: z.number().int().describe('Products matching the current filters'),
  categories: z.array(z.object({ id: z.uuid(), slug: z.string(), name: z.string(), count: z.number().int() })),
  brand: z.array(facetValueSchema),
  colour: z.array(facetValueSchema),
  size: z.array(facetValueSchema),
  material: z.array(facetValueSchema),
  price: z
    .array(z.object({ min: z.number().int(), max: z.number().int().nullable(), count: z.number().int() }))
    .describe('Price bands in cents: min inclusive, max exclusive (null = no upper bound)'),
});
export type Facets = z.infer<typeof facetsSchema>;

const filterValues = (name: string) =>
  z
    .array(text().trim().min(1).max(100))
    .max(20)
    .optional()
    .describe(`Only products whose ${name} is one of these values (repeat the parameter for several)`);

export const listProductsInput = z
  .object({
    q: text().trim().max(200).optional().describe('Keywords; typos are tolerated').meta({ example: 'bluetooth headphones' }),
    category: text().trim().min(1).max(100).optional().describe('Category slug; includes its sub-categories').meta({ example: 'electronics' }),
    minPrice: z.coerce.number().int().min(0).max(MAX_PRICE).optional().describe('Minimum price in cents (inclusive)'),
    maxPrice: z.coerce.number().int().min(0).max(MAX_PRICE).optional().describe('Maximum price in cents (inclusive)'),
    brand: filterValues('brand'),
    colour: filterValues('colour'),
    size: filterValues('size'),
    material: filterValues('material'),
    inStock: z.boolean().optional().describe('true: only products in stock; false: only sold-out products'),
    sort: productSortSchema.optional().describe('Default: relevance with q, newest without'),
    limit: z.coerce.number().int().min(1).max(100).default(20).describe('Page size, 1-100'),
    cursor: text().max(512).optional().describe('nextCursor of the previous page'),
  })
  .refine((input) => input.minPrice === undefined || input.maxPrice === undefined || input.minPrice <= input.maxPrice, {
    message: 'minPrice must not exceed maxPrice',
    path: ['minPrice'],
  });
/** Parsed list input; `limit` may be omitted by in-process callers (default 20). */
export type ListProductsInput = Omit<z.output<typeof listProductsInput>, 'limit'> & { limit?: number | undefined };

export const productPageSchema = z.object({
  items: z.array(productListItemSchema),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
  facets: facetsSchema,
  correctedQuery: z.string().nullable().describe('The keywords actually searched when typos were corrected'),
});
export type ProductPage = z.infer<typeof productPageSchema>;

export const productRefInput = z.object({
  idOrSlug: text().trim().min(1).max(200).describe('Product id (uuid) or slug').meta({ example: 'sonora-wireless-bluetooth-headphones-black' }),
});

const categoryLeafSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  productCount: z.number().int().describe('Active products in this category and its sub-categories'),
});
export const categoryNodeSchema = categoryLeafSchema.extend({ children: z.array(categoryLeafSchema) });
export const categoryTreeSchema = z
  .array(categoryNodeSchema)
  .meta({
    example: [
      {
        id: '5b1f7a52-8e0c-4f0a-9d3b-7c2e1a4f6b80',
        slug: 'electronics',
        name: 'Electronics',
        productCount: 410,
        children: [{ id: '8a3c1d2e-5f60-4b7a-8c9d-0e1f2a3b4c5d', slug: 'headphones', name: 'Headphones', productCount: 82 }],
      },
    ],
  });
export type CategoryNode = z.infer<typeof categoryNodeSchema>;

const skuSchema = productSkuSchema;
const slugSchema = text().trim().min(1).max(200).regex(SLUG, 'slug must be lower-case words joined by "-"');
const priceInput = z.object({
  amount: productPriceAmountSchema,
  currency: z.literal('USD').default('USD'),
});

/** A scalping limit an admin sets: a positive whole number of units, or null to remove it. */
const quantityLimitInput = (what: string) =>
  z
    .number()
    .int(`${what} must be a whole number of units`)
    .positive(`${what} must be positive (or null for no limit)`)
    .max(1_000_000)
    .nullable();

// Refinements (not shown in the OpenAPI document): attribute names are plain words (no
// "__proto__" tricks), image URLs are our own image paths or https URLs whose host is not internal
// in any notation (image-url.ts; the service then checks the host against CATALOG_IMAGE_HOSTS).
const attributesInput = productAttributesInputSchema;
const imagesInput = z
  .array(
    productImageSchema.extend({
      url: text()
        .min(1)
        .max(2000)
        .superRefine((url, ctx) => {
          const problem = imageUrlProblem(url);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
      alt: text().max(300),
    }),
  )
  .max(10);

export const createProductInput = z
  .object({
    sku: skuSchema,
    slug: slugSchema.optional().describe('Defaults to a slug of the name'),
    name: text().trim().min(1).max(200),
    description: text().trim().max(5000).default(''),
    price: priceInput,
    category: text().trim().min(1).max(200).describe('Category id or slug'),
    brand: text().trim().min(1).max(100).nullable().optional(),
    attributes: attributesInput.optional(),
    images: imagesInput.optional(),
    status: productStatusSchema.default('active'),
    maxPerOrder: quantityLimitInput('maxPerOrder').optional().describe('Most units per order (null or absent: no limit)'),
    maxPerCustomer: quantityLimitInput('maxPerCustomer').optional().describe('Most units per customer across their live and paid orders (null or absent: no limit)'),
  })
  .meta({
    example: {
      sku: 'HPH-90001',
      name: 'Sonora Studio Headphones',
      description: 'Closed-back studio headphones.',
      price: { amount: 14999, currency: 'USD' },
      category: 'headphones',
      brand: 'Sonora',
      attributes: { colour: 'Black', size: 'One Size', material: 'Aluminium' },
    },
  });
export type CreateProductInput = z.output<typeof createProductInput>;

export const updateProductInput = z.object({
  id: z.uuid().describe('Product id'),
  sku: skuSchema.optional(),
  slug: slugSchema.optional(),
  name: text().trim().min(1).max(200).optional(),
  description: text().trim().max(5000).optional(),
  price: priceInput.optional(),
  category: text().trim().min(1).max(200).optional().describe('Category id or slug'),
  brand: text().trim().min(1).max(100).nullable().optional(),
  attributes: attributesInput.optional(),
  images: imagesInput.optional(),
  status: productStatusSchema.optional(),
  maxPerOrder: quantityLimitInput('maxPerOrder').optional().describe('Most units per order; null removes the limit'),
  maxPerCustomer: quantityLimitInput('maxPerCustomer').optional().describe('Most units per customer across their live and paid orders; null removes the limit'),
});
export type UpdateProductInput = z.output<typeof updateProductInput>;

export const productIdInput = z.object({ id: z.uuid().describe('Product id') });

/** A product as other services need it for pricing and availability (internal procedures). */
export const productSummarySchema = z.object({
  id: z.uuid(),
  sku: z.string(),
  slug: z.string(),
  name: z.string(),
  priceAmount: z.number().int().describe('Current price in cents'),
  currency: z.string(),
  status: productStatusSchema,
  image: z.string().nullable().describe('URL of the first image'),
  inStock: z.boolean(),
  available: z.number().int(),
  maxPerOrder: z.number().int().nullable().describe('Most units per order (null: no limit)'),
  maxPerCustomer: z.number().int().nullable().describe('Most units per customer across live and paid orders (null: no limit)'),
  categoryId: z.uuid().describe('Its category (promotions scoped to categories)'),
});
export type ProductSummary = z.infer<typeof productSummarySchema>;

export const productsByIdsInput = z.object({ ids: z.array(z.uuid()).min(1).max(200) });
export const productsBySkusInput = z.object({ skus: z.array(text().trim().min(1).max(64)).min(1).max(200) });
export const productSummariesSchema = z.object({ products: z.array(productSummarySchema).describe('Unknown ids/SKUs are simply absent') });

/** Internal: every product's facts a page at a time, in id order (recommendations' full sync). */
export const productFactsPageInput = z.object({
  after: z.uuid().nullable().default(null).describe('The last id of the previous page (null: from the start)'),
  limit: z.number().int().min(1).max(1_000).default(500),
});
export const productFactsSchema = z.object({
  id: z.uuid(),
  sku: z.string(),
  name: z.string(),
  description: z.string(),
  categoryId: z.uuid(),
  brand: z.string().nullable(),
  attributes: z.record(z.string(), z.string()).describe('String attributes only (others are left out)'),
  status: productStatusSchema,
  available: z.number().int(),
});
export type ProductFacts = z.infer<typeof productFactsSchema>;
export const productFactsPageSchema = z.object({
  items: z.array(productFactsSchema).describe('Every status, in id order'),
  next: z.uuid().nullable().describe('The `after` of the next page; null on the last page'),
});
export type ProductFactsPage = z.infer<typeof productFactsPageSchema>;

// ---------------------------------------------------------------------------------------------
// Storefront additions: products by ids, and the change feed for cache revalidation

export const MAX_BY_IDS = 50;

export const productsByIdsPublicInput = z.object({
  ids: z
    .array(z.uuid())
    .min(1)
    .max(MAX_BY_IDS)
    .describe(`1-${MAX_BY_IDS} product ids (REST: repeat the parameter, ?ids=<uuid>&ids=<uuid>)`),
});

export const productListSchema = z.object({
  items: z.array(productListItemSchema).describe('Active products in the order asked; unknown, draft and archived ids are absent'),
});
export type ProductList = z.infer<typeof productListSchema>;

export const CHANGES_CURSOR = /^\d{1,20}\.\d{1,20}$/;

export const changesSinceInput = z
  .object({
    cursor: text()
      .regex(CHANGES_CURSOR, 'cursor: not a cursor this endpoint returned')
      .optional()
      .describe('The `cursor` of the previous answer. Without it: no changes, only the cursor to start from'),
    limit: z.number().int().min(1).max(500).default(200).describe('1-500'),
  })
  .default({ limit: 200 });
export type ChangesSinceInput = z.output<typeof changesSinceInput>;

export const productChangeSchema = z.object({
  id: z.uuid(),
  slug: z.string().describe('The slug after the change'),
  previousSlug: z.string().nullable().describe('The slug before the change when the change renamed it'),
  kind: z.enum(['created', 'updated', 'archived', 'stock']).describe('stock: the product went in or out of stock'),
  updatedAt: z.string().describe('ISO-8601 time of the change'),
});
export type ProductChange = z.infer<typeof productChangeSchema>;

export const productChangesSchema = z.object({
  changes: z.array(productChangeSchema).describe('Oldest first; a product may appear more than once'),
  cursor: z.string().describe('Pass as `cursor` next time: nothing before it is ever reported again, nothing after it is skipped'),
  hasMore: z.boolean().describe('true when the page was full: call again with `cursor` right away'),
});
export type ProductChanges = z.infer<typeof productChangesSchema>;

// ---------------------------------------------------------------------------------------------
// Staff: the admin's product table (numbered pages, every status), restore, bulk changes

export const PRODUCT_SEARCH_SORTS = ['updated_desc', 'updated_asc', 'created_desc', 'created_asc', 'name_asc', 'name_desc', 'price_asc', 'price_desc'] as const;
export type ProductSearchSort = (typeof PRODUCT_SEARCH_SORTS)[number];

const centsFilter = z.number().int().min(0).max(MAX_PRICE);

export const searchProductsInput = z
  .object({
    q: text().trim().max(200).optional().describe('Part of the name, SKU or brand; case-insensitive').meta({ example: 'sonora' }),
    status: productStatusSchema.optional().describe('Only products in this status (default: every status)'),
    category: text().trim().min(1).max(200).optional().describe('Category id or slug; includes its sub-categories'),
    inStock: z.boolean().optional().describe('true: only products with units available; false: only sold-out ones'),
    minPrice: centsFilter.optional().describe('Price at least (cents)'),
    maxPrice: centsFilter.optional().describe('Price at most (cents)'),
    sort: z.enum(PRODUCT_SEARCH_SORTS).default('updated_desc'),
    page: pageNumberSchema.default(1),
    pageSize: pageSizeSchema.default(20),
  })
  .default({ sort: 'updated_desc', page: 1, pageSize: 20 });
export type SearchProductsInput = z.output<typeof searchProductsInput>;

export const productSearchPageSchema = numberedPageSchema(productListItemSchema);
export type ProductSearchPage = z.infer<typeof productSearchPageSchema>;

/** The most products one bulk change may touch. */
export const BULK_MAX_PRODUCTS = 500;
/** A bulk price change: at least -99.99 %, at most +1000 %, to the hundredth of a percent. */
export const BULK_PERCENT_MIN = -99.99;
export const BULK_PERCENT_MAX = 1000;

export const bulkActionSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('set_status'), status: productStatusSchema }),
    z.object({ kind: z.literal('move_category'), category: text().trim().min(1).max(200).describe('Category id or slug') }),
    z.object({
      kind: z.literal('change_price'),
      percent: z
        .number()
        .min(BULK_PERCENT_MIN)
        .max(BULK_PERCENT_MAX)
        .refine((percent) => Math.abs(percent * 100 - Math.round(percent * 100)) < 1e-6, 'percent: at most two decimals')
        .describe('Percentage to add (negative: a discount), e.g. -10 or 12.5; each new price is rounded half up to the cent'),
    }),
  ])
  .meta({ example: { kind: 'change_price', percent: -10 } });
export type BulkAction = z.output<typeof bulkActionSchema>;

const bulkIds = z.array(z.uuid()).min(1).max(BULK_MAX_PRODUCTS).describe(`1-${BULK_MAX_PRODUCTS} product ids`);

export const bulkPreviewInput = z
  .object({ ids: bulkIds, action: bulkActionSchema })
  .meta({ example: { ids: ['3f0c3f8e-1c1b-4a8e-9a53-0d6f1f5b2a10'], action: { kind: 'change_price', percent: -10 } } });
export type BulkPreviewInput = z.output<typeof bulkPreviewInput>;

const bulkStateSchema = z.object({
  status: productStatusSchema,
  category: z.object({ id: z.uuid(), name: z.string() }),
  price: moneySchema,
});

export const bulkPreviewItemSchema = z.object({
  id: z.uuid(),
  sku: z.string(),
  name: z.string(),
  updatedAt: z.string().describe('The version previewed: send it back to apply'),
  before: bulkStateSchema,
  after: bulkStateSchema.describe('As it would be (the same as before when unchanged or refused)'),
  outcome: z.enum(['change', 'unchanged', 'refused']),
  reason: z.string().nullable().describe('Why the change is refused for this product (null otherwise)'),
});
export type BulkPreviewItem = z.infer<typeof bulkPreviewItemSchema>;

export const bulkPreviewSchema = z
  .object({
    action: bulkActionSchema,
    items: z.array(bulkPreviewItemSchema).describe('One per product found, in the order asked'),
    missing: z.array(z.uuid()).describe('Ids that name no product'),
    changes: z.number().int(),
    unchanged: z.number().int(),
    refused: z.number().int(),
  })
  .meta({
    // (Each category id once: the documents' example check treats a repeated `id` as a duplicate schema id.)
    example: {
      action: { kind: 'move_category', category: 'audio' },
      items: [
        {
          id: '3f0c3f8e-1c1b-4a8e-9a53-0d6f1f5b2a10',
          sku: 'HPH-00001',
          name: 'Sonora Wireless Bluetooth Headphones',
          updatedAt: '2026-01-01T12:00:00.000Z',
          before: { status: 'active', category: { id: '8a3c1d2e-5f60-4b7a-8c9d-0e1f2a3b4c5d', name: 'Headphones' }, price: { amount: 12999, currency: 'USD' } },
          after: { status: 'active', category: { id: '5b1f7a52-8e0c-4f0a-9d3b-7c2e1a4f6b81', name: 'Audio' }, price: { amount: 12999, currency: 'USD' } },
          outcome: 'change',
          reason: null,
        },
      ],
      missing: [],
      changes: 1,
      unchanged: 0,
      refused: 0,
    },
  });
export type BulkPreview = z.infer<typeof bulkPreviewSchema>;

export const bulkApplyInput = z
  .object({
    action: bulkActionSchema,
    items: z
      .array(z.object({ id: z.uuid(), updatedAt: text().max(40).describe("The preview's updatedAt of this product") }))
      .min(1)
      .max(BULK_MAX_PRODUCTS)
      .describe('The previewed products and the versions previewed'),
  })
  .meta({ example: { action: { kind: 'change_price', percent: -10 }, items: [{ id: '3f0c3f8e-1c1b-4a8e-9a53-0d6f1f5b2a10', updatedAt: '2026-01-01T12:00:00.000Z' }] } });
export type BulkApplyInput = z.output<typeof bulkApplyInput>;

export const bulkApplySchema = z.object({
  changed: z.number().int().describe('Products changed'),
  unchanged: z.number().int().describe('Products that already were as asked'),
});
export type BulkApplyResult = z.infer<typeof bulkApplySchema>;
// Category maintenance (staff: categories:write)

export const categoryAdminSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  parentId: z.uuid().nullable().describe('null: a top-level category'),
  position: z.number().int().describe('Order among its siblings, from 0'),
  products: z.number().int().describe('Products directly in it, any status'),
  archivedProducts: z.number().int(),
  children: z.number().int().describe('Its sub-categories'),
});
export type CategoryAdmin = z.infer<typeof categoryAdminSchema>;
export const categoryAdminListSchema = z.object({
  categories: z.array(categoryAdminSchema).describe('Tree order: each top-level category followed by its sub-categories, by position'),
});
export type CategoryAdminList = z.infer<typeof categoryAdminListSchema>;

const categoryName = text().trim().min(1, 'Enter a name').max(100);
export const createCategoryInput = z.object({
  name: categoryName,
  slug: slugSchema.optional().describe('Defaults to a slug of the name'),
  parentId: z.uuid().nullable().default(null).describe('A top-level category, or null for a new top-level one'),
});
export type CreateCategoryInput = z.output<typeof createCategoryInput>;
export const updateCategoryInput = z.object({ id: z.uuid(), name: categoryName.optional(), slug: slugSchema.optional() });
export type UpdateCategoryInput = z.output<typeof updateCategoryInput>;
export const moveCategoryInput = z.object({ id: z.uuid(), parentId: z.uuid().nullable().describe('The new parent (a top-level category), or null') });
export type MoveCategoryInput = z.output<typeof moveCategoryInput>;
export const reorderCategoryInput = z.object({
  id: z.uuid(),
  position: z.number().int().min(0).max(10_000).describe('Its new index among its siblings (0 = first; past the end = last)'),
});
export type ReorderCategoryInput = z.output<typeof reorderCategoryInput>;
export const categoryIdInput = z.object({ id: z.uuid() });

// ---------------------------------------------------------------------------------------------
// Product CSV import and export (staff: products:write / products:read); the format: product-csv.ts

export const importCsvInput = z.object({
  csv: text().max(2_000_000).describe('The CSV text (header row first); at most 900 KB and 10,000 rows'),
  importId: z.uuid().optional().describe('Any uuid the caller picks to poll the progress of this apply (importProgress)'),
});
export type ImportCsvInput = z.output<typeof importCsvInput>;

export const importRowErrorSchema = z.object({
  line: z.number().int().describe('Line in the file; the header is line 1'),
  field: z.string(),
  message: z.string(),
});
export const importRowSchema = z.object({
  line: z.number().int(),
  sku: z.string(),
  name: z.string(),
  action: z.enum(['create', 'update', 'unchanged']),
  changed: z.array(z.string()).describe('For an update: the fields it changes'),
});
export const importPreviewSchema = z.object({
  total: z.number().int().describe('Data rows in the file'),
  counts: z.object({ create: z.number().int(), update: z.number().int(), unchanged: z.number().int(), invalid: z.number().int() }),
  errors: z.array(importRowErrorSchema).describe('Every problem, in line order; nothing can be applied while there is one'),
  rows: z.array(importRowSchema).describe('Valid rows, in line order'),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;
export const importResultSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});
export type ImportResult = z.infer<typeof importResultSchema>;
export const importProgressInput = z.object({ importId: z.uuid() });
export const importProgressSchema = z.object({
  state: z.enum(['unknown', 'validating', 'writing', 'done', 'failed']).describe('unknown: not running on the replica asked'),
  processed: z.number().int(),
  total: z.number().int(),
});
export type ImportProgress = z.infer<typeof importProgressSchema>;

export const exportPageInput = z.object({
  after: text().max(64).optional().describe('The `next` of the previous page'),
  limit: z.number().int().min(1).max(1_000).default(500),
  status: productStatusSchema.optional(),
  category: text().trim().min(1).max(200).optional().describe('Category slug; includes its sub-categories'),
});
export type ExportPageInput = z.output<typeof exportPageInput>;
export const exportPageSchema = z.object({
  csv: z.string().describe('CSV rows (no header) in the import format, CRLF line ends'),
  header: z.string().describe('The header row'),
  rows: z.number().int(),
  next: z.string().nullable().describe('Pass as `after` for the next page; null on the last'),
});
export type ExportPage = z.infer<typeof exportPageSchema>;
