import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RawRoute } from '../runtime/domain.js';
import { sendError } from '../runtime/rest.js';
import { PRODUCT_IMAGE_PREFIX, slugFromImagePath } from './images.js';
import type { CatalogService } from './service.js';

/**
 * Serves `/images/products/<slug>.svg` (generated, cacheable, with an ETag). Resolves to false
 * (and leaves `res` alone) for any other path, so a host can try it before its own routing.
 */
export function createImageHandler(service: Pick<CatalogService, 'productImage'>) {
  return async function handleImageRequest(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    if (!pathname.startsWith(PRODUCT_IMAGE_PREFIX)) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(res, 405, 'METHOD_NOT_ALLOWED', 'Method not allowed', { Allow: 'GET, HEAD' });
      return true;
    }
    const slug = slugFromImagePath(pathname);
    const svg = slug ? await service.productImage(slug) : null;
    if (!svg) {
      sendError(res, 404, 'NOT_FOUND', 'Image not found');
      return true;
    }
    const etag = `"${createHash('sha1').update(svg).digest('base64url')}"`;
    const headers = { etag, 'cache-control': 'public, max-age=3600', 'content-type': 'image/svg+xml; charset=utf-8' };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      res.end();
    } else {
      res.writeHead(200, { ...headers, 'content-length': String(Buffer.byteLength(svg)) });
      res.end(req.method === 'HEAD' ? undefined : svg);
    }
    return true;
  };
}

/** The raw route under `/images/`: product images, 404 for anything else there. */
export function imageRoute(service: Pick<CatalogService, 'productImage'>): RawRoute {
  const handle = createImageHandler(service);
  return async (req, res) => {
    if (!(await handle(req, res))) sendError(res, 404, 'NOT_FOUND', 'Not found');
  };
}
