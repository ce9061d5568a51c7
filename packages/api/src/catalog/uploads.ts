import { createHash } from 'node:crypto';
import type pg from 'pg';
import sharp, { type OutputInfo } from 'sharp';
import { insertOutboxRowsSql, outboxEvent, type OutboxEventRow } from '../events/index.js';
import { auditEvent } from '../runtime/audit.js';
import { requirePermission, type AuthUser } from '../runtime/auth.js';
import { DomainError } from '../runtime/errors.js';
import { catalogAudit, productUpdated } from './events.js';
import type { ImageStorage } from './image-storage.js';
import { lockProductImages, saveProductImages } from './repository.js';

/**
 * Product image uploads. Staff send an image's bytes; the type is sniffed from the bytes (the file
 * name and Content-Type are ignored), the size is limited, and every image is decoded and
 * re-encoded by sharp (libvips) into a fresh WebP: metadata (EXIF, GPS, ICC comments) is dropped,
 * the longest side is capped, and an SVG is rasterised, so no script, external reference or
 * polyglot payload survives into what we serve. The result is stored under its content hash and
 * added to the product's images (with an audit entry and `catalog.product_updated`, in one
 * transaction); GET /images/uploads/<hash>.webp serves it, immutable.
 */

export const UPLOAD_PREFIX = '/images/uploads/';
export const UPLOAD_PRODUCT_PREFIX = '/images/uploads/products/';
/** The largest upload accepted (bytes as sent); larger is 413. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
/** The longest side of a stored image (larger images are scaled down, never up). */
export const MAX_IMAGE_DIMENSION = 2000;
/** Decoding refuses images above this many pixels (a small file can declare a huge canvas). */
const MAX_INPUT_PIXELS = 50_000_000;
/** A product holds at most this many images (as catalog's update input allows). */
export const MAX_PRODUCT_IMAGES = 10;

export type ImageKind = 'png' | 'jpeg' | 'gif' | 'webp' | 'svg';

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0): boolean =>
  bytes.length >= offset + signature.length && signature.every((byte, index) => bytes[offset + index] === byte);
const ascii = (text: string): number[] => [...text].map((char) => char.charCodeAt(0));

/** The image type the bytes are, from their first bytes alone; null for anything else. */
export function sniffImageType(bytes: Uint8Array): ImageKind | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  return looksLikeSvg(bytes) ? 'svg' : null;
}

/** An XML document whose root element is <svg> (after an optional BOM, XML declaration, comments and doctype). */
function looksLikeSvg(bytes: Uint8Array): boolean {
  let head = Buffer.from(bytes.subarray(0, 4096)).toString('utf8');
  if (head.charCodeAt(0) === 0xfeff) head = head.slice(1);
  for (;;) {
    head = head.trimStart();
    const skipped = /^(?:<\?xml[^>]*\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>)/i.exec(head);
    if (!skipped) break;
    head = head.slice(skipped[0].length);
  }
  return /^<svg[\s>/]/i.test(head);
}

export interface ProcessedImage {
  bytes: Buffer;
  /** `<sha256 of bytes>.webp` */
  key: string;
  contentType: 'image/webp';
  width: number;
  height: number;
  source: ImageKind;
}

/**
 * Decodes and re-encodes an uploaded image as WebP (EXIF orientation applied, then every piece of
 * metadata dropped; the longest side capped at MAX_IMAGE_DIMENSION). Throws a DomainError: 415 for
 * bytes that are not one of the accepted types, 400 for an image that cannot be decoded.
 */
export async function processUpload(bytes: Buffer): Promise<ProcessedImage> {
  const source = sniffImageType(bytes);
  if (!source) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Upload a PNG, JPEG, WebP, GIF or SVG image (the type is read from the file’s bytes, not its name)');
  }
  let output: { data: Buffer; info: OutputInfo };
  try {
    // An SVG is rendered by librsvg from memory: no base URL, so no external file or URL is read;
    // scripts are never run. Only the rendered pixels are kept.
    output = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', ...(source === 'svg' ? { density: 144 } : {}) })
      .rotate()
      .resize({ width: MAX_IMAGE_DIMENSION, height: MAX_IMAGE_DIMENSION, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 82 })
      .toBuffer({ resolveWithObject: true });
  } catch {
    throw new DomainError('VALIDATION_FAILED', `The ${source.toUpperCase()} image could not be read: the file is damaged, or larger than ${MAX_INPUT_PIXELS.toLocaleString('en-US')} pixels`);
  }
  const key = `${createHash('sha256').update(output.data).digest('hex')}.webp`;
  return { bytes: output.data, key, contentType: 'image/webp', width: output.info.width, height: output.info.height, source };
}

export const uploadUrl = (key: string): string => `${UPLOAD_PREFIX}${key}`;

/** Where an uploaded image goes in the list: after the other uploaded (or external) images, before the generated placeholders. */
export function withUploadedImage(images: readonly ProductImage[], image: ProductImage): ProductImage[] {
  if (images.some((existing) => existing.url === image.url)) return [...images];
  const firstGenerated = images.findIndex((existing) => existing.url.startsWith('/images/products/'));
  const at = firstGenerated === -1 ? images.length : firstGenerated;
  return [...images.slice(0, at), image, ...images.slice(at)];
}

export interface ProductImage {
  url: string;
  alt: string;
}

export interface UploadResult {
  image: ProductImage & { width: number; height: number };
  images: ProductImage[];
  /** false when the product already had these exact bytes (nothing was changed). */
  added: boolean;
}

export interface ProductUploadsOptions {
  pool: Pick<pg.Pool, 'connect'>;
  storage: ImageStorage;
  /** After a committed change (the catalog's read caches and the outbox relay). */
  changed?: () => void;
}

/** Adds uploaded images to products (products:write). */
export function createProductUploads(options: ProductUploadsOptions) {
  const { pool, storage } = options;

  return {
    async upload(user: AuthUser, productId: string, bytes: Buffer, alt: string | null): Promise<UploadResult> {
      requirePermission(user, 'products:write');
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(productId)) throw new DomainError('NOT_FOUND', `Product ${productId} not found`);
      const processed = await processUpload(bytes);
      // Stored first: a key is content-addressed, so bytes left behind by a failed transaction are harmless (and reused by a retry).
      await storage.put(processed.key, processed.bytes, processed.contentType);
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const product = await lockProductImages(client, productId);
        if (!product) throw new DomainError('NOT_FOUND', `Product ${productId} not found`);
        const before = product.images ?? [];
        const image = { url: uploadUrl(processed.key), alt: (alt ?? '').trim() || product.name };
        const after = withUploadedImage(before, image);
        const added = after.length !== before.length;
        if (added && after.length > MAX_PRODUCT_IMAGES) {
          throw new DomainError('CONFLICT', `A product has at most ${MAX_PRODUCT_IMAGES} images: remove one before adding another`, { max: MAX_PRODUCT_IMAGES });
        }
        if (added) {
          await saveProductImages(client, productId, after);
          const price = { amount: product.priceAmount, currency: product.currency };
          const events: OutboxEventRow[] = [
            outboxEvent(productUpdated, {
              productId,
              sku: product.sku,
              slug: product.slug,
              name: product.name,
              categoryId: product.categoryId,
              brand: product.brand,
              changed: ['images'],
              price,
              previousPrice: price,
              status: product.status,
              previousStatus: product.status,
            }),
            auditEvent(catalogAudit, {
              entityType: 'product',
              entityId: productId,
              action: 'image_added',
              label: product.name,
              changes: [{ field: 'images', before: before.map((entry) => entry.url), after: after.map((entry) => entry.url) }],
            }),
          ];
          await client.query(insertOutboxRowsSql('catalog.outbox_events', '$1::jsonb'), [JSON.stringify(events)]);
        }
        await client.query('COMMIT');
        if (added) options.changed?.();
        return { image: { ...image, width: processed.width, height: processed.height }, images: after, added };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },

    read: (key: string) => storage.get(key),
  };
}
export type ProductUploads = ReturnType<typeof createProductUploads>;

/** What every served upload carries: it is an image and nothing else, never sniffed, never a document. */
export const UPLOAD_RESPONSE_HEADERS = {
  'cache-control': 'public, max-age=31536000, immutable',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; sandbox",
  'cross-origin-resource-policy': 'same-site',
} as const;
