import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { createCatalogDb } from '@omnicart/db/catalog';
import { metadataOnlyService, type DomainDeps, type DomainModule, type RawRoute, type StartedDomain } from '../runtime/domain.js';
import { subscribeAvailability } from './availability.js';
import { PRODUCT_IMAGE_PREFIX, slugFromImagePath } from './images.js';
import { createCatalogRepository } from './repository.js';
import { createCatalogRouter } from './router.js';
import { createCatalogService, type CatalogService, type CatalogServiceOptions } from './service.js';

export type { CatalogRouter } from './router.js';
export type { CatalogService, CatalogServiceOptions } from './service.js';
export { createCatalogService } from './service.js';
export { createCatalogRepository } from './repository.js';
export { createCatalogRouter } from './router.js';
export { AVAILABILITY_CONSUMER, createAvailabilityHandler, subscribeAvailability } from './availability.js';
export { PRODUCT_IMAGE_PREFIX, productImagePath, renderProductSvg } from './images.js';
export * from './schemas.js';

/** Demo data entry: `seedCatalog(pool, { products })`, idempotent. */
export { seedCatalog } from '@omnicart/db/seed';

/**
 * Serves `/images/products/<slug>.svg`. Returns false (and leaves `res` alone) for any other
 * path, so a host can try it before its own routing.
 */
export function createImageHandler(service: CatalogService) {
  return async function handleImageRequest(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    if (!pathname.startsWith(PRODUCT_IMAGE_PREFIX)) return false;
    const send = (status: number, headers: Record<string, string>, body?: string) => {
      res.writeHead(status, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(405, { allow: 'GET, HEAD', 'content-type': 'application/json' }, JSON.stringify({ error: { code: 'NOT_FOUND', message: 'Method not allowed' } }));
      return true;
    }
    const slug = slugFromImagePath(pathname);
    const svg = slug ? await service.productImage(slug) : null;
    if (!svg) {
      send(404, { 'content-type': 'application/json' }, JSON.stringify({ error: { code: 'NOT_FOUND', message: 'Image not found' } }));
      return true;
    }
    const etag = `"${createHash('sha1').update(svg).digest('base64url')}"`;
    const headers = { etag, 'cache-control': 'public, max-age=3600', 'content-type': 'image/svg+xml; charset=utf-8' };
    if (req.headers['if-none-match'] === etag) send(304, headers);
    else send(200, { ...headers, 'content-length': String(Buffer.byteLength(svg)) }, svg);
    return true;
  };
}

/** The catalog domain with non-default service options (e.g. `{ cacheTtlMs: 0 }` in tests). */
export function createCatalogDomain(options: CatalogServiceOptions = {}): DomainModule {
  return {
    name: 'catalog',
    start: (deps) => startCatalog(deps, options),
    describeRouter: () => createCatalogRouter(metadataOnlyService<CatalogService>('catalog')),
  };
}

async function startCatalog({ pool, logger, events }: DomainDeps, options: CatalogServiceOptions): Promise<StartedDomain> {
  const db = createCatalogDb(pool);
  const service = createCatalogService(createCatalogRepository(db, pool), options);
  const handleImageRequest = createImageHandler(service);
  const imageRoute: RawRoute = async (req, res) => {
    if (!(await handleImageRequest(req, res))) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'Not found' } }));
    }
  };
  // The availability read model follows inventory's events (catalog.stock_levels).
  const availability = await subscribeAvailability(events, service, logger.child({ consumer: 'catalog.availability' }));
  logger.info({ domain: 'catalog' }, 'catalog domain started');
  return {
    router: createCatalogRouter(service),
    rawPrefixRoutes: { [PRODUCT_IMAGE_PREFIX]: imageRoute },
    stop: async () => {
      await availability.stop();
      await db.$disconnect();
    },
  };
}

export const catalogDomain: DomainModule = createCatalogDomain();
