import { generateKeyPairSync } from 'node:crypto';
import pg from 'pg';
import { createCatalogDb } from '@omnicart/db/catalog';
import {
  categoryNodeSchema,
  createCatalogRepository,
  createCatalogRouter,
  createCatalogService,
  facetsSchema,
  moneySchema,
  productPageSchema,
  productSchema,
} from '../catalog/index.js';
import { createIdentity } from '../identity/index.js';
import type { ServiceDocumentSpec } from './generate.js';
import { catalogExamples, identityExamples } from './examples.js';

export const DOCUMENT_VERSION = '1.0.0';

export interface LoadedSpecs {
  specs: ServiceDocumentSpec[];
  close(): Promise<void>;
}

/**
 * The published documents, built from the real routers. No database is touched: identity is
 * wired with a throwaway signing key (so it never reads its key table) and a pool that never
 * connects — only the routers' procedure definitions are read.
 */
export async function loadServiceDocumentSpecs(): Promise<LoadedSpecs> {
  const pool = new pg.Pool({ host: '127.0.0.1', port: 1, max: 1 });
  const jwtPrivateKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const identity = await createIdentity(pool, { jwtPrivateKey });
  // Construction only (no start-up work): the router is all the generator reads.
  const catalogDb = createCatalogDb(pool);
  const catalogRouter = createCatalogRouter(createCatalogService(createCatalogRepository(catalogDb)));
  const specs: ServiceDocumentSpec[] = [
    {
      file: 'user_service_api.yaml',
      title: 'OmniCart user service API',
      description: [
        'Accounts and sign-in for OmniCart (the identity service), as served by the gateway under `/api/v1`.',
        '',
        'Login returns a short-lived access token (JWT signed with EdDSA; public keys at identity\'s',
        '`/.well-known/jwks.json`) and a single-use refresh token. Send the access token as',
        '`Authorization: Bearer <token>`. Every error answers `{ "error": { "code", "message" } }`.',
        '',
        'Generated from the tRPC router (packages/api/src/identity) by `npm run openapi`; do not edit by hand.',
      ].join('\n'),
      version: DOCUMENT_VERSION,
      router: identity.router,
      operationIdPrefix: 'users',
      tags: { users: 'Registration, sign-in, token refresh and user profiles.' },
      examples: identityExamples,
    },
    {
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
      version: DOCUMENT_VERSION,
      router: catalogRouter,
      operationIdPrefix: 'catalog',
      // The catalog's schemas carry no `.meta({ id })`; naming them here keeps one copy each.
      components: {
        Product: productSchema,
        ProductPage: productPageSchema,
        Facets: facetsSchema,
        Money: moneySchema,
        CategoryNode: categoryNodeSchema,
      },
      tags: {
        products: 'Product listing, keyword search, detail and admin maintenance.',
        categories: 'The two-level category tree with active product counts.',
      },
      examples: catalogExamples,
    },
  ];
  return {
    specs,
    async close() {
      await catalogDb.$disconnect();
      await identity.stop();
      await pool.end();
    },
  };
}
