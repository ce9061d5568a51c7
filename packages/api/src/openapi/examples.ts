import { productSchema, type ProductDto } from '../catalog/index.js';
import type { OperationExamples } from './generate.js';

/**
 * Hand-written examples, keyed by operationId. Request and success examples come from the zod
 * schemas' `.meta({ example })` where the domain wrote them; this table adds what a schema cannot
 * carry (path/query values, error bodies with the messages the services really produce) and
 * overrides schema examples where a table entry exists. The generator checks every example
 * against the procedure's input/output schema, so they cannot drift from the code.
 */

const USER_ID = '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11';

const passwordTooShort = { message: 'password: Password must be at least 8 characters' };
const tokenExpired = { message: 'Access token has expired' };

export const identityExamples: Record<string, OperationExamples> = {
  usersRegister: {
    errors: {
      400: passwordTooShort,
      409: { message: 'An account with this email already exists' },
    },
  },
  usersLogin: {
    request: { email: 'demo@omnicart.test', password: 'omnicart-demo' },
    errors: {
      400: { message: 'email: Invalid email address' },
      401: { message: 'Invalid email or password' },
      429: {
        message: 'Too many failed login attempts; try again in 840 seconds',
        details: { retryAfterSeconds: 840 },
      },
    },
  },
  usersRefresh: {
    errors: {
      400: { message: 'refreshToken: Refresh token is required' },
      401: { message: 'Refresh token has been revoked; sign in again' },
    },
  },
  usersMe: {
    errors: { 401: tokenExpired },
  },
  usersById: {
    parameters: { id: USER_ID },
    errors: {
      400: { message: 'id: User id must be a UUID' },
      401: tokenExpired,
      404: { message: 'User not found' },
    },
  },
  usersUpdate: {
    parameters: { id: USER_ID },
    request: { name: 'Jane Q. Doe' },
    response: {
      id: USER_ID,
      email: 'jane@example.com',
      name: 'Jane Q. Doe',
      role: 'customer',
      createdAt: '2026-01-15T09:30:00.000Z',
    },
    errors: {
      400: passwordTooShort,
      401: tokenExpired,
      403: { message: 'Only an admin can change a role' },
      404: { message: 'User not found' },
      409: { message: 'An account with this email already exists' },
    },
  },
};

/** The catalog's own product example (productSchema.meta), so both stay one example. */
const product = productSchema.meta()?.example as ProductDto;

const productNotFound = { message: `Product '${product.id}' not found` };
const adminOnly = { message: 'This operation requires the admin role' };
const authRequired = { message: 'Authentication required: send a Bearer access token' };

export const catalogExamples: Record<string, OperationExamples> = {
  catalogList: {
    parameters: { q: 'bluetooth headphnes', category: 'electronics', sort: 'relevance', limit: 20 },
    response: {
      items: [product],
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
      403: adminOnly,
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
      403: adminOnly,
      404: productNotFound,
      409: { message: 'A product with this slug already exists', details: { field: 'slug' } },
    },
  },
  catalogArchive: {
    parameters: { id: product.id },
    errors: {
      400: { message: 'id: Invalid UUID' },
      401: authRequired,
      403: adminOnly,
      404: productNotFound,
    },
  },
};
