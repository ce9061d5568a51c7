import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessTokenVerifier, AuthUser } from '../runtime/auth.js';
import { createContextFactory } from '../runtime/context.js';
import type { RawRoute } from '../runtime/domain.js';
import { DomainError, ERROR_TABLE } from '../runtime/errors.js';
import { readRawBody } from '../runtime/raw-body.js';
import { sendError, sendJson } from '../runtime/rest.js';
import { IMAGE_KEY } from './image-storage.js';
import { PRODUCT_IMAGE_PREFIX, slugFromImagePath } from './images.js';
import type { CatalogService } from './service.js';
import { MAX_UPLOAD_BYTES, UPLOAD_PREFIX, UPLOAD_PRODUCT_PREFIX, UPLOAD_RESPONSE_HEADERS, type ProductUploads } from './uploads.js';

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

// Uploaded product images (uploads.ts): the upload and the serving of the stored bytes.

function sendUploadError(res: ServerResponse, error: unknown): void {
  if (error instanceof DomainError) {
    const status = ERROR_TABLE[error.code].http;
    sendJson(res, status, { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } }, status === 503 ? { 'Retry-After': '1' } : {});
    return;
  }
  throw error;
}

/**
 * The raw route under /images/uploads/:
 * - `POST /images/uploads/products/<productId>[?alt=…]`: the body is the image's bytes (any
 *   Content-Type), with a staff Bearer token holding products:write. 201 with the stored image and
 *   the product's images (200 when it already had these bytes); 401/403, 404 unknown product,
 *   409 too many images, 413 above 5 MB, 415 not an image of an accepted type, 400 undecodable.
 * - `GET|HEAD /images/uploads/<sha256>.webp`: the stored bytes, immutable.
 */
export function uploadsRoute(uploads: ProductUploads, verifier: AccessTokenVerifier): RawRoute {
  const createContext = createContextFactory(verifier);
  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://catalog.internal');
    const path = url.pathname;
    try {
      if (path.startsWith(UPLOAD_PRODUCT_PREFIX)) {
        if (req.method !== 'POST') {
          sendError(res, 405, 'METHOD_NOT_ALLOWED', 'Method not allowed', { Allow: 'POST' });
          return;
        }
        const user = await authenticate(req, createContext);
        const productId = decodeURIComponent(path.slice(UPLOAD_PRODUCT_PREFIX.length));
        const bytes = await readRawBody(req, MAX_UPLOAD_BYTES);
        if (bytes === null) throw new DomainError('PAYLOAD_TOO_LARGE', `An image may be at most ${MAX_UPLOAD_BYTES / (1024 * 1024)} MB`, { maxBytes: MAX_UPLOAD_BYTES });
        if (bytes.length === 0) throw new DomainError('VALIDATION_FAILED', 'The request body must be the image’s bytes');
        const alt = url.searchParams.get('alt');
        if (alt !== null && alt.length > 300) throw new DomainError('VALIDATION_FAILED', 'alt: at most 300 characters');
        const result = await uploads.upload(user, productId, bytes, alt);
        sendJson(res, result.added ? 201 : 200, result);
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendError(res, 405, 'METHOD_NOT_ALLOWED', 'Method not allowed', { Allow: 'GET, HEAD' });
        return;
      }
      const key = path.slice(UPLOAD_PREFIX.length);
      const stored = IMAGE_KEY.test(key) ? await uploads.read(key) : null;
      if (!stored) {
        sendError(res, 404, 'NOT_FOUND', 'Image not found');
        return;
      }
      const etag = `"${key.split('.')[0]}"`;
      const headers = { ...UPLOAD_RESPONSE_HEADERS, etag, 'content-type': stored.contentType };
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, headers);
        res.end();
        return;
      }
      res.writeHead(200, { ...headers, 'content-length': String(stored.bytes.length) });
      res.end(req.method === 'HEAD' ? undefined : stored.bytes);
    } catch (error) {
      sendUploadError(res, error);
    }
  };
}

/**
 * The caller of a raw route, read exactly as the tRPC procedures read theirs (runtime/context.ts:
 * the Bearer token verified, and the actor, their e-mail and the request id recorded for the
 * events and audit entries the request writes).
 */
async function authenticate(req: IncomingMessage, createContext: ReturnType<typeof createContextFactory>): Promise<AuthUser> {
  const context = await createContext({ headers: req.headers, remoteAddress: req.socket.remoteAddress });
  if (context.user) return context.user;
  if (context.authUnavailable) throw new DomainError('UNAVAILABLE', context.authError ?? 'Sign-in cannot be checked right now');
  throw new DomainError('UNAUTHORIZED', context.authError ?? 'Authentication required: send a Bearer access token');
}
